import BatchLabTracking
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BatchLabDashboard

/// Every route through HummingbirdTesting's in-process router client.
@Suite struct DashboardTests {
    func withDashboard(_ test: @escaping @Sendable (any TestClientProtocol, SQLiteRunStore) async throws -> Void) async throws {
        let store = try sampleStore()
        let app = Application(router: Dashboard(store: store).router())
        try await app.test(.router) { client in try await test(client, store) }
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The ids of `/api/runs`'s runs, in order.
    func ids(_ response: TestResponse) throws -> [Int?] {
        try #require(try json(response)["runs"] as? [[String: Any]]).map { $0["id"] as? Int }
    }

    @Test func pagesAreServedFromTheBinary() async throws {
        try await withDashboard { client, _ in
            for (uri, page) in [("/", "runs"), ("/runs/1", "run"), ("/compare?runs=1,2,3", "compare")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(self.text(response).contains("data-page=\"\(page)\""))
                    #expect(!self.text(response).contains("http://") && !self.text(response).contains("https://"))
                }
            }
            try await client.execute(uri: "/assets/app.js", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
        }
    }

    @Test func malformedIdsAndQueriesAre400WithAMessage() async throws {
        try await withDashboard { client, _ in
            let cases = ["/runs/abc", "/runs/-1", "/api/runs/abc", "/api/runs/0/metrics", "/compare", "/compare?runs=1,x",
                         "/api/compare?runs=", "/api/runs?status=sleeping", "/api/runs?sort=worst",
                         "/api/chart.svg?runs=1&x=hour", "/api/chart.svg?runs=1&smooth=1.5", "/api/chart.svg?runs=1&metric=a%20b",
                         "/api/chart.svg?runs=1&scale=cubic", "/api/chart.svg", "/api/chart.svg?runs=1&metric=val_acuracy",
                         "/api/compare?runs=" + (1...30).map(String.init).joined(separator: ",")]
            for uri in cases {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    if uri.hasPrefix("/api/") {
                        let body = try self.json(response)
                        #expect(body["error"] is String, "\(uri)")
                    } else {
                        // Pages answer with their shell, whose script shows the API's message.
                        #expect(self.text(response).contains("data-page="), "\(uri)")
                    }
                }
            }
        }
    }

    @Test func unknownPathsRunsAndAssetsAre404() async throws {
        try await withDashboard { client, _ in
            for uri in ["/nope", "/runs/99", "/api/runs/99", "/api/runs/99/metrics", "/compare?runs=1,99", "/api/chart.svg?runs=99",
                        "/assets/secret.txt", "/assets/..%2F..%2FPackage.swift", "/assets/../../Package.swift", "/api", "/runs"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
        }
    }

    @Test func thereAreNoWriteEndpoints() async throws {
        try await withDashboard { client, store in
            for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
                try await client.execute(uri: "/api/runs/1", method: method) { response in
                    #expect(response.status.code >= 400 && response.status.code < 500)
                }
            }
            #expect(try store.runs(study: nil).count == 3)
        }
    }

    @Test func runListFiltersAndSorts() async throws {
        try await withDashboard { client, _ in
            try await client.execute(uri: "/api/runs", method: .get) { response in
                let body = try self.json(response)
                let runs = try #require(body["runs"] as? [[String: Any]])
                #expect(runs.map { $0["id"] as? Int } == [3, 2, 1])
                #expect(runs.map { $0["status"] as? String } == ["running", "diverged", "finished"])
                #expect(body["studies"] as? [String] == ["seed"])
                #expect(runs[1]["lastLoss"] is NSNull)
            }
            try await client.execute(uri: "/api/runs?sort=best", method: .get) { response in
                let ids = try self.ids(response)
                #expect(ids == [1, 3, 2])
            }
            try await client.execute(uri: "/api/runs?status=diverged", method: .get) { response in
                let ids = try self.ids(response)
                #expect(ids == [2])
            }
            try await client.execute(uri: "/api/runs?study=other", method: .get) { response in
                let ids = try self.ids(response)
                #expect(ids.isEmpty)
            }
        }
    }

