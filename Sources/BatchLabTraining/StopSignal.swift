import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) as a request to stop after the current step instead of killing the process.
/// A second Ctrl-C exits at once.
public final class StopSignal {
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let flag = Flag()
    private let source: DispatchSourceSignal

    /// Starts listening for SIGINT.
    public init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [flag] in
            if flag.raised.exchange(true, ordering: .relaxed) { exit(130) }
        }
        source.resume()
    }

    public var isRequested: Bool { flag.raised.load(ordering: .relaxed) }

    deinit { source.cancel() }

}
