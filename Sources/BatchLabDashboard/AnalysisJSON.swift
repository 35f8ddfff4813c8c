import BatchLabReport
import BatchLabTracking
import BatchLabTuning
import Foundation

/// An analysis in the dashboard's analysis list: what it is and, in one line, what it found.
struct AnalysisJSON: Encodable {
    var id: Int64
    var kind: String
    var name: String
    var study: String?
    var runID: Int64?
    var createdAt: Date
    var summary: String
    var settings: [String: String]

    init(_ record: AnalysisRecord) {
        id = record.id
        kind = record.kind.rawValue
        name = record.name
        study = record.study
        runID = record.runID
        createdAt = record.createdAt
        settings = record.settings
        summary = (try? Self.summary(record)) ?? "unreadable result"
    }

    /// "valley 6e-04 · steepest 0.0042 (batch 32)" or "B_simple 90 (68%: 86–95) · advice: batch 64 at lr 0.0014".
    static func summary(_ record: AnalysisRecord) throws -> String {
        switch record.kind {
        case .lrFind:
            let result = try record.decode(LRRangeTestResult.self)
            let valley = result.suggestions.valley.map { "valley \(ReportFormat.rate($0.learningRate))" } ?? "no valley"
            let steepest = result.suggestions.steepest.map { " · steepest \(ReportFormat.rate($0.learningRate))" } ?? ""
            return "\(valley)\(steepest) (batch \(result.batchSize), \(result.learningRates.count) steps)"
        case .noiseScale:
            let analysis = try record.decode(NoiseScaleAnalysis.self)
            guard let latest = analysis.latest else { return "no estimate" }
            var text = "B_simple \(NoiseScaleFindings.format(latest.bSimple)) (68%: \(NoiseScaleFindings.format(latest.interval68.low))–"
                + "\(NoiseScaleFindings.format(latest.interval68.high)))"
            if let advice = analysis.advice {
                text += " · advice: batch \(advice.recommendedBatchSize) at lr \(ReportFormat.rate(advice.recommendedLearningRate))"
            }
            return text
        }
    }

    /// The analysis's chart: loss against lr with the suggestions, or B_simple during training.
    static func chart(_ record: AnalysisRecord) throws -> LineChart {
        switch record.kind {
        case .lrFind:
            return RangeTestChart.chart([(record.name, try record.decode(LRRangeTestResult.self))])
        case .noiseScale:
            let noise = Recommendation.NoiseScale(name: record.name, analysis: try record.decode(NoiseScaleAnalysis.self))
            return Recommendation(runs: [], rangeTests: [], noiseScales: [noise]).noiseScaleChart
        }
    }
}
