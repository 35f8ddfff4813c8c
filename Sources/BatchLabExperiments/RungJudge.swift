import BatchLabTraining

/// Early termination across a sweep's runs, decided in trial order.
///
/// Each run waits at the rungs of its halving schedule (`train --wait-at-epochs`) until the
/// judge answers. The run of trial i at rung k is judged once every earlier trial on the same
/// board (Hyperband has one per bracket) has been judged at k or has ended without reaching k,
/// and it is ranked against those trials' values at k. The decisions are therefore the ones a
/// sweep running its trials one after another would take, whatever `parallel` is and however
/// fast each run trains: the same sweep with the same metric values stops the same runs. A run
/// that reaches a rung before an earlier trial waits there for it.
struct RungJudge {
    let termination: EarlyTermination
    /// By run name: its trial index (its place in the sweep) and its halving schedule.
    private let trials: [String: (index: Int, schedule: SuccessiveHalving)]
    private var boards: [(schedule: SuccessiveHalving, board: HalvingBoard)] = []
    /// Values reported at rungs and not yet judged, by run name and epoch.
    private var waiting: [String: [Int: Double]] = [:]
    /// The rungs each run has been judged at.
    private var judged: [String: Set<Int>] = [:]
    /// The runs told to stop, by name, with the reason.
    private(set) var stopped: [String: String] = [:]

    /// One verdict: the run, the rung it waits at, and what it must do.
    struct Verdict: Equatable {
        var name: String
        var epoch: Int
        var verdict: EpochGate.Verdict
    }

    init(_ termination: EarlyTermination, specs: [RunSpec]) {
        self.termination = termination
        trials = Dictionary(uniqueKeysWithValues: specs.enumerated().map { index, spec in
            (spec.name, (index, termination.halving(forRun: index, epochs: spec.epochs)))
        })
    }

    /// The epochs at which `spec`'s run waits for a verdict: its rungs not judged yet.
    func rungs(of spec: RunSpec) -> [Int] {
        (trials[spec.name]?.schedule.rungs ?? []).filter { judged[spec.name]?.contains($0) != true }
    }

    /// Takes up the epochs a run recorded before the sweep was resumed, with the decisions they
    /// imply: a rung it trained past was judged `continue`, and the rung a run stopped early at
    /// (`stopReason`) was judged `stop`; their values count on the boards as they did, so those
    /// decisions stand whatever runs resume. A rung it recorded last and was not stopped at
    /// waits for its verdict, as in `record`.
    mutating func takeUp(_ spec: RunSpec, epochs: [EpochLogs], stopReason: String?) {
        guard let trial = trials[spec.name] else { return }
        let last = epochs.compactMap { $0["epoch"].map { Int($0) } }.max() ?? 0
        let board = boardIndex(trial.schedule)
        for logs in epochs {
            guard let epoch = logs["epoch"].map({ Int($0) }), trial.schedule.rungs.contains(epoch) else { continue }
            let value = logs[termination.metric] ?? .nan
            if epoch < last || stopReason != nil {
                boards[board].board.restore(run: Int64(trial.index), epoch: epoch, value: value, stopped: epoch == last ? stopReason : nil)
                judged[spec.name, default: []].insert(epoch)
                if epoch == last, let stopReason { stopped[spec.name] = stopReason }
            } else {
                waiting[spec.name, default: [:]][epoch] = value
            }
        }
    }

    /// Whether `spec`'s run has logged its value at rung `epoch` and waits for the verdict.
    func hasRecorded(_ spec: RunSpec, epoch: Int) -> Bool {
        waiting[spec.name]?[epoch] != nil
    }

    /// Takes note of the epochs `spec`'s run has logged (all of them, or only new ones): the
    /// values at its rungs wait for `verdicts`. Logs without the metric count as NaN.
    mutating func record(_ spec: RunSpec, epochs: [EpochLogs]) {
        guard let trial = trials[spec.name], stopped[spec.name] == nil else { return }
        let rungs = Set(trial.schedule.rungs)
        for logs in epochs {
            guard let epoch = logs["epoch"].map({ Int($0) }), rungs.contains(epoch),
                  judged[spec.name]?.contains(epoch) != true else { continue }
            waiting[spec.name, default: [:]][epoch] = logs[termination.metric] ?? .nan
        }
    }

    /// The verdicts now due, in trial order. `isActive(name)` tells whether a run may still
    /// report (queued, or its process alive); an ended run is not waited for.
    mutating func verdicts(isActive: (String) -> Bool) -> [Verdict] {
        var due: [Verdict] = []
        let queue = waiting.flatMap { name, values in values.keys.map { (name: name, epoch: $0) } }
            .sorted { (trials[$0.name]!.index, $0.epoch) < (trials[$1.name]!.index, $1.epoch) }
        for (name, epoch) in queue {
            let trial = trials[name]!
            let blocked = trials.contains { other, earlier in
                earlier.index < trial.index && earlier.schedule == trial.schedule
                    && judged[other]?.contains(epoch) != true && stopped[other] == nil
                    && (isActive(other) || waiting[other]?[epoch] != nil)
            }
            guard !blocked, let value = waiting[name]?.removeValue(forKey: epoch) else { continue }
            judged[name, default: []].insert(epoch)
            guard stopped[name] == nil else { continue }
            switch report(value, of: trial, atRung: epoch) {
            case .stop(let reason)?:
                stopped[name] = reason
                due.append(Verdict(name: name, epoch: epoch, verdict: .stop(reason: reason)))
            case .continue?, nil:
                due.append(Verdict(name: name, epoch: epoch, verdict: .continue))
            }
        }
        return due
    }

    /// The decision for `trial`'s `value` at `epoch`, on the board of its schedule (created on first use).
    private mutating func report(_ value: Double, of trial: (index: Int, schedule: SuccessiveHalving),
                                 atRung epoch: Int) -> SuccessiveHalving.Decision? {
        boards[boardIndex(trial.schedule)].board.report(run: Int64(trial.index), epoch: epoch, value: value)
    }

    /// The board of `schedule`, created on first use.
    private mutating func boardIndex(_ schedule: SuccessiveHalving) -> Int {
        if let index = boards.firstIndex(where: { $0.schedule == schedule }) { return index }
        boards.append((schedule, HalvingBoard(schedule)))
        return boards.count - 1
    }
}
