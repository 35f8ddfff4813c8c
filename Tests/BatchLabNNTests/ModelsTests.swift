import BatchLabCore
import Testing
@testable import BatchLabNN

@Suite struct ModelsTests {
    @Test func parameterCountsMatchKeras() throws {
        // Keras model.count_params() for the tutorial's model and the cifar10_cnn example.
        #expect(try Models.seedCNN.parameterCount(inputShape: [3, 32, 32]) == 821_206)
        #expect(try Models.kerasCNN.parameterCount(inputShape: [3, 32, 32]) == 1_250_858)
    }

    @Test func shapeErrorsNameTheLayer() {
        let model = Sequential { Dense(10) }
        #expect(throws: ShapeError.self) { try model.summary(inputShape: [3, 32, 32]) }
    }

    @Test func keepsSamePaddingGeometry() {
        #expect(Padding.same.geometry(input: 32, kernel: 3, stride: 1) == (32, 1, 1))
        #expect(Padding.same.geometry(input: 15, kernel: 3, stride: 2) == (8, 1, 1))
        #expect(Padding.valid.geometry(input: 15, kernel: 3, stride: 1) == (13, 0, 0))
    }
}

@Suite struct ImplementationTests {
    /// oneDNN falls back to its reference code (`ref:…`, orders of magnitude slower) when asked for
    /// a layout its fast kernels do not take; every primitive of the named models must avoid it.
    @Test(arguments: ["seed-cnn", "keras-cnn"])
    func namedModelsAvoidReferenceImplementations(_ name: String) throws {
        let model = try #require(Models.named(name))
        let engine = try Engine(threads: 1)
        let network = try Network(model, inputShape: [3, 32, 32], engine: engine, seed: 0)
        for batchSize in [32, 7] {
            _ = try network.plan(batchSize: batchSize, training: true)
            _ = try network.plan(batchSize: batchSize, training: false)
        }
        let slow = engine.implementations.filter { $0.hasPrefix("ref") }
        #expect(slow.isEmpty, "\(model.name) uses \(slow.sorted())")
        #expect(!engine.implementations.isEmpty)
    }
}
