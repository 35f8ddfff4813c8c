import BatchLabConfig
import BatchLabExperiments
import BatchLabRun
import BatchLabTracking
import BatchLabTraining
import Foundation

/// A sweep's runs on the ranks of an MPI job, seen from rank 0 (`SweepWorkers`): rank 0 holds the
/// queue, the rung decisions and the store, the only writer; the other ranks, in groups of
/// `ranksPerRun`, take runs, train them (`SweepWorker`) and send their records here, which this
/// writes to the store as they come, while the sweep waits (`wait(seconds:)`).
///
/// A signal reaches every rank (`mpirun` passes Ctrl-C on as SIGTERM to all of them; so does
/// Slurm's `scancel`), so `SweepJob.signal` sends nothing: each run stops after its step and
/// records itself interrupted. When a rank dies, Open MPI ends the whole job: the run of a rank
/// found gone (a process of this host that no longer exists) is recorded interrupted at once,
/// the others interrupt themselves at the SIGTERM, and a run whose rank is on another host and
/// killed before it could say so reads interrupted once that host finds its process gone.
public final class RankWorkers: SweepWorkers {
    let world: MPICommunicator
    let store: SQLiteRunStore
    let study: String
    /// Each group's ranks, its first one talking to rank 0.
    let groups: [[Int]]
    let hosts: [String]
    /// The data folder a resumed run is told to use instead of its own (`sweep --resume --data`).
    public var resumedDataFolder: String?
    public var warn: (String) -> Void = { FileHandle.standardError.write(Data("Warning: \($0)\n".utf8)) }
    /// The first ranks of the groups waiting for a run.
    private var idle: Set<Int> = []
    private var jobs: [Int: RankJob] = [:]
    private var finished = false

    /// The groups of `ranksPerRun` ranks after rank 0, in rank order; `hosts` are every rank's host.
    public init(world: MPICommunicator, ranksPerRun: Int, hosts: [String], store: SQLiteRunStore, study: String) {
        precondition(world.rank == 0 && (world.size - 1) % ranksPerRun == 0)
        (self.world, self.hosts, self.store, self.study) = (world, hosts, store, study)
        groups = stride(from: 1, to: world.size, by: ranksPerRun).map { Array($0..<($0 + ranksPerRun)) }
    }

    public var capacity: Int { groups.count }

    public func start(_ spec: RunSpec, configuration: RunConfiguration, waitingAt rungs: [Int], resuming record: RunRecord?) throws -> any SweepJob {
        var configuration = configuration
        if let record {
            // As `train --resume` checks and reads it, on the rank that holds the store.
            let checked = try TrainingRun.resumable(record.id, in: store)
            guard let recorded = checked.configuration else {
                throw RunError("run \(record.id) was recorded before the store kept configurations; resume it without MPI")
            }
            configuration = recorded
            if spec.configuration.data.folder == nil, let folder = resumedDataFolder { configuration.data.folder = folder }
        }
        // A group that ended its last run asks for the next one at once.
        while idle.isEmpty { try fatal { try serve(for: 0.001) } }
        let leader = idle.min()!
        idle.remove(leader)
        let group = groups.first { $0.first == leader }!
        let job = RankJob(spec: spec, ranks: group, hosts: group.map { hosts[$0] }, world: world)
        jobs[leader] = job
        let assignment = RunAssignment(name: spec.name, study: study, configuration: configuration, rungs: rungs,
                                       resuming: record?.id)
        try fatal { try job.tell(.train(assignment)) }
        return job
    }

    public func wait(seconds: Double) throws {
        try fatal { try serve(for: seconds) }
    }

    /// Errors of the messages between ranks end the sweep: a rank left without its answer would wait for ever.
    private func fatal(_ work: () throws -> Void) throws {
        do {
            try work()
        } catch let error as SweepWorkersError {
            throw error
        } catch {
            throw SweepWorkersError("\(error)")
        }
    }

    /// Tells every group to leave once its run has ended. After an error of the sweep it returns
    /// at once: the command then ends the whole job (`MPI_Abort`).
    public func finish(cleanly: Bool) throws {
        guard cleanly, !finished else { return }
        finished = true
        while idle.count < groups.count { try serve(for: 0.001) }
        for group in groups { try world.send(SweepMessage.encode(CoordinatorMessage.finish), to: group[0], tag: SweepMessage.toWorker) }
    }

