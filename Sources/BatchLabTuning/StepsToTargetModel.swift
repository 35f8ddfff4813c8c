/// Steps and examples to reach a target loss against batch size (McCandlish et al. 2018, "An
/// Empirical Model of Large-Batch Training", §2.3):
///
///     S(B) = S_min · (1 + B_noise / B),   E(B) = S(B) · B = E_min · (1 + B / B_noise),
///
/// with E_min = S_min · B_noise. For B ≪ B_noise scaling is perfect: doubling B halves the steps
/// at the same examples (E ≈ E_min). For B ≫ B_noise returns diminish: S → S_min while E grows
/// in proportion to B. At B = B_noise, S = 2 S_min and E = 2 E_min — the balance of the two.
/// B_noise here is the fitted critical batch size, of which B_simple is a cheap estimate.
public struct StepsToTargetModel: Codable, Equatable, Sendable {
    /// One measurement: the steps a run at `batchSize` took to reach the target.
    public struct Point: Codable, Equatable, Sendable {
        public var batchSize: Int
        public var steps: Double
        public init(batchSize: Int, steps: Double) { (self.batchSize, self.steps) = (batchSize, steps) }
    }

    /// S_min.
    public var minimumSteps: Double
    /// B_noise (the critical batch size).
    public var noiseScale: Double

    public init(minimumSteps: Double, noiseScale: Double) {
        (self.minimumSteps, self.noiseScale) = (minimumSteps, noiseScale)
    }

    /// E_min = S_min · B_noise.
    public var minimumExamples: Double { minimumSteps * noiseScale }

    /// S(B) = S_min · (1 + B_noise / B).
    public func steps(batchSize: Double) -> Double { minimumSteps * (1 + noiseScale / batchSize) }

    /// E(B) = E_min · (1 + B / B_noise).
    public func examples(batchSize: Double) -> Double { minimumExamples * (1 + batchSize / noiseScale) }

    /// Both parameters by least squares of S = a + b / B, which is linear in (a, b), with each
    /// residual relative — minimises Σ ((Sᵢ − a − b / Bᵢ) / Sᵢ)² — so a point at 10,000 steps
    /// weighs no more than one at 100. S_min = a, B_noise = b / a. Nil with fewer than two
    /// distinct batch sizes, or when a ≤ 0 or b < 0 (no such curve fits the points).
    public static func fit(_ points: [Point]) -> StepsToTargetModel? {
        var (sw, su, suu, sy, suy) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for point in points {
            let (u, y) = (1 / Double(point.batchSize), point.steps)
            let w = 1 / (y * y)
            (sw, su, suu, sy, suy) = (sw + w, su + w * u, suu + w * u * u, sy + w * y, suy + w * u * y)
        }
        let determinant = sw * suu - su * su
        guard determinant > 1e-12 * sw * suu else { return nil }
        let a = (suu * sy - su * suy) / determinant
        let b = (sw * suy - su * sy) / determinant
        guard a > 0, b >= 0 else { return nil }
        return StepsToTargetModel(minimumSteps: a, noiseScale: b / a)
    }

    /// S_min alone with B_noise fixed (e.g. a measured B_simple): Sᵢ ≈ S_min · cᵢ with
    /// cᵢ = 1 + B_noise / Bᵢ; minimising Σ ((Sᵢ − S_min · cᵢ) / Sᵢ)² gives
    /// S_min = Σ (cᵢ / Sᵢ) / Σ (cᵢ / Sᵢ)². Nil without points.
    public static func fitMinimumSteps(_ points: [Point], noiseScale: Double) -> StepsToTargetModel? {
        guard !points.isEmpty else { return nil }
        let ratios = points.map { (1 + noiseScale / Double($0.batchSize)) / $0.steps }
        let minimumSteps = ratios.reduce(0, +) / ratios.reduce(0) { $0 + $1 * $1 }
        return StepsToTargetModel(minimumSteps: minimumSteps, noiseScale: noiseScale)
    }
}
