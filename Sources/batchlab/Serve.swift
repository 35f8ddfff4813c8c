import ArgumentParser
import BatchLabDashboard
import BatchLabTracking
import Foundation
import Hummingbird
import NIOCore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the dashboard: runs listed, drawn and compared live in the browser (read-only).")

    @OptionGroup var store: StoreOption
    @Option(help: "Address to listen on; 127.0.0.1 keeps it on this machine.") var host = "127.0.0.1"
    @Option(parsing: .unconditional, help: "Port to listen on.") var port = 8080

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be in 1…65535 (got \(port))") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() async throws {
        let runs = try store.openExisting(readOnly: true)
        let address = host.contains(":") ? "[\(host)]" : host
        let exposed = !["127.0.0.1", "localhost", "::1"].contains(host)
        let app = Dashboard.application(store: runs, host: host, port: port) { [path = store.path] _ in
            print("Serving \(path) at http://\(address):\(port)/ (Ctrl-C to stop)")
            fflush(stdout)
            if exposed {
                FileHandle.standardError.write(Data("Warning: --host \(host) lets other machines see every run; the dashboard has no login.\n".utf8))
            }
        }
        do {
            try await app.runService()
        } catch is SocketAddressError.UnknownHost {
            throw CommandError("--host \(host) is not an address of this machine (cannot serve on \(address):\(port))")
        } catch {
            throw CommandError("cannot serve on \(address):\(port): \(error)")
        }
    }
}
