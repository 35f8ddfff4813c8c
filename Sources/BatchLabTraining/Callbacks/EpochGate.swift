import Foundation

/// Holds training after chosen epochs until a controller says whether it goes on: the pause that
/// lets a sweep judge a run at a rung of successive halving before it trains further, whatever
/// the machine's speed, and lets a script look at a run at a known epoch.
///
/// The wait happens in `onEpochEnd`, so the callbacks listed before the gate (the run recorder)
/// have logged the epoch; the epoch's checkpoint is written after the wait. There is no wait
/// after the last epoch or when another callback already ends the run.
public struct EpochGate: Callback {
    /// What the controller answers, one line of text each (`line`, `init?(line:)`).
    public enum Verdict: Equatable, Sendable {
        /// `continue`: train on.
        case `continue`
        /// `stop REASON`: end the run now as stopped early, with the reason as its message.
        case stop(reason: String)
        /// No answer will come (the controller's end of the pipe closed, or Ctrl-C): end the run
        /// as interrupted. Has no line.
        case interrupt

        /// Parses `continue` or `stop REASON` (surrounding spaces and a `\r` ignored); nil for anything else.
        public init?(line: String) {
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if text == "continue" {
                self = .continue
            } else if text.hasPrefix("stop "), case let reason = text.dropFirst(5).trimmingCharacters(in: .whitespaces), !reason.isEmpty {
                self = .stop(reason: reason)
            } else {
                return nil
            }
        }

        /// The line that carries this verdict, newline included; nil for `interrupt`.
        public var line: String? {
            switch self {
            case .continue: "continue\n"
            case .stop(let reason): "stop \(reason.replacingOccurrences(of: "\n", with: " "))\n"
            case .interrupt: nil
            }
        }
    }

    /// The epochs after which training waits.
    public let epochs: Set<Int>
    private let verdict: (Int) -> Verdict

    /// `verdict(epoch)` blocks until the controller's answer for `epoch` is known.
    public init(epochs: Set<Int>, verdict: @escaping (Int) -> Verdict) {
        self.epochs = epochs
        self.verdict = verdict
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        guard epochs.contains(state.epoch), state.epoch < state.epochs, state.stopRequest == nil else { return }
        switch verdict(state.epoch) {
        case .continue: break
        case .stop(let reason): state.stopRequest = .stopEarly(reason: reason)
        case .interrupt: state.stopRequest = .interrupt
        }
    }
}
