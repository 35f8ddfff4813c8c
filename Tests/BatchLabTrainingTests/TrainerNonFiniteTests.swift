import BatchLabCore
import BatchLabNN
import BatchLabOptim
import Foundation
import Testing
@testable import BatchLabTraining

/// Keras's TerminateOnNaN, built into `fit`: a NaN stops the run at the step where it appears,
/// and no checkpoint holds non-finite weights.
@Suite struct TrainerNonFiniteTests {
    /// Writes NaN into the output layer's first bias when a given step begins, or ends
    /// (`afterTheStep`), as a blow-up inside the network would. (A NaN in the first layer's kernel
    /// would not reach the loss: oneDNN's ReLU turns it into 0; the check after the epoch finds it.)
    struct InjectNaN: Callback {
        var step: Int
        var afterTheStep = false
        let network: Network

        func onBatchBegin(state: inout TrainingState) {
            if !afterTheStep && state.step + 1 == step { network.parameters.last!.value.floats[0] = .nan }
        }

        func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState) {
            if afterTheStep && state.step + 1 == step { network.parameters.last!.value.floats[0] = .nan }
        }
    }

    func run(injecting inject: (Network) -> InjectNaN) throws -> (Trainer.Outcome, [EpochLogs], URL) {
        let engine = try Engine(threads: 1)
        let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: 3)
        let trainer = Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 3)
        var callbacks: [any Callback] = [inject(network)]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nan-\(UUID().uuidString)")
        let data = tinyDataset()
        // 16 examples in batches of 6: steps 1–3 are epoch 1, 4–6 epoch 2, 7–9 epoch 3.
        let (outcome, history) = try trainer.fit(data, validation: data, epochs: 5, batchSize: 6, callbacks: &callbacks,
                                                 checkpoint: ModelCheckpoint(directory: directory))
        return (outcome, history, directory)
    }

    @Test func aNaNStopsTheRunAtItsStepWithoutACheckpointOfThatEpoch() throws {
        let (outcome, history, directory) = try run { InjectNaN(step: 8, network: $0) }
        #expect(outcome == .diverged(reason: "the loss became nan at step 8"))
        #expect(history.count == 3 && history[2]["step"] == 8 && history[2]["loss"]!.isNaN)
        let checkpoint = try TrainingCheckpoint.load(from: directory)
        #expect(checkpoint.metadata.epoch == 2)
        #expect(checkpoint.tensors.values.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    }

    @Test func weightsThatTurnNonFiniteWithinAnEpochEndItBeforeItsCheckpoint() throws {
        let (outcome, history, directory) = try run { InjectNaN(step: 6, afterTheStep: true, network: $0) }
        #expect(outcome == .diverged(reason: "the weights became non-finite during epoch 2"))
        #expect(history.count == 2)
        #expect(try TrainingCheckpoint.load(from: directory).metadata.epoch == 1)
    }

    @Test func theFiniteCheckReadsEveryKindOfNonFiniteValue() {
        for bad in [Float.nan, .infinity, -.infinity, .signalingNaN] {
            var values = [Float](repeating: 1, count: 37)
            #expect(values.withUnsafeBufferPointer(\.allFinite))
            values[36] = bad
            #expect(!values.withUnsafeBufferPointer(\.allFinite), "\(bad)")
        }
        let extremes: [Float] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 0, -0]
        #expect(extremes.withUnsafeBufferPointer(\.allFinite))
    }
}
