import Foundation

/// A comparison of training runs as one self-contained HTML5 page: inline CSS and SVG charts,
/// no scripts and nothing fetched, so it opens offline.
///
/// Sections: title and findings; the recommendation (lr range tests, noise scale, steps to a
/// target against batch size) when there is evidence for one; training curves (accuracy, log loss, learning rate, images/s
/// per epoch; accuracy and loss against wall-clock time); a table of run summaries; the batch
/// size panel (median images/s and peak memory per batch size); each run's configuration.
public struct HTMLReport: Sendable {
    public var title: String
    public var runs: [ReportRun]
    /// The validation accuracy the "to target" columns and chart markers refer to.
    public var targetAccuracy: Double?
    /// Sentences written by the caller, shown as a bullet list (escaped).
    public var findings: [String]
    public var generatedAt: Date
    /// The lr range tests, noise scales and steps-to-target evidence, when the runs' studies have any.
    public var recommendation: Recommendation?

    public init(title: String, runs: [ReportRun], targetAccuracy: Double?, findings: [String], generatedAt: Date,
                recommendation: Recommendation? = nil) {
        self.title = title
        self.runs = runs
        self.targetAccuracy = targetAccuracy
        self.findings = findings
        self.generatedAt = generatedAt
        self.recommendation = recommendation
    }

    public func render() -> String {
        let charts = RunCharts(runs: runs, targetAccuracy: targetAccuracy)
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(title.xmlEscaped)</title>
        <style>
        \(ReportStyle.css)
        </style>
        </head>
        <body>

        """
        html += header()
        if let recommendation, !recommendation.isEmpty {
            html += section("recommendation", "Recommendation", recommendationSection(recommendation))
        }
        let groups = RunGroup.groups(runs)
        if RunGroup.hasRepeats(groups) { html += section("repeats", "Repeats over seeds", repeatsSection(groups, charts: charts)) }
        html += section("charts", "Training curves", figures(charts.all))
        html += section("runs", "Runs", summaryTable())
        html += section("batch-size", "Batch size", """
            <p>Bigger batches usually process more images per second and need more memory. \
            One point per batch size: the median over its runs.</p>
            \(figures([charts.throughputByBatchSize, charts.tensorMemoryByBatchSize, charts.memoryByBatchSize]))\(batchSizeTable())
            """)
        html += section("configs", "Configurations", #"<div class="runs">"# + runs.map(configTable).joined() + "</div>")
        return html + "</body>\n</html>\n"
    }

    // MARK: - Sections

    private func header() -> String {
        let target = targetAccuracy.map { " · target validation accuracy \(ReportFormat.compact($0))" } ?? ""
        let count = "\(runs.count) run\(runs.count == 1 ? "" : "s")"
        let items = findings.map { "<li>\($0.xmlEscaped)</li>" }.joined(separator: "\n")
        return """
        <header>
        <h1>\(title.xmlEscaped)</h1>
        <p class="meta">Generated \(ReportFormat.timestamp(generatedAt)) · \(count)\(target)</p>
        </header>
        <section id="findings">
        <h2>Findings</h2>
        \(findings.isEmpty ? "<p>No findings.</p>" : "<ul class=\"findings\">\n\(items)\n</ul>")
        </section>

        """
    }

    private func section(_ id: String, _ heading: String, _ body: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(heading.xmlEscaped)</h2>\n\(body)\n</section>\n"
    }

    func figures(_ charts: [LineChart]) -> String {
        let figures = charts.map { "<figure id=\"\(anchor($0.title))\">\($0.svg(standalone: false))</figure>\n" }
        return "<div class=\"charts\">\n" + figures.joined() + "</div>"
    }

    /// An id from a title: lowercase letters and digits, other runs of characters as one "-".
    private func anchor(_ title: String) -> String {
        title.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.joined(separator: "-")
    }
}
