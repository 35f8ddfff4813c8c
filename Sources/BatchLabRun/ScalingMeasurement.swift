import BatchLabCore
import BatchLabNN
import BatchLabTraining
import BatchLabTuning
import Foundation

/// What `batchlab scale` measures on this machine: the training step time at each per-machine
/// batch size b (`Benchmark` on random data with `threads` threads: the median of 3 repeats of
/// max(5, images / b) steps each, after a fifth as many untimed), and the allreduce of the
/// model's gradients among ranks of this host (`loopback`).
public struct ScalingMeasurement {
    public var model: Sequential
    public var threads: Int
    public var images = 4_096
    /// A line per measurement, for the user.
    public var log: (String) -> Void = { print($0) }

    public init(model: Sequential, threads: Int) {
        (self.model, self.threads) = (model, threads)
    }

    /// The seconds of one step at each of `batchSizes`, and the gradient values a step sums.
    public func compute(batchSizes: [Int], shouldStop: () -> Bool = { false }) throws -> (seconds: [Int: Double], gradientValues: Int) {
        var seconds: [Int: Double] = [:], gradientValues = 0
        for size in batchSizes {
            var benchmark = Benchmark(model: model, batchSize: size, threads: threads)
            benchmark.steps = max(5, images / size)
            benchmark.warmup = max(2, benchmark.steps / 5)
            let result = try benchmark.run(shouldStop: shouldStop)
            seconds[size] = Double(size) / result.median
            gradientValues = result.gradientValues
            log("  batch \(size) per machine: \(String(format: "%.2f", seconds[size]! * 1000)) ms a step "
                + "(\(Int(result.median.rounded()).formatted()) images/s, \(threads) thread\(threads == 1 ? "" : "s"))")
        }
        return (seconds, gradientValues)
    }

    /// The median time of an allreduce of `bytes` among each of `ranks` ranks of this host, each
    /// started as `mpirun --oversubscribe -np N executable allreduce-probe` (Open MPI's mpirun
    /// from PATH; as root it needs OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1).
    public func loopback(executable: URL, ranks: [Int], bytes: Int, repeats: Int = 50) throws -> [RingAllreduce.Measurement] {
        guard let mpirun = Self.onPath("mpirun") else {
            throw RunError("--loopback-ranks needs Open MPI's mpirun on the PATH (Debian: openmpi-bin)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("batchlab-allreduce-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try ranks.map { count in
            let result = folder.appendingPathComponent("\(count).json")
            let output = folder.appendingPathComponent("\(count).log")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            let handle = try FileHandle(forWritingTo: output)
            defer { try? handle.close() }
            let process = Process()
            process.executableURL = mpirun
            process.arguments = ["--oversubscribe", "-np", "\(count)", executable.path, "allreduce-probe",
                                 "--bytes", "\(bytes)", "--repeats", "\(repeats)", "--out", result.path]
            (process.standardOutput, process.standardError) = (handle, handle)
            try process.runWithCleanSignalMask()
            process.waitUntilExit()
            guard process.terminationStatus == 0, let data = try? Data(contentsOf: result) else {
                let last = (try? String(contentsOf: output, encoding: .utf8))?.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
                throw RunError("mpirun -np \(count) allreduce-probe exited with status \(process.terminationStatus)"
                               + (last.isEmpty ? "" : ": \(last)"))
            }
            let measurement = try JSONDecoder().decode(RingAllreduce.Measurement.self, from: data)
            log("  allreduce of \(bytes.formatted()) bytes on \(count) ranks of this host: \(String(format: "%.3f", measurement.seconds * 1000)) ms")
            return measurement
        }
    }

    static func onPath(_ name: String) -> URL? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
