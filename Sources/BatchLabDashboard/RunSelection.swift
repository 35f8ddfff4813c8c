/// The runs a chart or a table is about (`runs=1,2,3`, or `study=S&filter=F`): listed, or every
/// run of a study that the filter keeps (`RunFilter`).
enum RunSelection: Equatable, CustomStringConvertible {
    case listed([Int64])
    case study(String, filter: String)

    init(_ parameters: [String: String]) throws {
        if let study = parameters["study"], parameters["runs"] == nil {
            guard !study.isEmpty else { throw APIError.badRequest("study must name a study, e.g. study=seed") }
            self = .study(study, filter: parameters["filter"] ?? "")
        } else {
            self = .listed(try QueryParsing.runIDs(parameters["runs"]))
        }
    }

    /// As an error message names them.
    var description: String {
        switch self {
        case .listed(let ids): ids.map(String.init).joined(separator: ", ")
        case .study(let study, let filter): "study '\(study)'\(filter.isEmpty ? "" : " kept by the filter")"
        }
    }
}
