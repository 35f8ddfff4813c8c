import Foundation
import Testing
@testable import BatchLabReport

@Suite struct HTMLReportTests {
    private let findings = [#"Batch 64 reached 0.55 first & "fastest" (< 40 s)."#, "lr 1 diverged."]
    private var html: String {
        HTMLReport(title: "Batch size study", runs: [steadyRun(), divergedRun()], targetAccuracy: 0.55,
                   findings: findings, generatedAt: Date(timeIntervalSince1970: 1_700_000_000)).render()
    }

    private func page() throws -> ParsedXML { try #require(ParsedXML(html), "the page is not well-formed") }

    @Test func isOneWellFormedHTML5PageWithNothingToFetch() throws {
        let html = html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        #expect(try page().all("style").count == 1)
    }

    @Test func headerShowsTitleTimeRunCountAndEscapedFindings() throws {
        let page = try page()
        #expect(page.all("h1").map(\.text) == ["Batch size study"])
        let meta = try #require(page.all("p", class: "meta").first?.text)
        #expect(meta.contains("2023-11-14 22:13:20 UTC") && meta.contains("2 runs"))
        #expect(page.all("li").map(\.text) == findings)
    }

    @Test func accuracyChartHasATrainAndValidationSeriesPerRun() throws {
        let page = try page()
        let svgs = page.all("svg")
        #expect(svgs.count == 9)
        #expect(svgs.first?.attributes["aria-label"] == "Accuracy per epoch")
        let charts = try #require(page.inside("section", id: "charts"))
        let firstChart = try #require(charts.inside("figure", id: "accuracy-per-epoch"))
        let names = firstChart.all("path", class: "series").compactMap { $0.attributes["data-series"] }
        #expect(names == ["bs64-lr0.01 train", "bs64-lr0.01 val", "bs64-lr1 train", "bs64-lr1 val"])
    }

    @Test func chartsNeverContainNaN() throws {
        for figure in html.components(separatedBy: "<figure").dropFirst() {
            let svg = figure.components(separatedBy: "</figure>")[0]
            #expect(!svg.lowercased().contains("nan"))
        }
    }

    @Test func summaryTableHasARowPerRunAndNamesTheTarget() throws {
        let table = try #require(try page().inside("table", id: "summary"))
        let headers = table.all("th").map(\.text)
        #expect(headers.contains("Epochs to 0.55") && headers.contains("Seconds to 0.55"))
        let rows = table.all("tr").dropFirst().map(\.text)
        #expect(rows.count == 2 && rows[1].hasPrefix("bs64-lr1"))
        let cells = table.all("td").map(\.text)
        #expect(cells.count == 2 * headers.count)
        #expect(cells.prefix(headers.count) == ["bs64-lr0.01", "finished", "64", "0.01", "0.5600", "0.5700 (3)", "3", "33.0",
                                                "1150", "42", "620", "1.0000"])
        #expect(table.all("span", class: "status-diverged").map(\.text) == ["diverged"])
        #expect(cells.suffix(headers.count) == ["bs64-lr1", "diverged", "64", "1", "0.1200", "0.1200 (2)", "—", "—",
                                                "950", "30", "490", "NaN"])
    }

    @Test func withoutATargetThereAreNoTargetColumns() throws {
        let html = HTMLReport(title: "t", runs: [steadyRun()], targetAccuracy: nil, findings: [],
                              generatedAt: Date(timeIntervalSince1970: 0)).render()
        let page = try #require(ParsedXML(html))
        #expect(!page.all("th").contains { $0.text.contains(" to ") })
        #expect(page.all("p").contains { $0.text == "No findings." })
    }

    @Test func batchSizePanelAndConfigTablesArePresent() throws {
        let page = try page()
        let panel = try #require(page.all("section").first { $0.attributes["id"] == "batch-size" })
        #expect(panel.text.contains("Throughput against batch size") && panel.text.contains("Peak memory against batch size"))
        let config = try #require(page.all("section", class: "run").first { $0.attributes["id"] == "run-1" })
        #expect(config.text.contains("optimizer") && config.text.contains("sgd") && config.text.contains("momentum"))
    }

    @Test func rendersWellFormedWithNoRunsAndNotesAMissingConfiguration() throws {
        let empty = try #require(ParsedXML(HTMLReport(title: "t", runs: [], targetAccuracy: 0.5, findings: [],
                                                      generatedAt: Date()).render()))
        #expect(empty.all("text", class: "no-data").count == 9)
        var bare = divergedRun()
        bare.config = []
        let page = try #require(ParsedXML(HTMLReport(title: "t", runs: [bare], targetAccuracy: nil, findings: [],
                                                     generatedAt: Date()).render()))
        let section = try #require(page.inside("section", id: "run-2"))
        #expect(section.all("p").map(\.text) == ["No configuration recorded."])
    }
}
