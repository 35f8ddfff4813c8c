import BatchLabTuning
import Foundation
import Testing
@testable import BatchLabReport

struct RangeTestChartTests {
    @Test func smoothedLossAgainstALogarithmicLearningRate() {
        let result = rangeTestResult()
        let chart = RangeTestChart.chart([("bs64", result)])
        #expect(chart.title == "LR range test" && chart.xScale == .logarithmic && chart.yScale == .linear)
        #expect(chart.xLabel == "learning rate" && chart.yLabel == "smoothed loss")
        #expect(chart.series.map(\.name) == ["bs64"])
        #expect(chart.series[0].points == zip(result.learningRates, result.smoothedLosses).map { LineChart.Point(x: $0, y: $1) })
    }

    /// One test: markers labelled "suggested", "valley" and "steepest" with the rate at two significant digits.
    @Test func marksTheSuggestionTheValleyAndTheSteepestDescent() throws {
        let result = rangeTestResult()
        let suggested = try #require(result.suggestions.descent?.learningRate)
        let valley = try #require(result.suggestions.valley?.learningRate)
        let steepest = try #require(result.suggestions.steepest?.learningRate)
        #expect(Set([suggested, valley, steepest]).count == 3)
        #expect(RangeTestChart.chart([("bs64", result)]).markers == [
            .vertical(at: suggested, label: "suggested " + String(format: "%.2g", suggested)),
            .vertical(at: valley, label: "valley " + String(format: "%.2g", valley)),
            .vertical(at: steepest, label: "steepest " + String(format: "%.2g", steepest)),
        ])
    }

    /// In the SVG each marker is a vertical line through the curve's point at the suggested
    /// rate: its x is that point's x in the series path (both placed by the same axis).
    @Test func theMarkersStandAtTheSuggestedRatesOnTheCurve() throws {
        let result = rangeTestResult()
        let svg = try #require(ParsedXML(RangeTestChart.chart([("bs64", result)]).svg()))
        let path = pathPoints(svg.all("path", class: "series").first?.attributes["d"])
        #expect(path.count == result.learningRates.count)
        // Each `<g class="marker">` holds its line, then its label.
        let lines = svg.elements.indices.filter { svg.elements[$0].name == "g" && svg.elements[$0].has(class: "marker") }
            .map { svg.elements[$0 + 1] }
        #expect(lines.count == 3)
        for (line, suggestion) in zip(lines, [result.suggestions.descent, result.suggestions.valley, result.suggestions.steepest]) {
            let rate = try #require(suggestion).learningRate
            let index = try #require(result.learningRates.firstIndex(of: rate))
            #expect(line.number("x1") == path[index].x && line.number("x2") == path[index].x)
            #expect(line.number("y1") != line.number("y2"))
        }
        #expect(svg.all("g", class: "marker").map(\.text) == [
            "suggested " + String(format: "%.2g", result.suggestions.descent!.learningRate),
            "valley " + String(format: "%.2g", result.suggestions.valley!.learningRate),
            "steepest " + String(format: "%.2g", result.suggestions.steepest!.learningRate),
        ])
    }

    /// Two tests (one per batch size): a curve each, colours in order, markers prefixed with the name.
    @Test func severalTestsNameTheirMarkers() {
        let chart = RangeTestChart.chart([("bs64", rangeTestResult(batchSize: 64)), ("bs256", rangeTestResult(batchSize: 256))],
                                         title: "Range tests")
        #expect(chart.title == "Range tests")
        #expect(chart.series.map(\.name) == ["bs64", "bs256"] && chart.series.map(\.colorIndex) == [0, 1])
        #expect(chart.markers.map(\.label).map { $0.components(separatedBy: " ").first! }
            == ["bs64:", "bs64:", "bs64:", "bs256:", "bs256:", "bs256:"])
        #expect(chart.markers.map(\.label).allSatisfy { [": suggested ", ": valley ", ": steepest "].contains(where: $0.contains) })
    }

    /// A test too short for suggestions (fastai's window needs ≥ 17 steps of 100) has no markers.
    @Test func noSuggestionNoMarker() {
        var monitor = RangeTestMonitor()
        for _ in 0..<10 { monitor.record(loss: 2) }
        let result = monitor.result(batchSize: 32)
        #expect(result.suggestions.valley == nil && result.suggestions.steepest == nil)
        #expect(RangeTestChart.chart([("short", result)]).markers.isEmpty)
    }
}
