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

    static func summary(_ record: AnalysisRecord) throws -> String {
        switch record.kind {
        case .lrFind: AnalysisSummary.line(try record.decode(LRRangeTestResult.self))
        case .noiseScale: AnalysisSummary.line(try record.decode(NoiseScaleAnalysis.self))
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
