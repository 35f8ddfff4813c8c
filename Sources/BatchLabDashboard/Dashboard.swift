import BatchLabReport
import BatchLabTracking
import BatchLabTraining
import Foundation
import Hummingbird

/// The local web dashboard: pages that list, show and compare runs, the JSON API they read
/// (`/api/…`), and charts drawn by the report's SVG code — read-only over a run store that
/// training processes keep writing. Pages poll the API every 2 s while a run they show is running.
///
///     GET /                         run list                 GET /api/runs?study=&status=&sort=best|newest
///     GET /runs/{id}                one run                  GET /api/runs/{id}, /api/runs/{id}/metrics
///     GET /compare?runs=1,2,3       compare runs             GET /api/compare?runs=…
///     GET /assets/{app.js|style.css}                         GET /api/chart.svg?runs=…&metric=&x=&scale=&smooth=
///                                                            GET /api/analyses?study=, /api/analyses/{id}/chart.svg
///
/// Malformed ids and queries get 400, unknown paths and runs 404, with `{"error": "…"}` from the
/// API and the page shell (which shows the API's message) from page routes. Requests whose Host is
/// not one of `allowedHosts` get 421, so a web page cannot reach the API by DNS rebinding.
public struct Dashboard: Sendable {
    public let store: SQLiteRunStore
    /// `host:port` values accepted in the Host header; nil accepts any (tests).
    public let allowedHosts: Set<String>?

    public init(store: SQLiteRunStore, allowedHosts: Set<String>? = nil) {
        self.store = store
        self.allowedHosts = allowedHosts
    }

    /// The Host values a server listening on `host:port` answers: that address, and the loopback
    /// names when it is a loopback address.
    public static func allowedHosts(host: String, port: Int) -> Set<String> {
        let loopback = ["127.0.0.1", "localhost", "[::1]"]
        let names = loopback.contains(host) || host == "::1" ? loopback : [host.contains(":") ? "[\(host)]" : host]
        return Set(names.map { "\($0):\(port)".lowercased() })
    }

