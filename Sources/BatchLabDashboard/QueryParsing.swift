import BatchLabConfig
import BatchLabTracking

/// Reading ids and options from paths and query strings, refusing what does not parse with a
/// message that names the parameter.
enum QueryParsing {
    /// Compare and chart requests take at most this many runs.
    static let maximumRuns = 24

    /// A positive run id.
    static func runID(_ text: String?, name: String = "id") throws -> Int64 {
        guard let text, let id = Int64(text), id > 0 else {
            throw APIError.badRequest("\(name) must be a positive run id (got '\(text ?? "")')")
        }
        return id
    }

    /// A positive analysis id.
    static func analysisID(_ text: String?) throws -> Int64 {
        guard let text, let id = Int64(text), id > 0 else {
            throw APIError.badRequest("id must be a positive analysis id (got '\(text ?? "")')")
        }
        return id
    }

    /// `runs=1,2,3`: distinct positive ids, in order, at most `maximumRuns`.
    static func runIDs(_ text: String?) throws -> [Int64] {
        guard let text, !text.isEmpty else { throw APIError.badRequest("runs is required, e.g. runs=1,2,3") }
        var ids: [Int64] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let id = try runID(String(item), name: "each of runs")
            if !ids.contains(id) { ids.append(id) }
        }
        guard ids.count <= maximumRuns else { throw APIError.badRequest("runs takes at most \(maximumRuns) ids (got \(ids.count))") }
        return ids
    }

    /// One of `allowed`, or `fallback` when absent.
    static func choice(_ text: String?, name: String, allowed: [String], fallback: String) throws -> String {
        guard let text else { return fallback }
        guard allowed.contains(text) else {
            throw APIError.badRequest("\(name) must be one of \(allowed.joined(separator: ", ")) (got '\(text)')")
        }
        return text
    }

    /// A run status filter, when given.
    static func status(_ text: String?) throws -> RunStatus? {
        guard let text, !text.isEmpty else { return nil }
        guard let status = RunStatus(rawValue: text) else {
            let statuses = RunStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("status must be one of \(statuses) (got '\(text)')")
        }
        return status
    }

    /// `at=last|best|N` (N a positive epoch number); last when absent.
    static func epochChoice(_ text: String?) throws -> EpochChoice {
        switch text {
        case nil, "", "last": return .last
        case "best": return .best
        case let text?:
            guard let epoch = Int(text), (1...Limits.epochs).contains(epoch) else {
                throw APIError.badRequest("at must be last, best or an epoch number from 1 to \(Limits.epochs) (got '\(text)')")
            }
            return .epoch(epoch)
        }
    }
}
