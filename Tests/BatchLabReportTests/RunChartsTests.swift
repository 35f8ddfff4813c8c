import Testing
@testable import BatchLabReport

@Suite struct RunChartsTests {
    private let charts = RunCharts(runs: [steadyRun(), divergedRun()], targetAccuracy: 0.55)

    @Test func accuracyChartPairsTrainAndDashedValidationPerRunInOneColour() {
        let series = charts.accuracyByEpoch.series
        #expect(series.map(\.name) == ["bs64-lr0.01 train", "bs64-lr0.01 val", "bs64-lr1 train", "bs64-lr1 val"])
        #expect(series.map(\.dashed) == [false, true, false, true])
        #expect(series.map(\.colorIndex) == [0, 0, 1, 1])
        #expect(series[1].points.map(\.y) == [0.40, 0.52, 0.57, 0.56])
        #expect(series[1].points.map(\.x) == [1, 2, 3, 4])
        #expect(charts.accuracyByEpoch.markers == [.horizontal(at: 0.55, label: "target 0.55")])
    }

    @Test func theLegendNamesEachRunOnceAndKeysTheLineStyles() throws {
        let svg = try #require(ParsedXML(charts.accuracyByEpoch.svg()))
        #expect(svg.all("g", class: "legend-item").map(\.text)
                == ["bs64-lr0.01", "bs64-lr1", "solid: training", "dashed: validation"])
        #expect(svg.all("path", class: "series").count == 4)
    }

    @Test func timeChartsUseCumulativeSeconds() {
        #expect(charts.accuracyByTime.series[1].points.map(\.x) == [10, 21, 33, 42])
        #expect(charts.lossByTime.series[0].points.map(\.x) == [10, 21, 33, 42])
    }

    @Test func lossAndLearningRateUseALogAxis() {
        #expect(charts.lossByEpoch.yScale == .logarithmic && charts.lossByTime.yScale == .logarithmic)
        #expect(charts.learningRateByEpoch.yScale == .logarithmic)
        #expect(charts.accuracyByEpoch.yScale == .linear && charts.throughputByEpoch.yScale == .linear)
    }

    @Test func aDivergedRunsLossNeverReachesTheSVG() {
        let svg = charts.lossByEpoch.svg()
        #expect(!svg.lowercased().contains("nan") && !svg.contains("inf"))
        #expect(ParsedXML(svg) != nil)
    }

    @Test func batchSizeChartsPlotOnePointPerBatchSizeOnALog2Axis() {
        let runs = [steadyRun(), divergedRun(), steadyRun(id: 7, name: "bs128", batchSize: 128)]
        let chart = RunCharts(runs: runs, targetAccuracy: nil).throughputByBatchSize
        #expect(chart.xScale == .binaryLogarithmic)
        #expect(chart.series.count == 1 && chart.series[0].showsPoints)
        #expect(chart.series[0].points == [.init(x: 64, y: 1050), .init(x: 128, y: 1150)])
        #expect(RunCharts(runs: runs, targetAccuracy: nil).memoryByBatchSize.series[0].points.map(\.y) == [555, 620])
    }
}
