import BatchLabTracking
import BatchLabTraining

/// Early termination across a sweep's runs: one `HalvingBoard` per halving schedule (Hyperband
/// has several), fed every epoch the runs record, in the order the sweep reads them.
struct RungJudge {
    let termination: EarlyTermination
    private let schedules: [String: SuccessiveHalving]
    private var boards: [(schedule: SuccessiveHalving, board: HalvingBoard)] = []
    /// The runs told to stop, by name, with the reason.
    private(set) var stopped: [String: String] = [:]

    init(_ termination: EarlyTermination, specs: [RunSpec]) {
        self.termination = termination
        schedules = Dictionary(uniqueKeysWithValues: specs.enumerated().map { index, spec in
            (spec.name, termination.halving(forRun: index, epochs: spec.epochs))
        })
    }

    /// Reports `epochs` of `spec`'s run; returns the reason when the run must stop now.
    mutating func judge(_ spec: RunSpec, record: RunRecord, epochs: [EpochLogs]) -> String? {
        guard stopped[spec.name] == nil, let schedule = schedules[spec.name] else { return nil }
        let index = boards.firstIndex { $0.schedule == schedule } ?? {
            boards.append((schedule, HalvingBoard(schedule)))
            return boards.count - 1
        }()
        for logs in epochs {
            guard let epoch = logs["epoch"].map({ Int($0) }) else { continue }
            let value = logs[termination.metric] ?? .nan
            if case .stop(let reason)? = boards[index].board.report(run: record.id, epoch: epoch, value: value) {
                stopped[spec.name] = reason
                return reason
            }
        }
        return nil
    }
}
