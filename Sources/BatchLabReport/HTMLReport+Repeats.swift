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
            let summary = RepeatSummary(group, targetAccuracy: targetAccuracy)
            let text = { (spread: Spread?, format: String) in spread?.text(format) ?? ReportFormat.missing }
            var cells = [group.name.xmlEscaped, String(group.runs.count), text(summary.finalValAccuracy, "%.3f"),
                         text(summary.bestValAccuracy, "%.3f")]
            if target != nil {
                // Runs that never reached the target have no time: say how many did.
                let suffix = summary.reachedTarget < group.runs.count ? " (\(summary.reachedTarget) of \(group.runs.count))" : ""
                cells.append(text(summary.secondsToTarget, "%.1f") + suffix)
            }
            cells.append(text(summary.medianImagesPerSecond, "%.0f"))
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
