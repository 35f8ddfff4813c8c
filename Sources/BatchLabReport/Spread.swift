import Foundation

/// The mean and sample standard deviation (n − 1) of repeated measurements, e.g. one run's final
/// val_accuracy over several seeds.
public struct Spread: Equatable, Sendable {
    public var mean: Double
    /// Sample standard deviation; 0 for a single value.
    public var standardDeviation: Double
    public var count: Int

    /// Nil without values; non-finite values are left out.
    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        let count = finite.count
        let mean = finite.reduce(0, +) / Double(count)
        let squares = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        (self.count, self.mean) = (count, mean)
        standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
    }

    /// "0.641 ± 0.004" in `format` (one value: the value alone).
    public func text(_ format: String = "%.3f") -> String {
        count > 1 ? String(format: "\(format) ± \(format)", mean, standardDeviation) : String(format: format, mean)
    }
}

/// Welch's t-test of two samples' means (unequal variances; Welch 1947): t, the
/// Welch–Satterthwaite degrees of freedom, and the two-sided p-value from Student's t
/// distribution, as scipy.stats.ttest_ind(a, b, equal_var=False) gives them. Where neither sample
/// varies (scipy: nan), p is 0 when the means differ and 1 when they are equal.
public struct WelchTest: Equatable, Sendable {
    public var t: Double
    public var degreesOfFreedom: Double
    public var p: Double

    /// The significance level the report's sentences use.
    public static let level = 0.05

    /// Nil unless both samples have two finite values or more.
    public init?(_ a: [Double], _ b: [Double]) {
        guard let first = Spread(a), let second = Spread(b), first.count >= 2, second.count >= 2 else { return nil }
        let (va, vb) = (first.standardDeviation * first.standardDeviation / Double(first.count),
                        second.standardDeviation * second.standardDeviation / Double(second.count))
        let difference = first.mean - second.mean
        guard va + vb > 0 else {
            // No spread at all: the means are equal or not, with certainty.
            (t, degreesOfFreedom, p) = (difference == 0 ? 0 : difference.sign == .minus ? -.infinity : .infinity,
                                        Double(first.count + second.count - 2), difference == 0 ? 1 : 0)
            return
        }
        t = difference / (va + vb).squareRoot()
        degreesOfFreedom = (va + vb) * (va + vb) / (va * va / Double(first.count - 1) + vb * vb / Double(second.count - 1))
        p = Self.twoSidedP(t: t, degreesOfFreedom: degreesOfFreedom)
    }

    /// Whether the difference is significant at `level`.
    public var isSignificant: Bool { p < Self.level }

    /// P(|T| ≥ |t|) for Student's t with ν degrees of freedom: I_{ν/(ν+t²)}(ν/2, 1/2).
    static func twoSidedP(t: Double, degreesOfFreedom ν: Double) -> Double {
        regularizedIncompleteBeta(x: ν / (ν + t * t), a: ν / 2, b: 0.5)
    }

    /// I_x(a, b) by its continued fraction (DLMF 8.17.22), evaluated with the modified Lentz
    /// method, on the side of the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges fast.
    static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(x: 1 - x, a: b, b: a) }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logFront: Double = a * log(x) + b * log(1 - x) - logBeta
        let tiny = 1e-300
        var (f, c, d) = (tiny, tiny, 0.0)
        for j in 1...10_000 {
            let numerator: Double
            if j == 1 {
                numerator = 1
            } else {
                // d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)),  d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)).
                let m = Double((j - 1) / 2)
                let twoM: Double = 2 * m
                if (j - 1) % 2 == 1 {
                    let top: Double = -(a + m) * (a + b + m) * x
                    numerator = top / ((a + twoM) * (a + twoM + 1))
                } else {
                    let top: Double = m * (b - m) * x
                    numerator = top / ((a + twoM - 1) * (a + twoM))
                }
            }
            d = 1 + numerator * d
            d = abs(d) < tiny ? tiny : d
            c = 1 + numerator / c
            c = abs(c) < tiny ? tiny : c
            d = 1 / d
            f *= c * d
            if abs(c * d - 1) < 1e-15 { break }
        }
        return exp(logFront) * f / a
    }
}
