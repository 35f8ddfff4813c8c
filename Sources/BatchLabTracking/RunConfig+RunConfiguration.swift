import BatchLabConfig
import BatchLabNN

extension RunConfig {
    /// The summary listings, report and dashboard show of a run trained with `configuration`
    /// (threads and data folder as used), with its callbacks described.
    public init(recording configuration: RunConfiguration, callbacks: [String]) {
        self.init(
            model: configuration.model.name, optimizer: configuration.optimizer.name.rawValue,
            optimizerParameters: configuration.optimizer.parameters,
            requestedLearningRate: configuration.requestedLearningRate, learningRate: configuration.learningRate,
            scaleLR: configuration.lrScaling.rule.rawValue, baseBatchSize: configuration.lrScaling.baseBatchSize,
            batchSize: configuration.batchSize, epochs: configuration.epochs, seed: configuration.seed,
            threads: configuration.threads ?? 0, dataDirectory: configuration.data.folder ?? "",
            subset: configuration.data.subset, validationSplit: configuration.data.validationSplit,
            preprocessing: configuration.data.preprocessing.rawValue,
            schedule: configuration.schedule.name == .constant ? nil : configuration.schedule.name.rawValue,
            warmupEpochs: configuration.schedule.warmupEpochs, callbacks: callbacks,
            checkpointDirectory: configuration.callbacks.checkpointDir, targetAccuracy: configuration.callbacks.targetAccuracy?.target,
            layers: (try? configuration.model.sequential()).flatMap { model in
                if case .layers = configuration.model { model.layers.map(\.summary) } else { nil }
            })
    }
}
