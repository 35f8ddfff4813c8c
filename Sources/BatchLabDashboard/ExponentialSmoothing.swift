/// TensorBoard's and W&B's "smoothing" slider: an exponential moving average with weight
/// `weight` ∈ [0, 1), debiased so the first points are not pulled toward 0:
///
///     m₀ = 0;  mᵢ = weight · mᵢ₋₁ + (1 − weight) · yᵢ;  ŷᵢ = mᵢ / (1 − weightⁱ⁺¹)
///
/// Non-finite values pass through unsmoothed and do not enter the average.
func exponentiallySmoothed(_ values: [Double], weight: Double) -> [Double] {
    guard weight > 0 else { return values }
    var average = 0.0, count = 0
    return values.map { value in
        guard value.isFinite else { return value }
        count += 1
        average = weight * average + (1 - weight) * value
        return average / (1 - pow(weight, Double(count)))
    }
}

import Foundation
