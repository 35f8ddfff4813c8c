import BatchLabTuning
import Testing
@testable import BatchLabReport

/// Tolerance: 1e-9 relative for points on fitted curves (fits to exact data).
struct RecommendationChartsTests {
    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * abs(b) }

    private func recommendation() throws -> Recommendation {
        Recommendation(runs: targetRuns(), rangeTests: [.init(name: "bs64", result: rangeTestResult())], noiseScales: [try noiseScale()])
    }

    @Test func oneChartPerKindOfEvidence() throws {
        #expect(try recommendation().charts.map(\.title) == [
            "LR range test", "Gradient noise scale during training", "Steps to val_accuracy 0.5 against batch size",
            "Training time to val_accuracy 0.5 against batch size",
        ])
        // Without target_seconds there is no time chart; without range tests or noise scales, only steps.
        let untimed = targetBatchSizes.enumerated().map { index, batchSize in
            targetRun(id: Int64(index), batchSize: batchSize, learningRate: 0.01, steps: modelSteps(batchSize), logsSeconds: false)
        }
        #expect(Recommendation(runs: untimed, rangeTests: [], noiseScales: []).charts.map(\.title)
            == ["Steps to val_accuracy 0.5 against batch size"])
    }

    /// Best per batch size, the other lrs (batch 64 at 900 steps, 128 at 400, by batch size),
    /// B_simple 300's prediction with its two asymptotes, and the fit; both axes logarithmic.
    @Test func stepsChartShowsMeasurementsPredictionAndFit() throws {
        let recommendation = try recommendation()
        let chart = recommendation.stepsChart(try #require(recommendation.stepsToTarget))
        #expect(chart.xScale == .binaryLogarithmic && chart.yScale == .logarithmic)
        #expect(chart.series.map(\.name) == [
            "measured (best lr per batch size)", "other learning rates", "predicted from B_simple 300",
            "perfect scaling S_min·B_noise/B", "S_min (diminishing returns)", "fit: S_min 100, B_noise 300",
        ])
        #expect(chart.series[0].points == targetBatchSizes.map { LineChart.Point(x: Double($0), y: modelSteps($0)) })
        #expect(chart.series[1].points == [LineChart.Point(x: 64, y: 900), LineChart.Point(x: 128, y: 400)])
        // Curves: 41 points from batch 16 to 512, geometrically spaced (ratio 32^(1/40)).
        let predicted = chart.series[2].points
        #expect(predicted.count == 41 && predicted.first?.x == 16 && close(predicted.last!.x, 512))
        #expect(predicted.allSatisfy { close($0.y, 100 * (1 + 300 / $0.x)) })
        #expect(chart.series[3].points.allSatisfy { close($0.y, 100 * 300 / $0.x) })
        #expect(chart.series[4].points.allSatisfy { close($0.y, 100) })
        #expect(chart.series[5].points.allSatisfy { close($0.y, 100 * (1 + 300 / $0.x)) })
        #expect(chart.series.map(\.dashed) == [false, false, false, true, true, true])
        #expect(chart.markers == [.vertical(at: 300, label: "B_simple")])
    }

    @Test func timeChartShowsTheBestRunsSeconds() throws {
        let recommendation = try recommendation()
        let chart = recommendation.timeChart(try #require(recommendation.stepsToTarget))
        #expect(chart.series.count == 1)
        #expect(chart.series[0].points == targetBatchSizes.map {
            LineChart.Point(x: Double($0), y: modelSteps($0) * secondsPerStep($0))
        })
    }

    /// Per analysis: B_simple at each step (50, 300, 900 at steps 0, 200, 400) with its 68%
    /// interval as two dashed series sharing its colour and one legend entry.
    @Test func noiseScaleChartHasTheEstimateAndItsInterval() throws {
        let recommendation = Recommendation(runs: [], rangeTests: [],
                                            noiseScales: [try noiseScale(name: "a"), try noiseScale(name: "b")])
        let chart = recommendation.noiseScaleChart
        #expect(chart.yScale == .logarithmic)
        #expect(chart.series.map(\.name) == ["a", "a 68% low", "a 68% high", "b", "b 68% low", "b 68% high"])
        #expect(chart.series.map(\.colorIndex) == [0, 0, 0, 1, 1, 1])
        #expect(chart.series.map(\.legend) == ["a", nil, "68% bootstrap interval", "b", nil, "68% bootstrap interval"])
        #expect(chart.series[0].points == [.init(x: 0, y: 50), .init(x: 200, y: 300), .init(x: 400, y: 900)])
        let estimates = try noiseAnalysis().estimates
        #expect(chart.series[1].points.map(\.y) == estimates.map(\.interval68.low))
        #expect(chart.series[2].points.map(\.y) == estimates.map(\.interval68.high))
        #expect(zip(chart.series[1].points, chart.series[2].points).allSatisfy { $0.y <= $1.y })
    }
}

/// `batchlab scale`'s prediction in the report: a chart of time against machines per network,
/// perfect scaling dashed, a marker where adding machines stops paying; a sentence per network.
@Suite struct ScalingChartTests {
    let prediction = ScalingPrediction(
        model: "seed-cnn", batchSize: 512, threadsPerMachine: 2, gradientBytes: 4e6,
        compute: [512: 0.1, 256: 0.05, 128: 0.025, 64: 0.0125],
        networks: [.init(name: "1 Gbit/s", allreduce: RingAllreduce(gigabitsPerSecond: 1, latency: 25e-6)),
                   .init(name: "100 Gbit/s", allreduce: RingAllreduce(gigabitsPerSecond: 100, latency: 25e-6))],
        machines: [1, 2, 4, 8], stepsToTarget: 1_000, target: 0.5)

    @Test func chartAndSentences() throws {
        let recommendation = Recommendation(runs: [], rangeTests: [], noiseScales: [], scalings: [.init(name: "p", prediction: prediction)])
        #expect(!recommendation.isEmpty)
        let chart = try #require(recommendation.charts.first)
        #expect(chart.title == "seed-cnn, batch 512: time to val_accuracy 0.5 against machines" && chart.xScale == .binaryLogarithmic)
        #expect(chart.series.map(\.name) == ["1 Gbit/s", "100 Gbit/s", "perfect scaling"])
        #expect(chart.series[2].points.map(\.y) == [100, 50, 25, 12.5] && chart.series[2].dashed)
        // 1 Gbit/s stops paying after 4 machines (4 → 8 saves 5.9 %), 100 Gbit/s pays to 8.
        #expect(chart.markers.map(\.value) == [4, 8] && chart.markers.map(\.label) == ["worth it: 1 Gbit/s", "worth it: 100 Gbit/s"])
        #expect(recommendation.sentences.count == 2 && recommendation.sentences[0].hasPrefix("1 Gbit/s: batch 512 is worth 4 machines"))
        #expect(AnalysisSummary.line(prediction) == "seed-cnn, batch 512: worth 4 machines on 1 Gbit/s, 8 on 100 Gbit/s")
    }
}
