import Hummingbird
import NIOCore

extension Dashboard {
    /// How long a connection may go without a complete request: a client that sends nothing, or
    /// a request a byte at a time (slowloris), is closed after it, as is an idle keep-alive
    /// connection. Pages poll every 2 s, so a browser's connection never idles that long.
    public static let idleTimeout = TimeAmount.seconds(10)

    /// The dashboard served over HTTP/1.1 on `host:port`, answering only the Host names of that
    /// address (`allowedHosts(host:port:)`).
    public static func application(store: SQLiteRunStore, host: String, port: Int, idleTimeout: TimeAmount = idleTimeout,
                                   onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> some ApplicationProtocol {
        let dashboard = Dashboard(store: store, allowedHosts: allowedHosts(host: host, port: port))
        return Application(router: dashboard.router(), server: .http1(configuration: .init(idleTimeout: idleTimeout)),
                           configuration: .init(address: .hostname(host, port: port), serverName: "BatchLab"),
                           onServerRunning: onServerRunning)
    }
}

import BatchLabTracking
