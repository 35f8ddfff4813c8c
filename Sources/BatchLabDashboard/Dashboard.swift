import BatchLabExperiments
import BatchLabReport
import BatchLabTracking
import BatchLabTraining
import Foundation
import Hummingbird

/// The local web dashboard: pages that list, show and compare runs, the JSON API they read
/// (`/api/…`), and charts drawn by the report's SVG code — read-only over a run store that
/// training processes keep writing. Pages poll the API every 2 s while a run they show is running.
///
///     GET /                         run list                 GET /api/runs?study=&status=&filter=&sort=&order=
///     GET /runs/{id}                one run                  GET /api/runs/{id}, /api/runs/{id}/metrics
///     GET /study?name=…             a study's runs overlaid  GET /api/chart.svg?study=…&filter=&metric=&x=&scale=&smooth=
///     GET /compare?runs=1,2,3       compare runs             GET /api/compare?runs=…&at=last|best|N
///                                                            GET /api/charts?metrics=a,b&…: several charts, as JSON
///                                                            GET /api/groups?runs=…|study=…&filter=&target=: repeats over seeds
///     GET /assets/{app.js|hover.js|study.js|style.css}                         GET /api/chart.svg?runs=…&metric=&x=&scale=&smooth=&group=
///                                                            GET /api/analyses?study=, /api/analyses/{id}/chart.svg
///
/// Malformed ids and queries get 400, unknown paths and runs 404, with `{"error": "…"}` from the
/// API and the page shell (which shows the API's message) from page routes. Requests whose Host is
/// not one of `allowedHosts` get 421, so a web page cannot reach the API by DNS rebinding.
public struct Dashboard: Sendable {
    public let store: SQLiteRunStore
    /// `host:port` values accepted in the Host header; nil accepts any (tests).
    public let allowedHosts: Set<String>?
    /// What was read of ended runs, for the next request.
    let cache = EndedRunCache()

    public init(store: SQLiteRunStore, allowedHosts: Set<String>? = nil) {
        self.store = store
        self.allowedHosts = allowedHosts
    }

    /// The epoch summaries of `records`, ended runs' from the cache.
    func summaries(_ records: [RunRecord]) throws -> [Int64: EpochSummary] {
        try cache.summaries(of: records) { try store.epochSummaries(runIDs: $0) }
    }

    /// The epochs of `records` with `keys` (`SQLiteRunStore.epochs(runIDs:keys:)`), ended runs' from the cache.
    func epochs(_ records: [RunRecord], keys: [String]) throws -> [Int64: [EpochLogs]] {
        try cache.epochs(of: records, keys: keys) { try store.epochs(runIDs: $0, keys: $1) }
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
        router.get("/study") { request, _ in
            try page(Assets.studyPage) {
                guard let name = request.uri.queryParameters.get("name"), !name.isEmpty else {
                    throw APIError.badRequest("name is required: /study?name=<study>")
                }
                guard try !store.runs(study: name).isEmpty else { throw APIError.notFound("no run of study '\(name)' in the store") }
            }
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
            let parameters = Self.parameters(request)
            return try Self.json(comparison(QueryParsing.runIDs(parameters["runs"]), at: QueryParsing.epochChoice(parameters["at"])))
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
            return Self.svg(try charts([query])[0])
        }
        api.get("groups") { request, _ in try Self.json(repeats(Self.parameters(request))) }
        api.get("charts") { request, _ in
            var parameters = Self.parameters(request)
            let metrics = (parameters["metrics"] ?? "").split(separator: ",").map(String.init)
            guard (1...Self.maximumCharts).contains(metrics.count) else {
                throw APIError.badRequest("metrics must list 1 to \(Self.maximumCharts) logged values, e.g. metrics=val_accuracy,loss")
            }
            parameters["scale"] = nil
            let queries = try metrics.map { metric in
                parameters["metric"] = metric
                return try ChartQuery(parameters)
            }
            let svgs = try charts(queries).map { $0.svg(standalone: false) }
            return try Self.json(["charts": zip(metrics, svgs).map { ["metric": $0, "svg": $1] }])
        }
    }

