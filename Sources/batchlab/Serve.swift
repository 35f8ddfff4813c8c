import ArgumentParser
import BatchLabDashboard
import Foundation
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the dashboard: runs listed, drawn and compared live in the browser (read-only).")

    @OptionGroup var store: StoreOption
    @Option(help: "Address to listen on; 127.0.0.1 keeps it on this machine.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be in 1…65535 (got \(port))") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() async throws {
        let store = try store.openExisting()
        let dashboard = Dashboard(store: store)
        let app = Application(router: dashboard.router(),
                              configuration: .init(address: .hostname(host, port: port), serverName: "BatchLab"),
                              onServerRunning: { _ in
                                  print("Serving \(store.path) at http://\(host):\(port)/ (Ctrl-C to stop)")
                              })
        do {
            try await app.runService()
        } catch {
            throw ValidationError("cannot serve on \(host):\(port): \(error)")
        }
    }
}
