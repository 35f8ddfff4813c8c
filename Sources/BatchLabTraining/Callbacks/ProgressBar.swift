import Foundation

/// Keras-style progress output. On a terminal: `Epoch 3/50`, then a bar redrawn in place with
/// ETA and running loss/accuracy, finished with the epoch's values. Otherwise one line per epoch:
/// `Epoch 3/50 - loss: 1.3725 - accuracy: 0.5022 - val_loss: 1.2329 - val_accuracy: 0.5600 - lr: 0.001 - 5.1s - 9,800 img/s`.
public struct ProgressBar: Callback {
    public let interactive: Bool
    private let write: (String) -> Void
    private var epochStarted = Date()
    private var lastDrawn = Date.distantPast

    /// `interactive` defaults to whether standard output is a terminal.
    public init(interactive: Bool = isatty(STDOUT_FILENO) != 0, write: @escaping (String) -> Void = { text in
        print(text, terminator: "")
        fflush(stdout)
    }) {
        self.interactive = interactive
        self.write = write
    }

    public mutating func onEpochBegin(state: inout TrainingState) {
        epochStarted = Date()
        lastDrawn = .distantPast
        if interactive { write("Epoch \(state.epoch)/\(state.epochs)\n") }
    }

    public mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState) {
        guard interactive else { return }
        let now = Date()
        guard logs.batch == state.stepsPerEpoch || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        let elapsed = now.timeIntervalSince(epochStarted)
        let remaining = elapsed / Double(logs.batch) * Double(state.stepsPerEpoch - logs.batch)
        write("\r" + Self.bar(done: logs.batch, total: state.stepsPerEpoch)
              + " - ETA: \(Int(remaining.rounded()))s - loss: \(Self.fixed(logs.loss)) - accuracy: \(Self.fixed(logs.accuracy))\u{1B}[K")
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        if interactive {
            let seconds = logs["seconds"] ?? 0
            let perStep = seconds / Double(state.stepsPerEpoch) * 1000
            write("\r" + Self.bar(done: state.stepsPerEpoch, total: state.stepsPerEpoch)
                  + " - \(Int(seconds.rounded()))s \(Int(perStep.rounded()))ms/step" + Self.values(logs) + "\u{1B}[K\n")
        } else {
            write(Self.line(logs, epochs: state.epochs) + "\n")
        }
    }

    /// The non-interactive epoch line.
    public static func line(_ logs: EpochLogs, epochs: Int) -> String {
        let epoch = Int(logs["epoch"] ?? 0)
        return "Epoch \(epoch)/\(epochs)" + values(logs)
    }

    static func values(_ logs: EpochLogs) -> String {
        var text = ""
        for key in ["loss", "accuracy", "val_loss", "val_accuracy"] {
            if let value = logs[key] { text += " - \(key): \(fixed(value))" }
        }
        if let lr = logs["lr"] { text += " - lr: \(Float(lr))" }
        if let seconds = logs["seconds"] { text += " - " + String(format: "%.1fs", seconds) }
        if let rate = logs["images_per_second"] { text += " - \(Int(rate.rounded()).formatted()) img/s" }
        return text
    }

    static func fixed(_ value: Double) -> String {
        value.isFinite ? String(format: "%.4f", value) : "nan"
    }

    static func bar(done: Int, total: Int, width: Int = 30) -> String {
        let digits = String(total).count
        let count = String(repeating: " ", count: digits - String(done).count) + "\(done)/\(total)"
        let filled = total == 0 ? width : width * done / total
        let arrow = filled < width ? ">" : ""
        let body = String(repeating: "=", count: max(filled - arrow.count, 0)) + arrow
        return count + " [" + body + String(repeating: ".", count: width - body.count) + "]"
    }
}