    @Test func oneRunItsConfigAndItsMetrics() async throws {
        try await withDashboard { client, _ in
            try await client.execute(uri: "/api/runs/2", method: .get) { response in
                let run = try #require(try self.json(response)["run"] as? [String: Any])
                #expect(run["name"] as? String == "lr <0.1> & \"big\"")
                #expect(run["message"] as? String == "loss became nan")
                let config = try #require(run["config"] as? [[String: String]])
                #expect(config.first { $0["key"] == "lr" }?["value"] == "0.1")
                // Where it trained: one process, not a sweep's MPI rank.
                #expect(run["hosts"] as? [String] == [ProcessInfo.processInfo.hostName] && run["mpiRanks"] is NSNull)
            }
            try await client.execute(uri: "/api/runs/2/metrics", method: .get) { response in
                let body = try self.json(response)
                let epochs = try #require(body["epochs"] as? [[String: Any]])
                #expect(epochs.count == 2 && epochs[1]["loss"] is NSNull && epochs[0]["val_accuracy"] as? Double == 0.1)
                #expect((body["steps"] as? [[String: Any]])?.count == 4)
                #expect(body["keys"] as? [String] == ["epoch", "step", "loss", "val_accuracy", "seconds"])
            }
        }
    }

    /// `group=seeds`: runs differing only by seed drawn as their mean with a ± 1 sd band, against epochs.
    @Test func chartsGroupRepeatsOverSeeds() async throws {
        try await withDashboard { client, store in
            let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: 0.001, learningRate: 0.001,
                                   batchSize: 32, epochs: 3, seed: 1)
            let repeat_ = try store.createRun(NewRun(name: "baseline (seed 1)", study: "seed", config: config, version: "test"))
            for (index, accuracy) in [0.44, 0.5, 0.56].enumerated() {
                try store.appendEpoch(runID: repeat_, logs: epochLogs(epoch: index + 1, valAccuracy: accuracy))
            }
            try await client.execute(uri: "/api/chart.svg?runs=1,\(repeat_),3&group=seeds", method: .get) { response in
                #expect(response.status == .ok)
                let svg = self.text(response)
                #expect(svg.contains(#"class="band""#) && svg.contains("baseline (mean of 2)") && svg.contains("batch 128 (mean of 1)"))
            }
            try await client.execute(uri: "/api/chart.svg?runs=1,\(repeat_)&group=seeds&x=step", method: .get) { response in
                #expect(response.status == .badRequest)
                let message = try self.json(response)["error"] as? String
                #expect(message == "group=seeds draws the mean of the seeds at each epoch: use x=epoch (got x=step)")
            }
        }
    }

    /// A run of a sweep spread over an MPI job shows the ranks and hosts that trained it.
    @Test func aRunOfASweepOnMPIRanksNamesThem() async throws {
        try await withDashboard { client, store in
            try store.setRanks(runID: 3, hosts: ["node-1", "node-2"])
            try store.setMPIRanks(runID: 3, [3, 4])
            try await client.execute(uri: "/api/runs/3", method: .get) { response in
                let run = try #require(try self.json(response)["run"] as? [String: Any])
                #expect(run["hosts"] as? [String] == ["node-1", "node-2"] && run["mpiRanks"] as? [Int] == [3, 4])
            }
        }
    }

    @Test func compareNamesTheDifferingConfigValues() async throws {
        try await withDashboard { client, _ in
            try await client.execute(uri: "/api/compare?runs=1,3", method: .get) { response in
                let body = try self.json(response)
                #expect(body["differing"] as? [String] == ["lr", "requested_lr", "batch_size"])
                #expect((body["runs"] as? [[String: Any]])?.map { $0["id"] as? Int } == [1, 3])
                #expect((body["metrics"] as? [String]) == ["step", "loss", "val_accuracy", "seconds"])
            }
        }
    }

    @Test func theChartHasOneSeriesPerRun() async throws {
        try await withDashboard { client, _ in
            try await client.execute(uri: "/api/chart.svg?runs=1,2,3&metric=val_accuracy", method: .get) { response in
                #expect(response.headers[.contentType] == "image/svg+xml; charset=utf-8")
                let svg = self.text(response)
                #expect(svg.components(separatedBy: "class=\"series\"").count - 1 == 3)
                #expect(svg.contains("data-series=\"lr &lt;0.1&gt; &amp; &quot;big&quot;\""))
            }
            try await client.execute(uri: "/api/chart.svg?runs=1&metric=loss&x=step", method: .get) { response in
                #expect(self.text(response).contains("loss against step (log scale)"))
            }
        }
    }

    @Test func aNewEpochShowsUpOnTheNextPoll() async throws {
        try await withDashboard { client, store in
            func epochsDone() async throws -> Int {
                try await client.execute(uri: "/api/runs/3/metrics", method: .get) { response in
                    try #require(try self.json(response)["epochs"] as? [[String: Any]]).count
                }
            }
            #expect(try await epochsDone() == 1)
            try store.appendEpoch(runID: 3, logs: epochLogs(epoch: 2, valAccuracy: 0.5), stepLosses: [])
            #expect(try await epochsDone() == 2)
            try await client.execute(uri: "/api/chart.svg?runs=3", method: .get) { response in
                #expect(self.text(response).contains("class=\"series\""))
            }
        }
    }
}
