import BatchLabCore
import BatchLabNN
import BatchLabOptim
import CDNNL
import Foundation
import Testing
@testable import BatchLabTraining

/// Save and restore through blocked layouts with padding, pinned so that every CPU runs them
/// (AVX2 kernels would pick 8-wide blocks that pad nothing here): a resumed run must start from
/// exactly the bytes the uninterrupted run had — padding included, which must stay zero — and
/// repeat its numbers. 16 examples in batches of 6 end every epoch with a partial batch of 4;
/// ReduceLROnPlateau drops the lr during the run, so its counters must come back too.
@Suite struct PaddedLayoutResumeTests {
    /// Conv kernel (4, 3, 3, 3) in 16×16 blocks: 4 filters padded to 16, 3 channels to 16.
    /// Dense kernel (32, 64) in 64×16 blocks (AVX-512's inner-product layout): 32 units padded to 64;
    /// (4, 32) in 16×16 blocks: 4 units padded to 16.
    static let pinned: [(layer: Int, tag: dnnl_format_tag_t)] = [(0, dnnl_ABcd16b16a), (3, dnnl_AB16b64a), (5, dnnl_AB16b16a)]

    /// A fresh trainer whose kernels are pinned to the padded layouts before any plan is built.
    func makeTrainer() throws -> (Trainer, [any Callback]) {
        let engine = try Engine(threads: 1)
        let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: 3)
        for (layer, tag) in Self.pinned {
            let kernel = network.layers[layer].parameters[0]
            try kernel.adoptLayout(MemoryDesc(dims: kernel.shape, tag: tag), engine: engine)
            kernel.freezeLayout()
        }
        let callbacks: [any Callback] = [ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, minDelta: 0.5)]
        return (Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 3), callbacks)
    }

    /// Every trainable parameter's physical buffer, then every optimizer slot's.
    static func physicalState(_ trainer: Trainer) -> [[Float]] {
        trainer.network.trainableParameters.map { Array($0.value.floats) }
            + trainer.optimizer.slots.sorted { $0.key < $1.key }.flatMap(\.value)
    }

    /// Takes `physicalState` at the end of epoch `epoch`, after its steps.
    final class Snapshot: Callback {
        let epoch: Int
        weak var trainer: Trainer?
        var state: [[Float]] = []
        init(epoch: Int) { self.epoch = epoch }
        func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
            if state.epoch == epoch, let trainer { self.state = PaddedLayoutResumeTests.physicalState(trainer) }
        }
    }

    @Test func theLayoutsArePaddedAndKeptByThePlans() throws {
        let (trainer, _) = try makeTrainer()
        _ = try trainer.network.plan(batchSize: 6, training: true)
        for (layer, tag) in Self.pinned {
            let kernel = trainer.network.layers[layer].parameters[0]
            #expect(kernel.value.desc == MemoryDesc(dims: kernel.shape, tag: tag))
            #expect(kernel.value.desc.isPadded)
        }
    }

    @Test func aResumedRunStartsFromTheSameBytesAndRepeatsTheNumbers() throws {
        let data = tinyDataset()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("padded-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }

        var (trainer, callbacks) = try makeTrainer()
        let snapshot = Snapshot(epoch: 2)
        snapshot.trainer = trainer
        callbacks.append(snapshot)
        let uninterrupted = try trainer.fit(data, validation: data, epochs: 5, batchSize: 6, callbacks: &callbacks).history
        #expect(Set(uninterrupted.map { $0["lr"]! }).count > 1, "the plateau callback never dropped the lr")

        (trainer, callbacks) = try makeTrainer()
        _ = try trainer.fit(data, validation: data, epochs: 2, batchSize: 6, callbacks: &callbacks,
                            checkpoint: ModelCheckpoint(directory: directory))

        (trainer, callbacks) = try makeTrainer()
        try TrainingCheckpoint.load(from: directory).restore(into: trainer, batchSize: 6, stepsPerEpoch: 3, callbacks: &callbacks)
        let restored = Self.physicalState(trainer)
        #expect(restored.count == snapshot.state.count)
        for (index, (expected, actual)) in zip(snapshot.state, restored).enumerated() {
            // Bit patterns: padding must be +0 in both, and NaN would not equal itself.
            #expect(expected.map(\.bitPattern) == actual.map(\.bitPattern), "buffer \(index) differs after restore")
        }

        let resumed = try trainer.fit(data, validation: data, epochs: 5, initialEpoch: 2, batchSize: 6, callbacks: &callbacks).history
        #expect(resumed.map { $0["epoch"] } == [3, 4, 5])
        for (expected, actual) in zip(uninterrupted.suffix(3), resumed) {
            for key in ["loss", "accuracy", "val_loss", "val_accuracy", "lr"] {
                #expect(expected[key] == actual[key], "\(key) at epoch \(expected["epoch"]!)")
            }
        }
    }

    /// The padding of weights, gradients and optimizer slots stays zero while training, in the
    /// pinned layouts and in whatever layouts this CPU's kernels chose for the other parameters.
    @Test func paddingStaysZeroWhileTraining() throws {
        var (trainer, callbacks) = try makeTrainer()
        _ = try trainer.fit(tinyDataset(), validation: nil, epochs: 2, batchSize: 6, callbacks: &callbacks)
        let engine = trainer.network.engine
        let slots = trainer.optimizer.slots
        for (index, parameter) in trainer.network.trainableParameters.enumerated() {
            let padding = try paddingMask(parameter.value.desc, engine: engine)
            let buffers = [("value", Array(parameter.value.floats)), ("gradient", Array(parameter.gradient.floats))]
                + slots.map { ($0.key, $0.value[index]) }
            for (name, buffer) in buffers {
                let nonZero = zip(buffer, padding).filter { $1 && $0.bitPattern != 0 }.count
                #expect(nonZero == 0, "\(parameter.name) \(name): \(nonZero) padded elements are not zero")
            }
        }
    }

    /// EarlyStopping's best weights, saved from the padded layouts and put back into plain ones
    /// (as a checkpoint read on a CPU whose kernels block differently): the same logical values.
    @Test func bestWeightsCrossLayouts() throws {
        let data = tinyDataset()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("best-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (trainer, _) = try makeTrainer()
        (trainer.optimizer, trainer.learningRate) = (Adam(), 0.05)  // val_loss wanders: the best epoch is not the last
        var callbacks: [any Callback] = [EarlyStopping(patience: 100, restoreBestWeights: trainer.network)]
        _ = try trainer.fit(data, validation: data, epochs: 8, batchSize: 6, callbacks: &callbacks,
                            checkpoint: ModelCheckpoint(directory: directory))
        let best = try TrainingCheckpoint.load(from: directory, name: "best")

        let engine = try Engine(threads: 1)
        let plain = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: 99)
        for (layer, _) in Self.pinned {
            let kernel = plain.layers[layer].parameters[0]
            kernel.freezeLayout()  // stays in the plain layout it starts in
            #expect(kernel.value.desc.isPlain)
        }
        var restored: [any Callback] = [EarlyStopping(patience: 100, restoreBestWeights: plain)]
        let last = try TrainingCheckpoint.load(from: directory)
        try last.restore(into: Trainer(network: plain, optimizer: Adam(), learningRate: 0.01, seed: 3), batchSize: 6, stepsPerEpoch: 3, callbacks: &restored)
        // The best epoch is not the last, so putting the best weights back changes them.
        #expect(best.metadata.epoch < last.metadata.epoch)
        var state = TrainingState(epochs: 8, stepsPerEpoch: 3, batchSize: 6, learningRate: 0.05)
        restored[0].onTrainEnd(state: &state)
        for (layer, _) in Self.pinned {
            let name = "layers.\(layer).kernel"
            #expect(try plain.layers[layer].parameters[0].value.plainValues(engine: engine) == best.tensors[name]?.values, "\(name)")
        }
    }

    /// A checkpoint written before best weights were kept in plain order holds them as the
    /// physical buffers, keyed by index: put back as they are into a layout of the same size.
    @Test func bestWeightsOfOlderCheckpointsStillComeBack() throws {
        let (trainer, _) = try makeTrainer()
        _ = try trainer.network.plan(batchSize: 6, training: true)
        let kernel = trainer.network.layers[3].parameters[0]
        let saved = (0..<kernel.value.floats.count).map { Float($0 % 7) }
        let index = trainer.network.parameters.firstIndex { $0 === kernel }!
        var stopping = EarlyStopping(patience: 1, restoreBestWeights: trainer.network)
        stopping.checkpointTensors = ["\(index)": saved]
        var state = TrainingState(epochs: 1, stepsPerEpoch: 1, batchSize: 6, learningRate: 0.01)
        stopping.onTrainEnd(state: &state)
        #expect(Array(kernel.value.floats) == saved, "the physical buffer was not put back")
    }

    /// True at the physical elements of `desc` that hold no logical value.
    func paddingMask(_ desc: MemoryDesc, engine: Engine) throws -> [Bool] {
        let ones = Tensor(.plain(desc.dims), engine: engine)
        ones.floats.update(repeating: 1)
        let physical = Tensor(desc, engine: engine)
        try Reorder(from: ones, to: physical, engine: engine).execute(on: engine)
        engine.wait()
        return physical.floats.map { $0 != 1 }
    }
}
