import BatchLabTuning
import Foundation
import Testing
@testable import BatchLabReport

@Suite struct HTMLReportRecommendationTests {
    private func recommendation() throws -> Recommendation {
        Recommendation(runs: gridRuns() + targetRuns(), rangeTests: [.init(name: "bs64 <test>", result: rangeTestResult())],
                       noiseScales: [try noiseScale()])
    }

    private func page(_ recommendation: Recommendation?, runs: [ReportRun] = gridRuns() + targetRuns()) throws -> ParsedXML {
        let html = HTMLReport(title: "Recommendation", runs: runs, targetAccuracy: 0.5, findings: [],
                              generatedAt: Date(timeIntervalSince1970: 0), recommendation: recommendation).render()
        return try #require(ParsedXML(html), "the page is not well-formed")
    }

    @Test func theSectionComesFirstWithTheSentencesAndCharts() throws {
        let recommendation = try recommendation()
        let page = try page(recommendation)
        #expect(page.all("section").map { $0.attributes["id"] ?? "" }.prefix(3) == ["findings", "recommendation", "charts"])
        let section = try #require(page.inside("section", id: "recommendation"))
        #expect(section.all("h2").map(\.text) == ["Recommendation"])
        #expect(section.all("ul", class: "findings").count == 1)
        #expect(section.all("li").map(\.text) == recommendation.sentences)
        // Range test, noise scale, steps and time charts, each an inline SVG in its figure.
        #expect(section.all("svg").map { $0.attributes["aria-label"] ?? "" } == recommendation.charts.map(\.title))
        #expect(section.all("figure").map { $0.attributes["id"] ?? "" } == [
            "lr-range-test", "gradient-noise-scale-during-training", "steps-to-val-accuracy-0-5-against-batch-size",
            "training-time-to-val-accuracy-0-5-against-batch-size",
        ])
        #expect(section.all("h3").map(\.text) == ["Learning rate per batch size", "Noise scale: noise bs32", "Steps to val_accuracy 0.5"])
    }

    /// The range test's row: its name (escaped), batch 64, the three rates, the steps it took and
    /// why it ended, and the grid's best lr at batch 64 (0.1, val accuracy 0.7).
    @Test func rangeTestTableComparesWithTheGrid() throws {
        let result = rangeTestResult()
        let table = try #require(try page(try recommendation()).inside("table", id: "lr-find"))
        #expect(table.all("th").map(\.text) == ["LR range test", "Batch size", "Suggested", "Valley", "Steepest", "Steps (ended)",
                                                "Grid's best lr (val acc)"])
        #expect(table.all("td").map(\.text) == [
            "bs64 <test>", "64", String(format: "%.2g", result.suggestions.descent!.learningRate),
            String(format: "%.2g", result.suggestions.valley!.learningRate),
            String(format: "%.2g", result.suggestions.steepest!.learningRate),
            "\(result.learningRates.count) (\(result.stopReason!.rawValue))", "0.1 (0.7000)",
        ])
    }

    /// Eight measurements sorted by batch size then steps; the best at each size starred; the
    /// prediction (B_simple 300) and the fit both give S = 100 (1 + 300/B): 568.75 → "569".
    @Test func stepsTableListsEveryMeasurement() throws {
        let table = try #require(try page(try recommendation()).inside("table", id: "steps-to-target"))
        let rows = table.all("tr").dropFirst().map { row in row.text }
        #expect(rows.count == 8)
        let cells = table.all("td").map(\.text)
        #expect(cells.count == 8 * 8)
        // Batch 64: the best (lr 0.01, 568.75 steps, 36,400 images, 9.3 s), then lr 0.5 (900 steps).
        #expect(Array(cells[16..<24]) == ["bs64-lr0.01 ★", "64", "0.01", "569", "569", "569", "36400", "9.3"])
        #expect(Array(cells[24..<32]) == ["bs64-lr0.5", "64", "0.5", "900", "569", "569", "57600", "14.8"])
        #expect(cells.filter { $0.hasSuffix(" ★") }.count == 6)
    }

    /// The advice table marks the recommended batch (512) and the current one (32).
    @Test func noiseScaleTablesShowEstimatesAndAdvice() throws {
        let section = try #require(try page(try recommendation()).inside("section", id: "recommendation"))
        let cells = section.all("td").map(\.text)
        #expect(cells.contains("512 ◀ recommended") && cells.contains("32 (current)") && cells.contains("128"))
        #expect(cells.contains("863–941"))
        #expect(cells.contains("2 × (32, 512)"))
    }

    @Test func withoutEvidenceThereIsNoSection() throws {
        let empty = Recommendation(runs: [steadyRun()], rangeTests: [], noiseScales: [])
        #expect(empty.isEmpty)
        #expect(try page(empty, runs: [steadyRun()]).inside("section", id: "recommendation") == nil)
        #expect(try page(nil, runs: [steadyRun()]).inside("section", id: "recommendation") == nil)
    }

    @Test func chartsInTheSectionHoldNoNaN() throws {
        let html = HTMLReport(title: "t", runs: targetRuns(), targetAccuracy: 0.5, findings: [], generatedAt: Date(timeIntervalSince1970: 0),
                              recommendation: try recommendation()).render()
        let section = html.components(separatedBy: #"<section id="recommendation">"#)[1].components(separatedBy: "</section>")[0]
        let figures = section.components(separatedBy: "<figure").dropFirst().map { $0.components(separatedBy: "</figure>")[0] }
        #expect(figures.count == 4)
        for figure in figures {
            #expect(!figure.lowercased().contains("nan"))
        }
        // A missing value in a table reads NaN on purpose (run 8 logged no target_seconds).
        #expect(section.contains(#"<td class="num">NaN</td>"#))
    }
}
