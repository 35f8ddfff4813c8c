extension HTMLReport {
    /// The "Repeats" section, when a setting ran with several seeds: each group's mean and band
    /// per epoch, and mean ± sd of what the summary table shows per run, with the rule the
    /// findings use to call a difference real.
    func repeatsSection(_ groups: [RunGroup], charts: RunCharts) -> String {
        let target = targetAccuracy.map(ReportFormat.compact)
        var headers = ["Setting", "Seeds", "Final val acc", "Best val acc"]
        if let target { headers.append("Seconds to \(target)") }
        headers.append("Median images/s")
        let rows = groups.map { group in
            let summaries = group.runs.map { RunSummary(run: $0, targetAccuracy: targetAccuracy) }
            let spread = { (value: (RunSummary) -> Double?, format: String) in Spread(summaries.compactMap(value))?.text(format) ?? ReportFormat.missing }
            var cells = [group.name.xmlEscaped, String(group.runs.count), spread(\.finalValAccuracy, "%.3f"), spread(\.bestValAccuracy, "%.3f")]
            if target != nil {
                // Runs that never reached the target have no time: say how many did.
                let reached = summaries.compactMap(\.secondsToTarget).count
                cells.append(spread(\.secondsToTarget, "%.1f") + (reached < summaries.count ? " (\(reached) of \(summaries.count))" : ""))
            }
            cells.append(spread(\.medianImagesPerSecond, "%.0f"))
            return cells
        }
        return """
            <p>Runs that differ only by their seed are grouped: the curves show each group's mean, the shaded band \
            ± one sample standard deviation over its seeds; the table gives mean ± standard deviation. The findings \
            call two groups different when Welch's t-test (two-sided, unequal variances) gives p &lt; \(WelchTest.level), \
            and not distinguishable otherwise.</p>
            \(figures(charts.groupCharts))\(table(id: "repeats-table", headers: headers, rows: rows, textColumns: 1))
            """
    }
}
