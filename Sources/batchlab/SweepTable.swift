import BatchLabExperiments
import Foundation

/// The live table of a sweep: redrawn in place on a terminal, one line per change otherwise.
struct SweepTable {
    let interactive = isatty(STDOUT_FILENO) == 1
    private var drawnLines = 0
    private var lastPrinted: [String: String] = [:]

    mutating func update(_ rows: [SweepRow]) {
        if interactive {
            let text = Self.render(rows)
            let up = drawnLines > 0 ? "\u{1B}[\(drawnLines)F" : ""
            print(up + text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\u{1B}[K" }.joined(separator: "\n"))
            drawnLines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        } else {
            for row in rows {
                let line = Self.line(row)
                guard lastPrinted[row.name] != line, row.status != "queued" else { continue }
                lastPrinted[row.name] = line
                print(line)
            }
        }
        fflush(stdout)
    }

    static func render(_ rows: [SweepRow]) -> String {
        TextTable(header: ["run", "id", "epoch", "loss", "val_accuracy", "lr", "img/s", "status", "where"], rows: rows.map { row in
            [row.name, row.runID.map { "\($0)" } ?? "", "\(row.epoch)/\(row.epochs)", row.loss.map(TextTable.number) ?? "",
             row.valAccuracy.map { String(format: "%.4f", $0) } ?? "", row.learningRate.map(TextTable.number) ?? "",
             row.imagesPerSecond.map { Int($0).formatted() } ?? "", row.status, row.placement ?? ""]
        }).rendered
    }

    static func line(_ row: SweepRow) -> String {
        var parts = ["[\(row.name)]", row.status, "epoch \(row.epoch)/\(row.epochs)"]
        if let loss = row.loss { parts.append("loss \(TextTable.number(loss))") }
        if let accuracy = row.valAccuracy { parts.append(String(format: "val_accuracy %.4f", accuracy)) }
        if let lr = row.learningRate { parts.append("lr \(TextTable.number(lr))") }
        if let speed = row.imagesPerSecond { parts.append("\(Int(speed).formatted()) img/s") }
        if let message = row.message, row.status != "running" { parts.append("— \(message)") }
        if let placement = row.placement { parts.append("(\(placement))") }
        return parts.joined(separator: "  ")
    }
}
