/// Categorical cross-entropy on one-hot (or soft) targets, with Keras's semantics:
/// L = −(1/N) Σ_n Σ_k y_nk · log(clip(p_nk, ε, 1 − ε)), ε = 1e-7.
///
/// A saturated wrong prediction therefore costs −ln(1e-7) ≈ 16.118, never ∞. A NaN probability
/// makes its row's loss NaN, as in TensorFlow (0 · NaN is NaN), so a broken network reads as one. The gradient
/// is taken with respect to the softmax's logits z, in closed form rather than through 1/p:
///
///     dL/dz_nj = (1/N) (p_nj · Σ_k y_nk u_nk − y_nj u_nj),   u_nk = [ε < p_nk < 1 − ε]
///
/// which is (p − y)/N for an unclipped one-hot row, and zero where the clip is active — exactly
/// what backpropagating through Keras's `clip_by_value` gives. That zero is why a run that
/// saturates (the tutorial's lr 0.1) stays stuck at ≈ 14.5 instead of recovering.
public struct CategoricalCrossentropy {
    public static let epsilon: Float = 1e-7

    public init() {}

    /// Summed (not averaged) loss and number of correct arg-max predictions over `count` rows of
    /// `classes` probabilities.
    public func evaluate(probabilities: UnsafePointer<Float>, targets: UnsafePointer<Float>,
                         count: Int, classes: Int) -> (lossSum: Double, correct: Int) {
        var lossSum = 0.0
        var correct = 0
        let low = Self.epsilon, high = 1 - Self.epsilon
        for n in 0..<count {
            let p = probabilities + n * classes, y = targets + n * classes
            var rowLoss: Float = 0
            var predicted = 0, actual = 0
            for k in 0..<classes {
                // Keras's y · log(p) is NaN wherever p is, even where y is 0.
                if p[k].isNaN { rowLoss = .nan }
                if y[k] != 0 { rowLoss -= y[k] * Float.log(min(max(p[k], low), high)) }
                if p[k] > p[predicted] { predicted = k }
                if y[k] > y[actual] { actual = k }
            }
            lossSum += Double(rowLoss)
            if predicted == actual { correct += 1 }
        }
        return (lossSum, correct)
    }

    /// Writes dL/dz (above) for the first `count` rows of a `batchSize`-row buffer, divided by
    /// `meanOver` (default `batchSize`), and zeros after them. A data-parallel rank's share
    /// divides by the global batch, so the ranks' gradients sum to the batch mean's.
    public func logitGradient(probabilities: UnsafePointer<Float>, targets: UnsafePointer<Float>,
                              count: Int, batchSize: Int, meanOver: Int? = nil, classes: Int,
                              into gradient: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(meanOver ?? batchSize)
        let low = Self.epsilon, high = 1 - Self.epsilon
        for n in 0..<count {
            let p = probabilities + n * classes, y = targets + n * classes, g = gradient + n * classes
            var activeTarget: Float = 0
            for k in 0..<classes where p[k] > low && p[k] < high {
                activeTarget += y[k]
            }
            for j in 0..<classes {
                let active: Float = p[j] > low && p[j] < high ? 1 : 0
                g[j] = (p[j] * activeTarget - y[j] * active) * scale
            }
        }
        (gradient + count * classes).update(repeating: 0, count: (batchSize - count) * classes)
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension Float {
    static func log(_ x: Float) -> Float { logf(x) }
}
