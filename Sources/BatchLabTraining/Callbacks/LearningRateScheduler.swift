import BatchLabOptim

/// Sets the learning rate before every step from a schedule of the step number (Keras's
/// `LearningRateScheduler`, per step rather than per epoch).
public struct LearningRateScheduler: Callback {
    public var schedule: any LearningRateSchedule
    /// The last step it sets the rate for; afterwards the rate is left to others (a warmup
    /// followed by ReduceLROnPlateau). Nil: every step.
    public var lastStep: Int?

    public init(_ schedule: any LearningRateSchedule, lastStep: Int? = nil) {
        self.schedule = schedule
        self.lastStep = lastStep
    }

    public mutating func onBatchBegin(state: inout TrainingState) {
        if let lastStep, state.step > lastStep { return }
        state.learningRate = schedule.learningRate(atStep: state.step)
    }
}
