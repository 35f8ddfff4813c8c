import BatchLabTraining

/// Estimates the gradient noise scale at several points of a training run — before the first
/// step and after every `everyEpochs` epochs — with a `GradientNormProbe` on the training data.
/// The noise scale grows as the loss falls (McCandlish et al. 2018, §3), so the later estimates
/// are the ones that matter for the rest of training.
public struct NoiseScaleMonitor: Callback {
    public let probe: GradientNormProbe
    /// Measurements per estimate (pairs of small- and big-batch gradient norms).
    public let measurements: Int
    public let everyEpochs: Int
    public let resamples: Int
    /// Every estimate so far, in training order.
    public private(set) var estimates: [NoiseScaleEstimate] = []
    private let onEstimate: (NoiseScaleEstimate) -> Void
    private let shouldStop: () -> Bool

    /// `shouldStop` ends a measurement early and the run with it (`StopRequest.interrupt`).
    public init(probe: GradientNormProbe, measurements: Int, everyEpochs: Int = 1, resamples: Int = 1000,
                shouldStop: @escaping () -> Bool = { false }, onEstimate: @escaping (NoiseScaleEstimate) -> Void = { _ in }) {
        precondition(measurements >= 2 && everyEpochs >= 1)
        self.probe = probe
        self.measurements = measurements
        self.everyEpochs = everyEpochs
        self.resamples = resamples
        self.onEstimate = onEstimate
        self.shouldStop = shouldStop
    }

    public mutating func onTrainBegin(state: inout TrainingState) {
        measure(step: state.step, epoch: state.epoch, state: &state)
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        if case .diverged? = state.stopRequest { return }
        guard state.epoch % everyEpochs == 0 || state.epoch == state.epochs else { return }
        guard let estimate = measure(step: Int(logs["step"] ?? Double(state.step + 1)), epoch: state.epoch, state: &state) else { return }
        logs["noise_scale"] = estimate.bSimple
    }

    @discardableResult
    private mutating func measure(step: Int, epoch: Int, state: inout TrainingState) -> NoiseScaleEstimate? {
        let pairs: [GradientNormPair]
        do {
            pairs = try probe.measure(count: measurements, shouldStop: shouldStop)
        } catch is Interrupted {
            state.stopRequest = .interrupt
            return nil
        } catch {
            return nil
        }
        let estimate = GradientNoiseScale.estimate(smallBatchSize: probe.smallBatchSize, bigBatchSize: probe.bigBatchSize,
                                                   measurements: pairs, resamples: resamples, seed: UInt64(step),
                                                   step: step, epoch: epoch)
        estimates.append(estimate)
        onEstimate(estimate)
        return estimate
    }
}