    /// `/api/charts` draws at most this many charts at once.
    static let maximumCharts = 8

    /// The charts of `queries`, which differ only in their metric (and its scale), reading the
    /// runs and their logs once for all of them. A name BatchLab logs may have no points yet (a
    /// run just started); any other must be logged by one of the runs.
    func charts(_ queries: [ChartQuery]) throws -> [LineChart] {
        let keys = queries.flatMap(\.epochKeys).uniqued()
        let runs = try chartRuns(queries[0], keys: keys, steps: queries.contains(where: \.usesSteps))
        return try queries.map { query in
            if !ChartQuery.knownMetrics.contains(query.metric), !runs.contains(where: { $0.epochs.contains { $0[query.metric] != nil } }) {
                let logged = EpochLogs.keys(of: try runs.prefix(QueryParsing.maximumRuns).flatMap { try store.epochs(runID: $0.record.id) })
                throw APIError.badRequest("no run of \(query.runs.description) logged '\(query.metric)' "
                                          + "(logged: \(logged.filter { $0 != "epoch" }.joined(separator: ", ")))")
            }
            return query.groupsSeeds ? query.groupedChart(runs) : query.chart(runs)
        }
    }

    /// The runs a chart draws (`selected`), with their epochs, their step losses when the chart
    /// reads them, and their palette slot.
    func chartRuns(_ query: ChartQuery, keys: [String], steps readsSteps: Bool)
        throws -> [(record: RunRecord, epochs: [EpochLogs], steps: [StepLoss], color: Int)] {
        let records = try selected(query.runs)
        let epochs = try epochs(records.map(\.record), keys: keys)
        let steps = readsSteps ? try store.stepLosses(runIDs: records.map(\.record.id)) : [:]
        return records.map { ($0.record, epochs[$0.record.id] ?? [], steps[$0.record.id] ?? [], $0.color) }
    }

    /// The selected runs with their palette slot: a listed run's place in the list, a study's
    /// run's place in the study (oldest first), so filtering keeps every run's colour.
    func selected(_ selection: RunSelection) throws -> [(record: RunRecord, color: Int)] {
        switch selection {
        case .listed(let ids):
            return try ids.enumerated().map { (try record($1), $0) }
        case .study(let study, let filterText):
            let all = Array(try store.runs(study: study).reversed())
            guard !all.isEmpty else { throw APIError.notFound("no run of study '\(study)' in the store") }
            let filter = try runFilter(filterText, knownKeys: Self.fieldKeys(of: all))
            let summaries = filter.terms.isEmpty ? [:] : try summaries(all)
            return all.enumerated().filter { filter.matches(RunFields($1, summary: summaries[$1.id])) }.map { ($1, $0) }
        }
    }

    /// `/api/groups`: the selected runs grouped into repeats over seeds (`RunGroup`), each with
    /// its `RepeatSummary`; the target accuracy is `target=`, else the one the runs trained to
    /// when they share one.
    func repeats(_ parameters: [String: String]) throws -> RepeatsJSON {
        let records = try selected(RunSelection(parameters)).map(\.record)
        let target: Double?
        if let text = parameters["target"], !text.isEmpty {
            guard let value = Double(text), value > 0, value < 1 else {
                throw APIError.badRequest("target must be a validation accuracy between 0 and 1, e.g. target=0.6 (got '\(text)')")
            }
            target = value
        } else {
            let targets = Set(records.map(\.config.targetAccuracy))
            target = targets.count == 1 ? targets.first! : nil
        }
        let keys = [EpochKey.epoch, EpochKey.loss, EpochKey.valAccuracy, EpochKey.seconds, EpochKey.imagesPerSecond,
                    EpochKey.peakRSSMB, EpochKey.tensorMemoryMB]
        let epochs = try epochs(records, keys: keys)
        let groups = RunGroup.groups(records.map { ReportRun($0, epochs: epochs[$0.id] ?? []) })
        return RepeatsJSON(groups: groups.map { RepeatSummary($0, targetAccuracy: target) }, targetAccuracy: target)
    }