    /// The routes, for an `Application` or a test.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: DashboardMiddleware(allowedHosts: allowedHosts))
        router.get("/") { _, _ in Self.respond(Assets.runListPage) }
        router.get("/runs/:id") { _, context in
            try page(Assets.runPage) { _ = try record(QueryParsing.runID(context.parameters.get("id"))) }
        }
        router.get("/compare") { request, _ in
            try page(Assets.comparePage) {
                for id in try QueryParsing.runIDs(request.uri.queryParameters.get("runs")) { _ = try record(id) }
            }
        }
        router.get("/assets/:name") { _, context in
            guard let asset = context.parameters.get("name").flatMap({ Assets.files[$0] }) else {
                throw APIError.notFound("no such asset")
            }
            return Self.respond(asset)
        }
        addAPI(to: router)
        return router
    }

    private func addAPI(to router: Router<BasicRequestContext>) {
        let api = router.group("api")
        api.get("runs") { request, _ in try Self.json(runList(Self.parameters(request))) }
        api.get("runs/:id") { _, context in
            let run = try record(QueryParsing.runID(context.parameters.get("id")))
            return try Self.json(["run": RunDetailJSON(run, epochs: try store.epochs(runID: run.id))])
        }
        api.get("runs/:id/metrics") { _, context in
            let run = try record(QueryParsing.runID(context.parameters.get("id")))
            return try Self.json(MetricsJSON(epochs: try store.epochs(runID: run.id), steps: try store.stepLosses(runID: run.id)))
        }
        api.get("compare") { request, _ in
            try Self.json(comparison(QueryParsing.runIDs(request.uri.queryParameters.get("runs"))))
        }
        api.get("analyses") { request, _ in
            let study = Self.parameters(request)["study"].flatMap { $0.isEmpty ? nil : $0 }
            return try Self.json(["analyses": try store.analyses(study: study, kind: nil).map(AnalysisJSON.init)])
        }
        api.get("analyses/:id/chart.svg") { _, context in
            let id = try QueryParsing.analysisID(context.parameters.get("id"))
            guard let record = try store.analysis(id: id) else {
                throw APIError.notFound("no analysis \(id) in the store")
            }
            guard let chart = try record.chart() else { throw APIError.notFound("analysis \(id) is one number, with no chart") }
            return Self.svg(chart)
        }
        api.get("chart.svg") { request, _ in
            let query = try ChartQuery(Self.parameters(request))
            let runs = try query.runs.map { id in
                let run = try record(id)
                return (run, try store.epochs(runID: id), query.x == .step ? try store.stepLosses(runID: id) : [])
            }
            // A name BatchLab logs may have no points yet (a run just started); any other must be logged by a run.
            let logged = EpochLogs.keys(of: runs.flatMap(\.1))
            guard ChartQuery.knownMetrics.contains(query.metric) || logged.contains(query.metric) else {
                throw APIError.badRequest("no run of \(query.runs.map(String.init).joined(separator: ", ")) logged '\(query.metric)' "
                                          + "(logged: \(logged.filter { $0 != "epoch" }.joined(separator: ", ")))")
            }
            return Self.svg(query.groupsSeeds ? query.groupedChart(runs) : query.chart(runs))
        }
    }

    /// The page shell, with the status of `check`'s refusal when it throws (the page shows the API's message).
    func page(_ asset: Assets.Asset, check: () throws -> Void) throws -> Response {
        var response = Self.respond(asset)
        do {
            try check()
        } catch let error as APIError {
            response.status = error.status
        }
        return response
    }

    // MARK: - Queries

    func record(_ id: Int64) throws -> RunRecord {
        guard let run = try store.run(id: id) else { throw APIError.notFound("no run \(id) in the store") }
        return run
    }

    struct RunList: Encodable {
        var runs: [RunSummaryJSON]
        var studies: [String]
    }

    func runList(_ query: [String: String]) throws -> RunList {
        let study = query["study"].flatMap { $0.isEmpty ? nil : $0 }
        let status = try QueryParsing.status(query["status"])
        let sort = try QueryParsing.choice(query["sort"], name: "sort", allowed: ["newest", "best"], fallback: "newest")
        let all = try store.runs(study: nil)
        let summaries = try store.epochSummaries()
        var runs = all.filter { study == nil || $0.study == study }.map { RunSummaryJSON($0, epochs: summaries[$0.id]) }
        if let status { runs = runs.filter { $0.status == status.rawValue } }
        if sort == "best" {
            runs.sort { ($0.bestValAccuracy ?? -1, $0.id) > ($1.bestValAccuracy ?? -1, $1.id) }
        }
        return RunList(runs: runs, studies: Array(Set(all.compactMap(\.study) + (try store.analysisStudies()))).sorted())
    }

    struct Comparison: Encodable {
        var runs: [RunDetailJSON]
        /// Config keys whose values differ among the runs.
        var differing: [String]
        /// Logged values present in any of the runs.
        var metrics: [String]
    }

    func comparison(_ ids: [Int64]) throws -> Comparison {
        let records = try ids.map(record)
        let epochs = try records.map { try store.epochs(runID: $0.id) }
        let details = zip(records, epochs).map { RunDetailJSON($0, epochs: $1) }
        let keys = details.flatMap { $0.config.map(\.key) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let differing = keys.filter { key in Set(details.map { run in run.config.first { $0.key == key }?.value ?? "" }).count > 1 }
        let metrics = EpochLogs.keys(of: epochs.joined()).filter { $0 != "epoch" }
        return Comparison(runs: details, differing: differing, metrics: metrics)
    }

    // MARK: - Responses

    static func parameters(_ request: Request) -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        return parameters
    }

    static func respond(_ asset: Assets.Asset) -> Response {
        Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    static func svg(_ chart: LineChart) -> Response {
        var response = respond(Assets.Asset(bytes: Array(chart.svg().utf8), contentType: "image/svg+xml; charset=utf-8"))
        // Opened on its own, the SVG may run nothing and load nothing.
        response.headers[.init("Content-Security-Policy")!] = "default-src 'none'"
        return response
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
