/// Where a run stands. Stored as its raw value.
public enum RunStatus: String, Codable, CaseIterable, Sendable {
    /// Training; the process that writes it is alive.
    case running
    /// Trained every epoch it was asked to, or stopped by EarlyStopping.
    case finished
    /// The loss became non-finite or far worse than guessing: a result, not an error.
    case diverged
    /// The process reported an error.
    case failed
    /// Stopped by Ctrl-C or a signal, or its process died without saying why (SIGKILL).
    case interrupted
    /// Ended by the sweep's early termination (successive halving, Hyperband): its metric at a
    /// rung ranked too low among the sweep's runs, so the sweep told it to stop
    /// (`train --wait-at-epochs`). A result, with the reason in the message.
    case stoppedEarly = "stopped-early"

    /// Whether the run can still change.
    public var isActive: Bool { self == .running }
}
