import BatchLabConfig
import BatchLabTracking
import BatchLabTraining
import Foundation

/// A sweep's runs as `batchlab train` processes on this machine, at most `capacity` at a time.
/// Each run's configuration is written to `<logDirectory>/<run name>.yaml` and its process
/// started as `batchlab train --config` that file, its output going to `<run name>.log` beside
/// it; verdicts go to a run's standard input (`VerdictReader`). Each process has its own process
/// group, so the terminal's Ctrl-C reaches only the sweep, which passes it on.
public final class ProcessWorkers: SweepWorkers {
    public let executable: URL
    public let storePath: String
    public let study: String
    public let capacity: Int
    public let logDirectory: URL
    /// The data folder a resumed run is told to use instead of its own (`sweep --resume --data`).
    public var resumedDataFolder: String?
    private var jobs: [ProcessJob] = []

    public init(executable: URL, storePath: String, study: String, parallel: Int, logDirectory: URL) {
        precondition(parallel >= 1)
        (self.executable, self.storePath, self.study, self.capacity, self.logDirectory) = (executable, storePath, study, parallel, logDirectory)
        // A verdict written to a run that has just exited must fail as an error, not kill the sweep
        // (the runs inherit the setting: they write to log files, where it changes nothing).
        signal(SIGPIPE, SIG_IGN)
    }

    /// Where a run's configuration file goes, beside its log.
    public func configurationFile(for spec: RunSpec) -> URL {
        logDirectory.appendingPathComponent(SweepRunner.fileName(spec.name) + ".yaml")
    }

    /// The command line of one run; with `rungs`, the run waits after those epochs for a verdict.
    /// A run `resuming` its record continues it from its checkpoint with its recorded configuration.
    public func arguments(for spec: RunSpec, waitingAt rungs: [Int] = [], resuming record: RunRecord? = nil) -> [String] {
        // A run that names its own data folder keeps it; the others follow `sweep --resume --data`.
        let data = spec.configuration.data.folder == nil ? resumedDataFolder.map { ["--data", $0] } ?? [] : []
        let start = record.map { ["train", "--resume", "\($0.id)"] + data }
            ?? ["train", "--config", configurationFile(for: spec).path, "--name", spec.name, "--study", study]
        return start + ["--store", storePath] + (rungs.isEmpty ? [] : ["--wait-at-epochs", rungs.map(String.init).joined(separator: ",")])
    }

    public func start(_ spec: RunSpec, configuration: RunConfiguration, waitingAt rungs: [Int], resuming record: RunRecord?) throws -> any SweepJob {
        let log = logDirectory.appendingPathComponent(SweepRunner.fileName(spec.name) + ".log")
        if record == nil || !FileManager.default.fileExists(atPath: log.path) {
            try ConfigurationFile.yaml(configuration).write(to: configurationFile(for: spec), atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        // A resumed run's output follows its earlier output.
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        try handle.seekToEnd()
        // Foundation closes the parent's read end after the launch, and every other descriptor
        // in the child: closing the write end ends this run's input.
        let input = Pipe()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments(for: spec, waitingAt: rungs, resuming: record)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = input
        // The run stops when the sweep ends, even killed (`StopSignal.stopWhenParentEnds`).
        process.environment = ProcessInfo.processInfo.environment.merging([Self.parentVariable: "\(getpid())"]) { _, own in own }
        try process.runWithCleanSignalMask()
        let job = ProcessJob(spec: spec, process: process, log: log, verdicts: input.fileHandleForWriting)
        jobs.append(job)
        return job
    }

    public func wait(seconds: Double) throws {
        usleep(UInt32(seconds * 1_000_000))
    }

    public func finish(cleanly: Bool) throws {
        for job in jobs where job.process.isRunning { kill(job.process.processIdentifier, SIGINT) }
        for job in jobs {
            try? job.verdicts.close()
            job.process.waitUntilExit()
        }
        jobs.removeAll()
    }

    /// The environment variable that gives a run the sweep's pid.
    public static let parentVariable = "BATCHLAB_SWEEP_PID"
}

/// One `batchlab train` process of a sweep.
final class ProcessJob: SweepJob {
    let spec: RunSpec
    let process: Process
    let log: URL
    /// The run's standard input, where verdicts at its rungs go.
    let verdicts: FileHandle

    init(spec: RunSpec, process: Process, log: URL, verdicts: FileHandle) {
        (self.spec, self.process, self.log, self.verdicts) = (spec, process, log, verdicts)
    }

    var isRunning: Bool {
        if process.isRunning { return true }
        try? verdicts.close()
        return false
    }

    var placement: String { "pid \(process.processIdentifier)" }

    func send(_ verdict: EpochGate.Verdict) {
        // A run that has exited meanwhile cannot take its verdict: nothing to do.
        if let line = verdict.line { try? verdicts.write(contentsOf: Data(line.utf8)) }
    }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    func record(in records: [RunRecord]) -> RunRecord? {
        records.first { $0.pid == process.processIdentifier && $0.name == spec.name }
    }

    /// Stopped from outside (SIGINT, SIGTERM, SIGKILL, SIGHUP) is `interrupted`; a crash or an
    /// error exit is `failed`, with the last line of the run's log.
    func ending() -> (status: RunStatus, message: String) {
        let lastLine = (try? String(contentsOf: log, encoding: .utf8))?
            .split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        return Self.ending(process, lastLine: lastLine)
    }

    static func ending(_ process: Process, lastLine: String) -> (status: RunStatus, message: String) {
        let code = process.terminationStatus
        guard process.terminationReason == .uncaughtSignal else {
            return (.failed, lastLine.isEmpty ? "exited with status \(code)" : lastLine)
        }
        if [SIGINT, SIGTERM, SIGKILL, SIGHUP].contains(code) { return (.interrupted, "stopped by signal \(code)") }
        return (.failed, "crashed with signal \(code)" + (lastLine.isEmpty ? "" : " after: \(lastLine)"))
    }
}
