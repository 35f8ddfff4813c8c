import BatchLabConfig
import BatchLabOptim

extension ScheduleSettings {
    /// The schedule of a run at `learningRate` (warming up from `warmupStart`), or nil for a
    /// constant rate (which ReduceLROnPlateau may lower).
    public func schedule(learningRate: Double, warmupStart: Double, stepsPerEpoch: Int, epochs: Int) -> (any LearningRateSchedule)? {
        let (rate, warmupSteps, decaySteps) = (Float(learningRate), warmupEpochs * stepsPerEpoch, decayEpochs * stepsPerEpoch)
        let main: (any LearningRateSchedule)? = switch name {
        case .cosine: CosineDecay(initial: rate, decaySteps: max(1, epochs * stepsPerEpoch - warmupSteps))
        case .step: StepDecay(initial: rate, rate: Float(decayRate), stepsPerDrop: decaySteps)
        case .exp: ExponentialDecay(initial: rate, rate: Float(decayRate), decaySteps: decaySteps)
        case .constant: nil
        }
        guard warmupSteps > 0 else { return main }
        return LinearWarmup(start: Float(warmupStart), warmupSteps: warmupSteps, then: main ?? ConstantSchedule(rate))
    }

    /// The last step the schedule drives: after a warmup to a constant rate, the rate is left to
    /// ReduceLROnPlateau; nil while a decay runs to the end.
    public func lastStep(stepsPerEpoch: Int) -> Int? {
        name == .constant ? warmupEpochs * stepsPerEpoch : nil
    }
}
