import BatchLabReport
import BatchLabTracking
import Foundation
import NIOCore
import HTTPTypes
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
        orphan.process.pid = Int32.max - 1
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

/// What a client on the network may send: a second Host, nothing at all, a request a byte at a time.
@Suite struct DashboardConnectionTests {
    @Test func aRequestWithASecondHostHeaderIs400() async throws {
        let app = Application(router: Dashboard(store: try sampleStore(), allowedHosts: ["localhost"]).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get, headers: [HTTPField.Name("Host")!: "evil.example:80"]) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("one Host header (got 2)"))
            }
        }
    }

    @Test func aMetricNoRunLoggedIs400ButAKnownOneWithoutPointsIsAnEmptyChart() async throws {
        let app = Application(router: Dashboard(store: try sampleStore()).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/chart.svg?runs=1&metric=val_acc", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("no run of 1 logged 'val_acc' (logged: "))
            }
            try await client.execute(uri: "/api/chart.svg?runs=1&metric=tensor_memory_mb", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// A client that sends one byte every 100 ms never completes a request: the server closes the
    /// connection once the idle timeout (here 1 s) has passed since the last complete request.
    @Test func aSlowClientIsDisconnectedAfterTheIdleTimeout() async throws {
        try await withServer(idleTimeout: .seconds(1)) { port in
            let socket = try LoopbackSocket(port: port)
            let started = ContinuousClock.now
            var closedAfter: Duration?
            for byte in "GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8 + Array(repeating: UInt8(ascii: "a"), count: 100) {
                guard socket.send(byte) else { closedAfter = ContinuousClock.now - started; break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let closed = try #require(closedAfter, "the server kept a 15 s partial request open")
            #expect(closed >= .milliseconds(900) && closed < .seconds(5), "closed after \(closed)")
        }
    }

    /// Runs the dashboard on a free loopback port with `idleTimeout`, calls `body` with the port.
    func withServer(idleTimeout: TimeAmount, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let store = try sampleStore()
        let ready = AsyncStream<Int>.makeStream()
        let app = Dashboard.application(store: store, host: "127.0.0.1", port: 0, idleTimeout: idleTimeout) { channel in
            ready.continuation.yield(channel.localAddress?.port ?? 0)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ready.stream.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port)
            group.cancelAll()
        }
    }
}

/// A blocking TCP connection to 127.0.0.1, for sending bytes one at a time.
final class LoopbackSocket: @unchecked Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    /// Sends one byte; false once the peer has closed the connection (a write fails, or a read sees the end).
    func send(_ byte: UInt8) -> Bool {
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        if poll(&pollDescriptor, 1, 0) > 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            if recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT)) <= 0 { return false }
        }
        var value = byte
        return Glibc.send(descriptor, &value, 1, Int32(MSG_NOSIGNAL)) == 1
    }

    deinit { close(descriptor) }
}
