import BatchLabCore
import Testing
@testable import BatchLabNN

/// Forward values against numbers computed independently with NumPy 2.4 (float64), by direct
/// loops over the definitions: x[i] = sin(0.37 i), kernel[j] = 0.5 cos(0.11 j), both in plain
/// (N, C, H, W) / (O, C, kh, kw) order; dense x[i] = sin(0.5 i + 1), W[j] = cos(0.3 j).
/// Tolerance 1e-5 absolute (float32 against float64).
@Suite struct ReferenceValueTests {
    @Test func conv2DSamePaddingWithReLU() throws {
        let engine = try Engine(threads: 1)
        let model = Sequential { Conv2D(3, kernelSize: 3, padding: .same, activation: .relu) }
        let network = try Network(model, inputShape: [2, 4, 4], engine: engine, seed: 0)
        let plan = try network.plan(batchSize: 1, training: false)
        let (kernel, bias) = (network.parameters[0], network.parameters[1])
        try kernel.value.setPlainValues((0..<54).map { Float(0.5 * cos(0.11 * Double($0))) }, engine: engine)
        try bias.value.setPlainValues([0.1, -0.2, 0.05], engine: engine)
        _ = plan.input.floats.update(fromContentsOf: (0..<32).map { Float(sin(0.37 * Double($0))) })
        try plan.forward(step: 0)
        // NumPy: np.maximum(correlate(pad(x, 1), w) + b, 0), shape (1, 3, 4, 4)
        let expected: [Float] = [
            0.6616635, 1.234608, 1.58116, 1.307745, 1.066547, 1.846496, 2.070851, 1.487159, 1.039705, 1.201718,
            0.5292625, 0.05734143, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1291563, 1.082749, 0.9836927, 1.070094,
            2.109295, 2.796438, 1.938716, 0.8025469, 1.180776, 1.287501, 0.7639331, 0.571311, 0.4183679,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0.09644182]
        let actual = Array(plan.output.floats.prefix(48))
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) <= 1e-5, "\(a) vs \(e)") }
    }

    @Test func denseSoftmaxAndKerasCrossEntropy() throws {
        let engine = try Engine(threads: 1)
        let model = Sequential { Dense(3, activation: .softmax) }
        let network = try Network(model, inputShape: [5], engine: engine, seed: 0)
        let plan = try network.plan(batchSize: 2, training: false)
        try network.parameters[0].value.setPlainValues((0..<15).map { Float(cos(0.3 * Double($0))) }, engine: engine)
        try network.parameters[1].value.setPlainValues([0.1, 0, -0.1], engine: engine)
        _ = plan.input.floats.update(fromContentsOf: (0..<10).map { Float(sin(0.5 * Double($0) + 1)) })
        try plan.forward(step: 0)
        // NumPy: softmax(x @ W.T + b), then -(y * log(clip(p, 1e-7, 1 - 1e-7))).sum(1).mean()
        let expected: [Float] = [0.9843436, 0.01385818, 0.001798262, 0.002790392, 0.2826168, 0.7145928]
        for (a, e) in zip(plan.output.floats.prefix(6), expected) { #expect(abs(a - e) <= 1e-5) }
        let targets: [Float] = [0, 1, 0, 1, 0, 0]
        let measured = CategoricalCrossentropy().evaluate(probabilities: plan.output.floats.baseAddress!, targets: targets,
                                                          count: 2, classes: 3)
        #expect(abs(measured.lossSum / 2 - 5.080226) <= 1e-4)
        #expect(measured.correct == 0)
    }

    @Test func crossEntropyClipsSaturatedPredictions() {
        // A certain wrong prediction costs −ln(1e-7) = 16.118096 and passes no gradient.
        let probabilities: [Float] = [1, 0, 0]
        let targets: [Float] = [0, 1, 0]
        let loss = CategoricalCrossentropy()
        let measured = loss.evaluate(probabilities: probabilities, targets: targets, count: 1, classes: 3)
        #expect(abs(measured.lossSum - 16.118096) <= 1e-4)
        var gradient = [Float](repeating: 9, count: 3)
        loss.logitGradient(probabilities: probabilities, targets: targets, count: 1, batchSize: 1, classes: 3, into: &gradient)
        #expect(gradient == [0, 0, 0])
        // Unclipped rows get (p − y) / N.
        loss.logitGradient(probabilities: [0.5, 0.3, 0.2], targets: targets, count: 1, batchSize: 2, classes: 3, into: &gradient)
        #expect(zip(gradient, [0.25, -0.35, 0.1]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func aNaNProbabilityMakesTheLossNaNAsInKeras() {
        // TensorFlow 2.15: keras.losses.categorical_crossentropy([[0., 1., 0.]], [[nan, 0.5, 0.5]]) → [nan]
        // (clip_by_value keeps NaN, and 0 · log(NaN) is NaN), whichever class holds the NaN.
        let loss = CategoricalCrossentropy()
        for probabilities: [Float] in [[.nan, 0.5, 0.5], [0.2, .nan, 0.5]] {
            let measured = loss.evaluate(probabilities: probabilities, targets: [0, 1, 0], count: 1, classes: 3)
            #expect(measured.lossSum.isNaN)
        }
    }
}

import Foundation
