import BatchLabData
import BatchLabTraining

/// Leslie Smith's learning-rate range test ("Cyclical Learning Rates for Training Neural
/// Networks", 2017) as fastai's `lr_find`: from the trainer's current weights, train up to
/// `schedule.steps` steps on shuffled batches while the lr grows exponentially from
/// `schedule.startLR` to `schedule.endLR`, stop once the smoothed loss exceeds
/// `divergenceFactor` × its minimum (`RangeTestMonitor`), then put back the weights, the
/// optimizer's state, the learning rate and the shuffling — training afterwards is exactly as if the test had not run.
public struct LRFinder {
    public var schedule: LRRangeSchedule
    /// fastai's `stop_div` threshold (default 4); nil runs every step.
    public var divergenceFactor: Double?

    public init(schedule: LRRangeSchedule = LRRangeSchedule(), divergenceFactor: Double? = 4) {
        self.schedule = schedule
        self.divergenceFactor = divergenceFactor
    }

    /// `stop` was requested before the test ended; the trainer is restored, there is no result.
    public struct Interrupted: Error {}

    /// Runs the test on `trainer` with batches of `batchSize` from `data`; `onStep` sees each
    /// step's lr, raw loss and smoothed loss. Throws `Interrupted` when `stop` is requested.
    public func run(_ trainer: Trainer, on data: some Dataset, batchSize: Int,
                    onStep: ((_ step: Int, _ learningRate: Double, _ loss: Double, _ smoothed: Double) -> Void)? = nil,
                    stop: StopSignal? = nil) throws -> LRRangeTestResult {
        // The first plan may move parameters to the layout its kernels prefer: build it before
        // copying, so the copy is in the layout the values are restored into.
        _ = try trainer.network.plan(batchSize: batchSize, training: true)
        let savedValues = trainer.network.parameters.map { Array($0.value.floats) }
        let (savedOptimizer, savedProgress, savedRate) = (trainer.optimizer, trainer.progress, trainer.learningRate)
        defer {
            for (parameter, values) in zip(trainer.network.parameters, savedValues) {
                _ = parameter.value.floats.update(fromContentsOf: values)
            }
            (trainer.optimizer, trainer.progress, trainer.learningRate) = (savedOptimizer, savedProgress, savedRate)
        }
        let stepsPerEpoch = (data.count + batchSize - 1) / batchSize
        var callbacks: [any Callback] = [RangeTestCallback(monitor: RangeTestMonitor(schedule: schedule, divergenceFactor: divergenceFactor),
                                                           onStep: onStep)]
        let (outcome, _) = try trainer.fit(data, validation: nil, epochs: (schedule.steps + stepsPerEpoch - 1) / stepsPerEpoch,
                                           batchSize: batchSize, callbacks: &callbacks, stop: stop)
        if outcome == .interrupted { throw Interrupted() }
        return (callbacks[0] as! RangeTestCallback).monitor.result(batchSize: batchSize)
    }
}

/// Sets each step's lr from the schedule and feeds its loss to the monitor, ending `fit` when
/// the monitor says so.
private struct RangeTestCallback: Callback {
    var monitor: RangeTestMonitor
    let onStep: ((Int, Double, Double, Double) -> Void)?

    mutating func onBatchBegin(state: inout TrainingState) {
        state.learningRate = Float(monitor.nextLearningRate)
    }

    mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState) {
        let learningRate = monitor.nextLearningRate
        monitor.record(loss: logs.batchLoss)
        onStep?(monitor.step, learningRate, logs.batchLoss, monitor.smoothedLosses.last!)
        if monitor.shouldStop { state.stopRequest = .finishEarly(reason: "range test \(monitor.stopReason!.rawValue)") }
    }
}
