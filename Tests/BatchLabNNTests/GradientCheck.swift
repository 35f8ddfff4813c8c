import BatchLabCore
import Testing
@testable import BatchLabNN

/// Compares every trainable parameter's analytic gradient with central finite differences of
/// f(θ) = Σ output ⊙ R (R fixed random), on a few coordinates per parameter, in a training plan.
/// Float32 with h = 1e-3 (the objective is summed in Double): |fd − analytic| ≤ 1e-2 + 2e-2·|fd|.
/// ReLU and max pooling make f piecewise smooth: a coordinate whose one-sided differences
/// disagree has a kink within ±h and is skipped; at least half the coordinates must be checked.
func checkGradients(_ model: Sequential, inputShape: [Int] = [2, 6, 6], batchSize: Int = 4,
                    coordinates: Int = 8, crossEntropy: Bool = false) throws {
    let engine = try Engine(threads: 1)
    let network = try Network(model, inputShape: inputShape, engine: engine, seed: 3)
    let plan = try network.plan(batchSize: batchSize, training: true)
    var generator = SplitMix64(seed: 11)
    let inputs = (0..<plan.input.desc.elementCount).map { _ in generator.nextFloat(in: -1..<1) }
    _ = plan.input.floats.update(fromContentsOf: inputs)
    let outputCount = plan.output.desc.elementCount
    let classes = outputCount / batchSize
    let weights: [Float] = crossEntropy
        ? (0..<batchSize).flatMap { n in (0..<classes).map { $0 == n % classes ? Float(1) : 0 } }
        : (0..<outputCount).map { _ in generator.nextFloat(in: -1..<1) }
    let loss = CategoricalCrossentropy()

    func objective() throws -> Double {
        try plan.forward(step: 0)
        if crossEntropy {
            return loss.evaluate(probabilities: plan.output.floats.baseAddress!, targets: weights,
                                 count: batchSize, classes: classes).lossSum / Double(batchSize)
        }
        return zip(plan.output.floats.prefix(outputCount), weights).reduce(0) { $0 + Double($1.0 * $1.1) }
    }

    _ = try objective()
    if crossEntropy {
        loss.logitGradient(probabilities: plan.output.floats.baseAddress!, targets: weights, count: batchSize,
                           batchSize: batchSize, classes: classes, into: plan.lossGradient.floats.baseAddress!)
    } else {
        _ = plan.lossGradient.floats.update(fromContentsOf: weights)
    }
    try plan.backward(step: 0)

    let h: Float = 1e-3
    var (checked, skipped) = (0, 0)
    let center = try objective()
    for parameter in network.trainableParameters {
        let analytic = try parameter.gradient.plainValues(engine: engine)
        var values = try parameter.value.plainValues(engine: engine)
        for _ in 0..<min(coordinates, parameter.count) {
            let i = Int(generator.next() % UInt64(parameter.count))
            let original = values[i]
            values[i] = original + h
            try parameter.value.setPlainValues(values, engine: engine)
            let up = try objective()
            values[i] = original - h
            try parameter.value.setPlainValues(values, engine: engine)
            let down = try objective()
            values[i] = original
            try parameter.value.setPlainValues(values, engine: engine)
            let (right, left) = ((up - center) / Double(h), (center - down) / Double(h))
            guard abs(right - left) <= 1e-2 + 2e-2 * abs(right) else {
                skipped += 1
                continue
            }
            checked += 1
            let numeric = (up - down) / Double(2 * h)
            #expect(abs(numeric - Double(analytic[i])) <= 1e-2 + 2e-2 * abs(numeric),
                    "\(model.name) \(parameter.name)[\(i)]: finite difference \(numeric), analytic \(analytic[i])")
        }
    }
    #expect(checked >= skipped, "\(model.name): \(skipped) coordinates sat on kinks, only \(checked) checked")
}
