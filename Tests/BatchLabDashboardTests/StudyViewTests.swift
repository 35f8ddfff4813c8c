@testable import BatchLabReport
@testable import BatchLabTracking
import BatchLabTraining
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BatchLabDashboard

/// The study page and what it reads: a study's runs overlaid and filtered, several charts in one
/// request, the run list sorted and filtered by any key, runs compared at a chosen epoch.
@Suite struct StudyViewTests {
    func withDashboard(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: Dashboard(store: try sampleStore()).router())
        try await app.test(.router) { client in try await test(client) }
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    /// The run ids of a chart's lines, in drawing order.
    func lineIDs(_ svg: String) -> [String] {
        svg.components(separatedBy: "class=\"series\"").dropFirst().compactMap { line in
            line.range(of: #"data-id="(\d+)""#, options: .regularExpression).map { String(line[$0].dropFirst(9).dropLast()) }
        }
    }

    func get(_ client: any TestClientProtocol, _ uri: String, _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await client.execute(uri: uri, method: .get) { try check($0) }
    }

    @Test func theStudyPageNeedsAStudyThatHasRuns() async throws {
        try await withDashboard { client in
            try await get(client, "/study?name=seed") { #expect($0.status == .ok && String(buffer: $0.body).contains(#"data-page="study""#)) }
            try await get(client, "/study") { #expect($0.status == .badRequest) }
            try await get(client, "/study?name=nowhere") { #expect($0.status == .notFound) }
            for asset in ["hover.js", "study.js"] {
                try await get(client, "/assets/\(asset)") { #expect($0.status == .ok && $0.headers[.contentType] == "text/javascript; charset=utf-8") }
            }
        }
    }

    @Test func aStudyChartOverlaysEveryRunTheFilterKeepsEachWithItsIdAndColour() async throws {
        try await withDashboard { client in
            try await get(client, "/api/chart.svg?study=seed&metric=val_accuracy") { response in
                let svg = String(buffer: response.body)
                #expect(self.lineIDs(svg) == ["1", "2", "3"])
                // Where the plot lies and what its axes span, for the pointer read-outs.
                #expect(svg.contains(#"data-plot="64.0 40.0 616.0 300.0""#) && svg.contains(#"data-x-axis=""#) && svg.contains(#"data-y-axis=""#))
            }
            try await get(client, "/api/chart.svg?study=seed&metric=val_accuracy&filter=batch_size=128") { response in
                let svg = String(buffer: response.body)
                #expect(self.lineIDs(svg) == ["3"])
                // Run 3 keeps its colour (the study's third) when the others are filtered out.
                #expect(svg.contains(ChartPalette.color(2)) && !svg.contains("stroke=\"\(ChartPalette.color(0))\""))
            }
            try await get(client, "/api/chart.svg?study=seed&filter=lr%3C0.01%20best_val_accuracy%3E0.5") { response in
                #expect(self.lineIDs(String(buffer: response.body)) == ["1"])
            }
            try await get(client, "/api/chart.svg?study=seed&filter=momentum=0.9") { response in
                #expect(response.status == .badRequest)
                let message = try self.json(response)["error"] as? String
                #expect(message?.hasPrefix("filter: no run has 'momentum'") == true)
            }
            try await get(client, "/api/chart.svg?study=nowhere") { #expect($0.status == .notFound) }
            try await get(client, "/api/chart.svg?study=") { #expect($0.status == .badRequest) }
        }
    }

    @Test func severalChartsComeFromOneRequest() async throws {
        try await withDashboard { client in
            try await get(client, "/api/charts?study=seed&metrics=val_accuracy,loss,lr&x=step") { response in
                #expect(response.status == .ok)
                let charts = try #require(try self.json(response)["charts"] as? [[String: String]])
                #expect(charts.map { $0["metric"] } == ["val_accuracy", "loss", "lr"])
                #expect(charts.allSatisfy { self.lineIDs($0["svg"] ?? "") == ["1", "2", "3"] })
                // Losses and the learning rate default to log scales, each chart on its own.
                #expect(charts[1]["svg"]?.contains("(log scale)") == true && charts[0]["svg"]?.contains("(log scale)") == false)
            }
            for uri in ["/api/charts?study=seed", "/api/charts?study=seed&metrics=" + Array(repeating: "loss", count: 9).joined(separator: ","),
                        "/api/charts?runs=1&metrics=loss,val_acuracy", "/api/charts?runs=1&metrics=loss&x=hour"] {
                try await get(client, uri) { #expect($0.status == .badRequest, "\(uri)") }
            }
        }
    }

    @Test func theRunListSortsAndFiltersByAnySettingOrResult() async throws {
        try await withDashboard { client in
            let ids = { (response: TestResponse) throws -> [Int] in
                try #require(try self.json(response)["runs"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
            }
            let cases: [(String, [Int])] = [
                ("filter=batch_size=128", [3]), ("filter=batch_size=32&sort=lr", [1, 2]), ("sort=batch_size&order=desc", [3, 2, 1]),
                ("sort=lr", [1, 3, 2]), ("sort=lr&order=desc", [2, 3, 1]), ("sort=best_val_accuracy&order=desc", [1, 3, 2]),
                ("sort=best", [1, 3, 2]), ("sort=newest", [3, 2, 1]), ("filter=status=diverged", [2]), ("filter=name~BATCH", [3]),
                ("filter=last_loss<1.5", [1]), ("filter=epochs_done>=2&sort=id", [1, 2]),
            ]
            for (query, expected) in cases {
                try await get(client, "/api/runs?\(query)") { response in
                    let got = try ids(response)
                    #expect(got == expected, "\(query)")
                }
            }
            try await get(client, "/api/runs") { response in
                let body = try self.json(response)
                let fields = try #require(body["fields"] as? [String])
                #expect(fields.starts(with: ["id", "name", "study", "status", "model"]) && fields.contains("batch_size"))
                #expect(fields.suffix(RunFields.resultKeys.count) == RunFields.resultKeys[...])
                let first = try #require((body["runs"] as? [[String: Any]])?.first?["fields"] as? [String: Any])
                // Numbers stay numbers in the JSON.
                #expect(first["batch_size"] as? Int == 128 && first["lr"] as? Double == 0.004 && first["model"] as? String == "seed-cnn")
            }
            for query in ["sort=worst", "filter=momentum=1", "filter=lr<fast", "order=up", "sort=a%0Ab", "filter=name=%22a%0Ab%22%20x"] {
                try await get(client, "/api/runs?\(query)") { response in
                    let message = try self.json(response)["error"] as? String
                    #expect(response.status == .badRequest && message?.contains("\n") == false, "\(query)")
                }
            }
        }
    }

    @Test func runsAreComparedAtTheirLastTheirBestOrAChosenEpoch() async throws {
        try await withDashboard { client in
            let at = { (response: TestResponse) throws -> [(Int?, Double?)] in
                try #require(try self.json(response)["at"] as? [[String: Any]]).map { point in
                    (point["epoch"] as? Int, (point["values"] as? [String: Any])?["val_accuracy"] as? Double)
                }
            }
            let cases: [(String, [(Int?, Double?)])] = [
                ("", [(3, 0.52), (2, 0.10)]), ("&at=last", [(3, 0.52), (2, 0.10)]), ("&at=best", [(3, 0.52), (1, 0.10)]),
                ("&at=1", [(1, 0.40), (1, 0.10)]), ("&at=3", [(3, 0.52), (nil, nil)]),
            ]
            for (query, expected) in cases {
                try await get(client, "/api/compare?runs=1,2\(query)") { response in
                    let got = try at(response)
                    #expect(got.map(\.0) == expected.map(\.0) && got.map(\.1) == expected.map(\.1), "\(query)")
                }
            }
            for query in ["at=0", "at=first", "at=10001", "at=-1"] {
                try await get(client, "/api/compare?runs=1,2&\(query)") { #expect($0.status == .badRequest, "\(query)") }
            }
        }
    }
}

/// The chart's x axes and step-level values, on runs built here.
@Suite struct ChartQueryTests {
    func run(id: Int64, batch: Int) -> RunRecord {
        RunRecord(id: id, name: "r\(id)", config: RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: 0.01,
                                                            learningRate: 0.01, batchSize: batch, epochs: 2),
                  status: .finished, startedAt: Date(), host: "h", pid: 1, version: "t")
    }

    func epochs() -> [EpochLogs] {
        (1...2).map { epoch in
            var logs = EpochLogs()
            logs["epoch"] = Double(epoch)
            logs["loss"] = 2 / Double(epoch)
            logs["lr"] = 0.01 / Double(epoch)
            logs["step"] = Double(100 * epoch)
            logs["seconds"] = 5
            return logs
        }
    }

    func points(_ parameters: [String: String], steps: [StepLoss] = [], batch: Int = 64) throws -> [LineChart.Point] {
        try ChartQuery(parameters).chart([(run(id: 1, batch: batch), epochs(), steps, 0)]).series[0].points
    }

    @Test func xAxesAreEpochsStepsImagesOrSeconds() throws {
        let xs = { (x: String) in try self.points(["runs": "1", "metric": "loss", "x": x]).map(\.x) }
        #expect(try xs("epoch") == [1, 2])
        #expect(try xs("step") == [100, 200])
        #expect(try xs("images") == [6_400, 12_800])
        #expect(try xs("time") == [5, 10])
    }

    @Test func lossAndLearningRateAgainstStepsComeFromEveryLoggedStep() throws {
        let steps = [StepLoss(step: 0, loss: 2.3, learningRate: 0.001), StepLoss(step: 50, loss: 2.0, learningRate: 0.0055),
                     StepLoss(step: 100, loss: 1.8, learningRate: 0.01)]
        #expect(try points(["runs": "1", "metric": "lr", "x": "step"], steps: steps).map(\.y) == [0.001, 0.0055, 0.01])
        #expect(try points(["runs": "1", "metric": "loss", "x": "images"], steps: steps, batch: 32).map(\.x) == [0, 1_600, 3_200])
        // Steps recorded before rates were kept: the epochs' rates.
        let old = steps.map { StepLoss(step: $0.step, loss: $0.loss) }
        #expect(try points(["runs": "1", "metric": "lr", "x": "step"], steps: old).map(\.y) == [0.01, 0.005])
        // Against epochs, always the epochs' values.
        #expect(try points(["runs": "1", "metric": "lr"], steps: steps).map(\.y) == [0.01, 0.005])
    }

    @Test func manyRunsShareAPointBudgetAndLoseTheirLegend() throws {
        let many = (1...400).map { (run(id: Int64($0), batch: 32), [EpochLogs](), (0..<1_000).map { StepLoss(step: $0, loss: 1) }, $0) }
        let chart = try ChartQuery(["study": "s", "metric": "loss", "x": "step"]).chart(many)
        #expect(chart.series.allSatisfy { $0.points.count == ChartQuery.pointBudget / 400 && $0.legend == nil })
        #expect(chart.series.map(\.id) == (1...400).map { String($0) })
        let few = try ChartQuery(["study": "s", "metric": "loss", "x": "step"]).chart(Array(many.prefix(3)))
        #expect(few.series.allSatisfy { $0.points.count == 1_000 && $0.legend != nil })
    }
}

/// `/api/groups`: repeats over seeds with mean ± sd, as the report's repeats table lists them.
@Suite struct RepeatsAPITests {
    @Test func runsThatDifferOnlyBySeedAreOneGroupWithItsSpread() async throws {
        let store = try sampleStore()
        // Two more seeds of the baseline (run 1: final 0.52, best 0.52), each epoch 10 s.
        for (seed, accuracies) in [(UInt64(1), [0.42, 0.50, 0.56]), (2, [0.38, 0.47, 0.51])] {
            let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: 0.001, learningRate: 0.001,
                                   batchSize: 32, epochs: 3, seed: seed)
            let id = try store.createRun(NewRun(name: "baseline (seed \(seed))", study: "seed", config: config, version: "test"))
            for (index, accuracy) in accuracies.enumerated() {
                try store.appendEpoch(runID: id, logs: epochLogs(epoch: index + 1, valAccuracy: accuracy), stepLosses: [])
            }
            try store.setStatus(runID: id, .finished, message: nil)
        }
        let app = Application(router: Dashboard(store: store).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/groups?study=seed&target=0.5", method: .get) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let groups = try #require(body["groups"] as? [[String: Any]])
                #expect(groups.map { $0["runs"] as? [Int] } == [[1, 4, 5], [2], [3]])
                let final = try #require(groups[0]["finalValAccuracy"] as? [String: Double])
                // numpy: np.mean([0.52, 0.56, 0.51]) = 0.53, np.std([0.52, 0.56, 0.51], ddof=1) = 0.02645751311064593
                #expect(abs(final["mean"]! - 0.53) < 1e-12 && abs(final["sd"]! - 0.02645751311064593) < 1e-12 && final["count"] == 3)
                // Reached 0.5 at epoch 3, 2 and 3: 30, 20, 30 s → 26.67 ± 5.773502691896257 (np.std(ddof=1)).
                let seconds = try #require(groups[0]["secondsToTarget"] as? [String: Double])
                #expect(abs(seconds["mean"]! - 80.0 / 3) < 1e-9 && abs(seconds["sd"]! - 5.773502691896257) < 1e-9)
                #expect(groups[0]["reachedTarget"] as? Int == 3 && groups[1]["reachedTarget"] as? Int == 0)
                #expect(body["targetAccuracy"] as? Double == 0.5 && (body["rule"] as? String)?.contains("Welch") == true)
            }
            try await client.execute(uri: "/api/groups?runs=1,4&target=2", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/groups?study=seed&filter=seed%3E0", method: .get) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect((body["groups"] as? [[String: Any]])?.map { $0["runs"] as? [Int] } == [[4, 5]])
                #expect(body["targetAccuracy"] is NSNull)
            }
        }
    }
}
