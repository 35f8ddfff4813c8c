extension HTMLReport {
    /// One row per run. The "to target" columns name the target ("Epochs to 0.55") and appear
    /// only when there is one; "—" marks a value that is missing or a target never reached.
    func summaryTable() -> String {
        let target = targetAccuracy.map(ReportFormat.compact)
        var headers = ["Run", "Status", "Batch size", "Learning rate", "Final val acc", "Best val acc (epoch)"]
        if let target { headers += ["Epochs to \(target)", "Seconds to \(target)"] }
        headers += ["Median images/s", "Tensor memory (MB)", "Peak memory (MB)", "Final loss"]
        let rows = runs.map { run in
            let summary = RunSummary(run: run, targetAccuracy: targetAccuracy)
            let best = summary.bestValAccuracy.map { "\(ReportFormat.metric($0)) (\(ReportFormat.integer(summary.bestEpoch)))" }
            var cells = [run.name.xmlEscaped, ReportStyle.badge(run.status)]
            cells += [String(run.batchSize), ReportFormat.compact(run.learningRate),
                      ReportFormat.metric(summary.finalValAccuracy), best ?? ReportFormat.missing]
            if target != nil {
                cells += [ReportFormat.integer(summary.epochsToTarget), ReportFormat.seconds(summary.secondsToTarget)]
            }
            cells += [ReportFormat.whole(summary.medianImagesPerSecond), ReportFormat.whole(summary.tensorMemoryMB),
                      ReportFormat.whole(summary.peakMemoryMB),
                      ReportFormat.metric(summary.finalLoss)]
            return cells
        }
        return table(id: "summary", headers: headers, rows: rows, textColumns: 2)
    }

    /// One row per batch size: how many runs, and the medians the batch size charts plot.
    func batchSizeTable() -> String {
        let rows = BatchSizeGroup.groups(runs).map { group in
            [String(group.batchSize), String(group.runCount), ReportFormat.whole(group.medianImagesPerSecond),
             ReportFormat.whole(group.medianTensorMemoryMB), ReportFormat.whole(group.medianPeakMemoryMB)]
        }
        return table(id: "batch-sizes", headers: ["Batch size", "Runs", "Median images/s", "Median tensor memory (MB)", "Median peak memory (MB)"],
                     rows: rows, textColumns: 0)
    }

    /// A run's name, status, study and its ordered configuration entries.
    func configTable(_ run: ReportRun) -> String {
        let study = run.study.map { "<p class=\"meta\">study \($0.xmlEscaped)</p>\n" } ?? ""
        let rows = run.config.map { [$0.key.xmlEscaped, $0.value.xmlEscaped] }
        let settings = rows.isEmpty ? "<p>No configuration recorded.</p>"
            : table(id: nil, headers: ["Setting", "Value"], rows: rows, textColumns: 2)
        return "<section class=\"run\" id=\"run-\(run.id)\">\n<h3>\(run.name.xmlEscaped) \(ReportStyle.badge(run.status))</h3>\n"
            + study + settings + "\n</section>\n"
    }

    /// A table whose cells are already HTML; columns from `textColumns` on are right-aligned numbers.
    func table(id: String?, headers: [String], rows: [[String]], textColumns: Int) -> String {
        func cell(_ tag: String, _ index: Int, _ content: String) -> String {
            index < textColumns ? "<\(tag)>\(content)</\(tag)>" : "<\(tag) class=\"num\">\(content)</\(tag)>"
        }
        let head = headers.enumerated().map { cell("th", $0, $1.xmlEscaped) }.joined()
        let body = rows.map { "<tr>" + $0.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>" }.joined(separator: "\n")
        let idAttribute = id.map { " id=\"\($0)\"" } ?? ""
        return "<div class=\"table-wrap\"><table\(idAttribute)>\n<thead><tr>\(head)</tr></thead>\n"
            + "<tbody>\n\(body)\n</tbody>\n</table></div>"
    }
}
