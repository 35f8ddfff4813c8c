import BatchLabTraining
import Foundation

/// Reads `EpochGate` verdicts from standard input, one line each, for `train --wait-at-epochs`.
/// Ctrl-C while waiting, or the end of the input, is `interrupt`.
public struct VerdictReader {
    let stop: StopSignal

    public init(stop: StopSignal) { self.stop = stop }
    private let input = STDIN_FILENO

    /// Blocks until a `continue` or `stop REASON` line arrives; warns about any other line and waits on.
    public func verdict(epoch: Int) -> EpochGate.Verdict {
        while let line = readLine() {
            if let verdict = EpochGate.Verdict(line: line) { return verdict }
            FileHandle.standardError.write(Data(
                "Warning: --wait-at-epochs: expected 'continue' or 'stop REASON' after epoch \(epoch), got '\(line)'\n".utf8))
        }
        return .interrupt
    }

    /// The next line without its newline (the input's last line may lack one); nil at the end of
    /// the input or on Ctrl-C (checked every 100 ms).
    private func readLine() -> String? {
        var bytes: [UInt8] = []
        while !stop.isRequested {
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno == EINTR || ready == 0 { continue }
            var byte: UInt8 = 0
            guard ready > 0, read(input, &byte, 1) == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }
}
