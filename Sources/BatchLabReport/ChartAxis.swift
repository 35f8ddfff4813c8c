import Foundation

/// One axis of a chart: its domain and ticks in axis space (values as is on a linear scale,
/// exponents of the base on a logarithmic one).
///
/// Linear: the data range, padded when all values are equal (±10 %, or ±1 around 0), widened
/// to whole multiples of a "nice" step (1, 2 or 5 × 10^k, about five intervals; at least 1 when
/// every value is a whole number).
/// Logarithmic: equal values are padded by ±0.15 of a power. Base 10 within two decades: ticks and
/// bounds at 1, 2 and 5 × 10^k. Otherwise widened to whole powers of the base, ticks at every
/// power, or every k-th when there would be more than eight intervals.
struct ChartAxis: Equatable {
    struct Tick: Equatable {
        /// Position in axis space.
        var position: Double
        var label: String
    }

    var scale: LineChart.Scale
    var lower: Double
    var upper: Double
    var ticks: [Tick]

    /// An axis covering `values`, which must all be accepted by `scale`; empty gives 0…1 (linear)
    /// or 1…10 (log10), 1…2 (log2).
    init(scale: LineChart.Scale, values: [Double]) {
        self.scale = scale
        let positions = values.map(scale.transform)
        if let base = scale.base {
            (lower, upper, ticks) = Self.logarithmic(base: base, covering: positions)
        } else {
            (lower, upper, ticks) = Self.niceSteps(covering: positions)
        }
    }

    /// Where a value (in data space) lies: 0 at `lower`, 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        (scale.transform(value) - lower) / (upper - lower)
    }

    // MARK: - Linear

    static func niceSteps(covering values: [Double]) -> (Double, Double, [Tick]) {
        var low = values.min() ?? 0, high = values.max() ?? 1
        // Whole-number data (epochs, batch sizes) spanning a range gets whole-number ticks.
        let integral = high > low && values.allSatisfy { $0 == $0.rounded() }
        if high <= low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let step = integral ? max(1, niceStep(for: (high - low) / 5)) : niceStep(for: (high - low) / 5)
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        guard step.isFinite, step > 0, first * step < last * step, last - first <= 50 else {
            return (low, high, [Tick(position: low, label: format(low, decimals: 3)),
                                Tick(position: high, label: format(high, decimals: 3))])
        }
        let decimals = max(0, Int(-(log10(step) + 1e-9).rounded(.down)))
        let ticks = stride(from: first, through: last, by: 1).map {
            Tick(position: $0 * step, label: format($0 * step, decimals: decimals))
        }
        return (first * step, last * step, ticks)
    }

    /// The smallest 1, 2 or 5 × 10^k that is ≥ `raw`.
    static func niceStep(for raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let factor: Double = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10
        return factor * magnitude
    }

    static func format(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", value + 0.0 == 0 ? 0.0 : value)
    }

    // MARK: - Logarithmic

    static func logarithmic(base: Double, covering exponents: [Double]) -> (Double, Double, [Tick]) {
        var low = exponents.min() ?? 0, high = exponents.max() ?? 1
        if high - low < 1e-9 { (low, high) = (low - 0.15, high + 0.15) }
        let firstPower = (low + 1e-9).rounded(.down), lastPower = (high - 1e-9).rounded(.up)
        if base == 10, lastPower - firstPower <= 2 {
            return oneTwoFive(low, high, powers: firstPower, lastPower)
        }
        let every = max(1, ((lastPower - firstPower) / 8).rounded(.up))
        let lower = (firstPower / every).rounded(.down) * every
        let upper = lower + ((lastPower - lower) / every).rounded(.up) * every
        let ticks = stride(from: lower, through: upper, by: every).map {
            Tick(position: $0, label: powerLabel(base: base, exponent: $0))
        }
        return (lower, upper, ticks)
    }

    /// Ticks at 1, 2 and 5 × each power of ten, the domain from the last at or below `low`
    /// to the first at or above `high`.
    static func oneTwoFive(_ low: Double, _ high: Double, powers first: Double, _ last: Double) -> (Double, Double, [Tick]) {
        let candidates = stride(from: first, through: last, by: 1).flatMap { exponent in
            [1.0, 2, 5].map { Tick(position: exponent + log10($0), label: powerLabel(base: 10, exponent: exponent, times: $0)) }
        }.filter { $0.position <= last + 1e-9 }
        let start = candidates.lastIndex { $0.position <= low + 1e-9 } ?? 0
        let end = max(start + 1, candidates.firstIndex { $0.position >= high - 1e-9 } ?? candidates.count - 1)
        let ticks = Array(candidates[start...min(end, candidates.count - 1)])
        return (ticks.first?.position ?? first, ticks.last?.position ?? last, ticks)
    }

    /// multiplier × base^exponent written plainly when short (0.001…5000; powers of two
    /// 0.125…2^20), else as 1e-5, 2e-5 or 2^24.
    static func powerLabel(base: Double, exponent: Double, times multiplier: Double = 1) -> String {
        let plainRange: ClosedRange<Double> = base == 10 ? -3...3 : -3...20
        guard plainRange.contains(exponent) else {
            return base == 10 ? "\(Int(multiplier))e\(Int(exponent))" : "2^\(Int(exponent))"
        }
        return format(multiplier * pow(base, exponent), decimals: max(0, Int(-exponent)))
    }
}