    /// Every key `runs` can be sorted and filtered by (`RunFields`), settings in first-seen order, then results.
    static func fieldKeys(of runs: [RunRecord]) -> [String] {
        (runs.flatMap { RunFields($0, summary: nil).keys } + RunFields.resultKeys).uniqued()
    }

    /// `filter=` parsed against `knownKeys`, a refusal as a 400 naming the filter.
    func runFilter(_ text: String, knownKeys: [String]) throws -> RunFilter {
        do {
            return try RunFilter(text, knownKeys: Set(knownKeys))
        } catch {
            throw APIError.badRequest("filter: \(error.description)")
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
        /// Every key the runs can be sorted and filtered by, settings before results.
        var fields: [String]
    }

    /// `/api/runs`: the runs of `study` with `status` that `filter` keeps, sorted by `sort` (newest,
    /// best — val_accuracy — or any field) in `order` (asc, desc); runs without the key go last.
    func runList(_ query: [String: String]) throws -> RunList {
        let study = query["study"].flatMap { $0.isEmpty ? nil : $0 }
        let status = try QueryParsing.status(query["status"])
        let all = try store.runs(study: nil)
        let summaries = try summaries(all)
        let fieldKeys = Self.fieldKeys(of: all)
        // Keys checked against the runs listed: the study's, as its charts check them.
        let filter = try runFilter(query["filter"] ?? "", knownKeys: study.map { study in Self.fieldKeys(of: all.filter { $0.study == study }) } ?? fieldKeys)
        let sort = query["sort"].flatMap { $0.isEmpty ? nil : $0 } ?? "newest"
        let key = ["newest": "id", "best": "best_val_accuracy"][sort] ?? sort
        guard fieldKeys.contains(key) || all.isEmpty else {
            throw APIError.badRequest("sort must be newest, best or a run's key (\(fieldKeys.joined(separator: ", "))); got '\(sort)'")
        }
        let descending = try QueryParsing.choice(query["order"], name: "order", allowed: ["asc", "desc"],
                                                 fallback: ["newest", "best"].contains(sort) ? "desc" : "asc") == "desc"
        var runs = all.filter { study == nil || $0.study == study }.map { ($0, RunFields($0, summary: summaries[$0.id])) }
        if let status { runs = runs.filter { $0.0.effectiveStatus == status } }
        runs = runs.filter { filter.matches($0.1) }
        runs.sort { left, right in
            switch (left.1[key], right.1[key]) {
            case let (a?, b?) where a != b: descending ? ConfigValue.ascending(b, a) : ConfigValue.ascending(a, b)
            case (.some, nil): true
            case (nil, .some): false
            default: left.0.id > right.0.id
            }
        }
        return RunList(runs: runs.map { RunSummaryJSON($0.0, epochs: summaries[$0.0.id], fields: $0.1) },
                       studies: Array(Set(all.compactMap(\.study) + (try store.analysisStudies()))).sorted(), fields: fieldKeys)
    }

    struct Comparison: Encodable {
        var runs: [RunDetailJSON]
        /// Config keys whose values differ among the runs.
        var differing: [String]
        /// Logged values present in any of the runs.
        var metrics: [String]
        /// Each run's logged values at the epoch asked for (`at=`), in the order of `runs`.
        var at: [EpochValuesJSON]
    }

    func comparison(_ ids: [Int64], at choice: EpochChoice = .last) throws -> Comparison {
        let records = try ids.map(record)
        let epochs = try records.map { try store.epochs(runID: $0.id) }
        let details = zip(records, epochs).map { RunDetailJSON($0, epochs: $1) }
        let keys = details.flatMap { $0.config.map(\.key) }.uniqued()
        let differing = keys.filter { key in Set(details.map { run in run.config.first { $0.key == key }?.value ?? "" }).count > 1 }
        let metrics = EpochLogs.keys(of: epochs.joined()).filter { $0 != "epoch" }
        return Comparison(runs: details, differing: differing, metrics: metrics, at: epochs.map { EpochValuesJSON(choice.epoch(in: $0)) })
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

private extension Sequence where Element: Hashable {
    /// The elements in first-seen order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
