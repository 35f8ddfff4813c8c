import BatchLabCore
import Testing
@testable import BatchLabNN
@testable import BatchLabOptim

func makeParameter(_ values: [Float], engine: Engine) throws -> Parameter {
    var generator = SplitMix64(seed: 0)
    let parameter = Parameter(ParameterSpec(name: "p", shape: [values.count], initializer: .zeros), engine: engine,
                              generator: &generator)
    try parameter.value.setPlainValues(values, engine: engine)
    return parameter
}

@Suite struct AdamTests {
    /// Reference: NumPy 2.4, float64, Keras's update (lr 0.01, β1 0.9, β2 0.999, ε 1e-7):
    ///   a = lr·√(1−β2ᵗ)/(1−β1ᵗ); m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; θ −= a·m/(√v + ε)
    /// from θ = [0.5, −1, 2, 0] with g1 = [0.1, −0.2, 0.3, 0], g2 = [−0.05, 0.4, 0.1, 1].
    @Test func matchesNumPyKerasAdam() throws {
        let engine = try Engine(threads: 1)
        let parameter = try makeParameter([0.5, -1, 2, 0], engine: engine)
        var adam = Adam()
        let expected: [[Float]] = [[0.490000316, -0.990000158, 1.99000011, 0],
                                   [0.487337021, -0.993661167, 1.98128955, -0.0074413447]]
        for (gradient, expectation) in zip([[0.1, -0.2, 0.3, 0], [-0.05, 0.4, 0.1, 1]] as [[Float]], expected) {
            try parameter.gradient.setPlainValues(gradient, engine: engine)
            adam.update([parameter], learningRate: 0.01)
            let values = try parameter.value.plainValues(engine: engine)
            for (a, e) in zip(values, expectation) { #expect(abs(a - e) <= 1e-6, "\(a) vs \(e)") }
        }
        #expect(adam.iterations == 2)
    }

    @Test func splitsLargeParametersAcrossThreadsWithTheSameResult() throws {
        let engine = try Engine(threads: 2)
        let count = 200_003
        let start = (0..<count).map { Float(($0 % 97)) / 97 - 0.5 }
        let gradient = (0..<count).map { Float(($0 % 89)) / 89 - 0.4 }
        var results: [[Float]] = []
        for threads in [1, 2] {
            let parameter = try makeParameter(start, engine: engine)
            try parameter.gradient.setPlainValues(gradient, engine: engine)
            var adam = Adam(threads: threads)
            adam.update([parameter], learningRate: 0.001)
            adam.update([parameter], learningRate: 0.001)
            results.append(try parameter.value.plainValues(engine: engine))
        }
        #expect(results[0] == results[1])
    }
}

@Suite struct SGDTests {
    /// By hand: lr 0.1, momentum 0.9, g = 1 twice from θ = 0.
    /// classical: v1 = −0.1, θ1 = −0.1; v2 = −0.19, θ2 = −0.29.
    /// Nesterov:  θ1 = 0.9·(−0.1) − 0.1 = −0.19; θ2 = −0.19 + 0.9·(−0.19) − 0.1 = −0.461.
    @Test func momentumAndNesterov() throws {
        let engine = try Engine(threads: 1)
        for (nesterov, expected) in [(false, [Float(-0.1), -0.29]), (true, [-0.19, -0.461])] {
            let parameter = try makeParameter([0], engine: engine)
            try parameter.gradient.setPlainValues([1], engine: engine)
            var sgd = SGD(momentum: 0.9, nesterov: nesterov)
            for value in expected {
                sgd.update([parameter], learningRate: 0.1)
                #expect(abs(parameter.value.floats[0] - value) <= 1e-6)
            }
        }
    }
}
