import BatchLabExperiments
import BatchLabTracking
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
    var hasChart: Bool

    init(_ record: AnalysisRecord) {
        id = record.id
        kind = record.kind.rawValue
        name = record.name
        study = record.study
        runID = record.runID
        createdAt = record.createdAt
        settings = record.settings
        summary = (try? record.summary()) ?? "unreadable result"
        hasChart = record.hasChart
    }
}
