import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT), SIGTERM (what Slurm and most job schedulers send at a time limit) and SIGHUP
/// (a closed terminal) as a request to stop after the current step instead of killing the
/// process. A second signal ends the process at once by that signal's default action.
///
/// The second signal does not `exit()`: exit handlers would run C++ static destructors (oneDNN's
/// primitive cache) while the training thread is still computing, which corrupted the heap
/// (`free(): invalid pointer`). Dying by the signal runs none, and whoever waits for the process
/// reads how it ended (a sweep records such a run `interrupted`).
public final class StopSignal {
    /// The signals taken as a request to stop.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private final class First: Sendable {
        let number = Atomic<Int32>(0)
    }

    private let first = First()
    private let sources: [DispatchSourceSignal]
    private var parentWatch: DispatchSourceTimer?

    /// Starts listening. Until then, and once this is gone, the signals keep their usual effect.
    public init() {
        sources = Self.signals.map { [first] number in
            // Keeps the default action from ending the process before the source hears the signal
            // (libdispatch installs its own handler on Linux, but only once per process: a later
            // SIG_IGN would replace it, so only a default disposition is changed).
            if Self.hasDefaultAction(number) { signal(number, SIG_IGN) }
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if !first.number.compareExchange(expected: 0, desired: number, ordering: .relaxed).exchanged {
                    Self.terminate(by: number)
                }
            }
            source.resume()
            return source
        }
    }

    /// Whether a signal came (`received`).
    public var isRequested: Bool { received != nil }

    /// The first signal that came, if one did.
    public var received: Int32? {
        let number = first.number.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    deinit {
        for source in sources { source.cancel() }
        parentWatch?.cancel()
    }

    /// Also stops, as SIGHUP would, once process `parent` is no longer this process's parent — it
    /// ended, even by SIGKILL, which it cannot pass on — so that a sweep's run does not train on,
    /// orphaned. Checked twice a second (Linux has no portable way to be told).
    public func stopWhenParentEnds(_ parent: Int32) {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now(), repeating: .milliseconds(500))
        timer.setEventHandler { [first] in
            guard getppid() != parent else { return }
            _ = first.number.compareExchange(expected: 0, desired: SIGHUP, ordering: .relaxed)
            timer.cancel()
        }
        timer.resume()
        parentWatch = timer
    }

    /// "Ctrl-C" for SIGINT, else the signal's name ("SIGTERM").
    public static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: "Ctrl-C"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP (its terminal or the sweep that started it is gone)"
        default: "signal \(number)"
        }
    }

    private static func hasDefaultAction(_ number: Int32) -> Bool {
        var current = sigaction()
        sigaction(number, nil, &current)
        #if os(Linux)
        return current.__sigaction_handler.sa_handler == nil && current.sa_flags & Int32(SA_SIGINFO) == 0
        #else
        return current.__sigaction_u.__sa_handler == nil && current.sa_flags & SA_SIGINFO == 0
        #endif
    }

    /// Ends the process by `number`'s default action, from the thread that heard it.
    private static func terminate(by number: Int32) -> Never {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        pthread_kill(pthread_self(), number)
        _exit(128 + number)
    }
}

/// Raised where work that cannot end at a training step (a benchmark, a measurement) stops
/// because a `StopSignal` was received.
public struct Interrupted: Error {
    public init() {}
}