    /// Takes the messages that arrive for about `seconds`, looking every millisecond.
    private func serve(for seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if let (sender, bytes) = try world.receiveIfArrived(tag: SweepMessage.toCoordinator) {
                try handle(try SweepMessage.decode(WorkerMessage.self, from: bytes, sender: sender), from: sender)
            } else {
                usleep(1_000)
                if Date() >= nextLivenessCheck { try endRunsOfRanksGone() }
            }
        } while Date() < deadline
    }

    private var nextLivenessCheck = Date()

    /// Records the run of a rank whose process is gone as interrupted (Open MPI is ending the job).
    private func endRunsOfRanksGone() throws {
        nextLivenessCheck = Date().addingTimeInterval(0.05)
        for job in jobs.values where job.isRunning {
            guard let id = job.runID, let process = job.process,
                  !ProcessLiveness.isAlive(host: process.host, pid: process.pid, started: process.processStart) else { continue }
            let message = "\(job.placement) is gone (pid \(process.pid) ended without recording how the run ended)"
            job.end(error: nil)
            recording(id) { try store.setStatus(runID: id, .interrupted, message: message) }
        }
    }

    private func handle(_ message: WorkerMessage, from sender: Int) throws {
        guard message.isReady || jobs[sender] != nil else {
            throw SweepMessageError("rank \(sender) sent \(message) but trains no run of this sweep")
        }
        switch message {
        case .ready:
            idle.insert(sender)
        case .createRun(let run):
            do {
                let id = try store.createRun(run)
                (jobs[sender]!.runID, jobs[sender]!.process) = (id, run.process)
                recording(id) { try store.setMPIRanks(runID: id, jobs[sender]!.ranks) }
                try jobs[sender]!.tell(.runID(id))
            } catch let error as CollectiveError {
                throw error
            } catch {
                try jobs[sender]!.tell(.refused("\(error)"))
            }
        case .appendEpoch(let runID, let logs, let stepLosses):
            recording(runID) { try store.appendEpoch(runID: runID, logs: try EpochLogs(json: logs), stepLosses: stepLosses) }
        case .setStatus(let runID, let status, let message):
            recording(runID) { try store.setStatus(runID: runID, status, message: message) }
        case .setRanks(let runID, let hosts):
            recording(runID) { try store.setRanks(runID: runID, hosts: hosts) }
        case .resume(let runID, let epoch, let process):
            do {
                try store.resume(runID: runID, afterEpoch: epoch, process: process)
                // The run is this job's from now on: a restore that failed before left it as it was.
                (jobs[sender]!.runID, jobs[sender]!.process) = (runID, process)
                recording(runID) { try store.setMPIRanks(runID: runID, jobs[sender]!.ranks) }
                try jobs[sender]!.tell(.done)
            } catch let error as CollectiveError {
                throw error
            } catch {
                try jobs[sender]!.tell(.refused("\(error)"))
            }
        case .awaitVerdict(let runID, let epoch):
            // Whoever judges reads the epoch from the store: one the store could not take gets no verdict.
            let recorded = (try? store.epochs(runID: runID).contains { $0["epoch"] == Double(epoch) }) == true
            if !recorded { warn("epoch \(epoch) of run \(runID) is not in \(store.path), so no verdict can come; stopping the run") }
            try jobs[sender]!.awaitVerdict(recorded ? nil : .interrupt)
        case .ended(let error):
            jobs[sender]!.end(error: error)
        }
    }

    /// Writes a record to the store; a write that fails is reported and the run goes on, as a
    /// run's own `RunRecorder` does.
    private func recording(_ runID: Int64, _ write: () throws -> Void) {
        do {
            try write()
        } catch {
            warn("could not record run \(runID) to \(store.path): \(error)")
        }
    }
}

extension WorkerMessage {
    var isReady: Bool {
        if case .ready = self { return true }
        return false
    }
}

/// One run a group of ranks trains, seen from rank 0.
final class RankJob: SweepJob {
    let spec: RunSpec
    /// The group's world ranks and their hosts; the first rank talks to rank 0.
    let ranks: [Int]
    let hosts: [String]
    private let world: MPICommunicator
    /// The run's id, once it has recorded itself, and the process of its first rank.
    var runID: Int64?
    var process: RunProcess?
    private(set) var isRunning = true
    private var error: String?
    /// Verdicts not yet asked for, and whether the run waits for one.
    private var verdicts: [EpochGate.Verdict] = []
    private var waiting = false

    init(spec: RunSpec, ranks: [Int], hosts: [String], world: MPICommunicator) {
        (self.spec, self.ranks, self.hosts, self.world) = (spec, ranks, hosts, world)
    }

    var placement: String {
        let where_ = Set(hosts).sorted().joined(separator: ", ")
        return ranks.count == 1 ? "rank \(ranks[0]) on \(where_)" : "ranks \(ranks[0])–\(ranks.last!) on \(where_)"
    }

    func tell(_ message: CoordinatorMessage) throws {
        try world.send(SweepMessage.encode(message), to: ranks[0], tag: SweepMessage.toWorker)
    }

    func send(_ verdict: EpochGate.Verdict) {
        guard isRunning else { return }
        verdicts.append(verdict)
        try? answerIfWaiting()
    }

    /// The run waits at a rung: it gets `immediate`, else the next verdict given (at once, when one is queued).
    func awaitVerdict(_ immediate: EpochGate.Verdict?) throws {
        if let immediate { verdicts.insert(immediate, at: 0) }
        waiting = true
        try answerIfWaiting()
    }

    private func answerIfWaiting() throws {
        guard waiting, !verdicts.isEmpty else { return }
        waiting = false
        try tell(.verdict(verdicts.removeFirst().line))
    }

    /// Nothing to send: every rank has the signal already (see `RankWorkers`).
    func signal(_ signal: Int32) {}

    func record(in records: [RunRecord]) -> RunRecord? {
        runID.flatMap { id in records.first { $0.id == id } }
    }

    func end(error: String?) {
        (isRunning, self.error) = (false, error)
    }

    /// A run left `running`: failed with the error its rank reported, else interrupted.
    func ending() -> (status: RunStatus, message: String) {
        if let error { return (.failed, error) }
        return (.interrupted, "\(placement) ended without recording how the run ended")
    }
}
