import BatchLabReport
import BatchLabTracking
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BatchLabDashboard

@Suite struct DashboardSafetyTests {
    @Test func loopbackServersAnswerTheLoopbackNamesOnly() {
        #expect(Dashboard.allowedHosts(host: "127.0.0.1", port: 8080) == ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"])
        #expect(Dashboard.allowedHosts(host: "10.0.0.5", port: 9000) == ["10.0.0.5:9000"])
        #expect(Dashboard.allowedHosts(host: "fe80::1", port: 80) == ["[fe80::1]:80"])
    }

    @Test func aRequestForAnotherHostIs421() async throws {
        // HummingbirdTesting's router client sends authority "localhost".
        for (allowed, expected) in [(Set(["127.0.0.1:8080"]), HTTPResponse.Status.misdirectedRequest), (["localhost"], .ok)] {
            let app = Application(router: Dashboard(store: try sampleStore(), allowedHosts: allowed).router())
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/runs", method: .get) { response in
                    #expect(response.status == expected)
                }
            }
        }
    }

    @Test func everyResponseCarriesNosniffAndACSPAndEvery404AJSONError() async throws {
        let app = Application(router: Dashboard(store: try sampleStore()).router())
        try await app.test(.router) { client in
            for uri in ["/", "/api/runs", "/nowhere", "/api/chart.svg?runs=1"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
                    #expect(response.headers[.init("Content-Security-Policy")!]?.hasPrefix("default-src") == true)
                }
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("\"error\""))
            }
            // A page whose run is missing still gets its shell (which shows the API's message), with the status.
            try await client.execute(uri: "/runs/99", method: .get) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("data-page=\"run\""))
            }
        }
    }

    @Test func studyNamesWithSpacesAndOrphanedRunsFilter() async throws {
        let store = try sampleStore()
        var orphan = NewRun(name: "orphan", study: "lr sweep", config: RunConfig(model: "seed-cnn", optimizer: "adam",
            requestedLearningRate: 0.01, learningRate: 0.01, batchSize: 32, epochs: 3), version: "t")
        orphan.pid = Int32.max - 1
        _ = try store.createRun(orphan)
        let app = Application(router: Dashboard(store: store).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/runs?study=lr%20sweep&status=interrupted", method: .get) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let runs = try #require(body["runs"] as? [[String: Any]])
                #expect(runs.map { $0["name"] as? String } == ["orphan"])
                #expect(runs.first?["epochsDone"] as? Int == 0)
            }
        }
    }

    @Test func aReadOnlyStoreCannotBeWritten() throws {
        let writable = try sampleStore()
        let store = try SQLiteRunStore(path: writable.path, readOnly: true)
        #expect(try store.runs(study: nil).count == 3)
        #expect(throws: (any Error).self) { try store.setStatus(runID: 1, .failed, message: nil) }
        #expect(throws: StoreError.self) { try SQLiteRunStore(path: writable.path + ".missing", readOnly: true) }
    }

    @Test func longSeriesAreThinnedKeepingTheEnds() {
        let points = (0..<10_000).map { LineChart.Point(x: Double($0), y: 1) }
        let thinned = ChartQuery.thinned(points)
        #expect(thinned.count == 1_500 && thinned.first?.x == 0 && thinned.last?.x == 9_999)
        #expect(ChartQuery.thinned(Array(points.prefix(10))).count == 10)
    }
}
