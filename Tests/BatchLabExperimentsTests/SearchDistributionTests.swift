import Testing
@testable import BatchLabExperiments

struct SearchDistributionTests {
    private func samples(_ distribution: SearchDistribution, count: Int = 10_000, seed: UInt64 = 7) -> [Double] {
        var generator = SearchRandom(seed: seed)
        return (0..<count).map { _ in distribution.sample(using: &generator) }
    }

    @Test func uniformStaysInRangeWithTheRightMean() {
        let values = samples(.uniform(min: -2, max: 6))
        #expect(values.allSatisfy { $0 >= -2 && $0 <= 6 })
        // Mean 2, standard error 8 / √12 / √10,000 ≈ 0.023; tolerance about 4 standard errors.
        #expect(abs(values.reduce(0, +) / Double(values.count) - 2) < 0.1)
    }

    /// ln x uniform over 3 decades, so each decade holds a third: P(x < 1e-3) = ln 10 / ln 1000.
    @Test func logUniformGivesEachDecadeTheSameShare() {
        let values = samples(.logUniform(min: 1e-4, max: 1e-1))
        #expect(values.allSatisfy { $0 >= 1e-4 && $0 <= 1e-1 })
        let below = Double(values.filter { $0 < 1e-3 }.count) / Double(values.count)
        // Binomial standard error √(⅓·⅔ / 10,000) ≈ 0.0047; tolerance about 4 standard errors.
        #expect(abs(below - 1.0 / 3) < 0.02)
        let middle = Double(values.filter { $0 >= 1e-3 && $0 < 1e-2 }.count) / Double(values.count)
        #expect(abs(middle - 1.0 / 3) < 0.02)
    }

    @Test func intUniformIncludesBothBounds() {
        let values = samples(.intUniform(min: 2, max: 5))
        #expect(Set(values) == [2, 3, 4, 5])
        // Each of 4 values ≈ 2,500 times; standard error √(10,000·¼·¾) ≈ 43.
        for v in [2.0, 3, 4, 5] { #expect(abs(values.filter { $0 == v }.count - 2_500) < 200) }
    }

    @Test func qLogUniformGivesMultiplesOfQ() {
        let values = samples(.qLogUniform(min: 16, max: 512, q: 16))
        #expect(values.allSatisfy { $0 >= 16 && $0 <= 512 && $0.truncatingRemainder(dividingBy: 16) == 0 })
        #expect(values.contains(16) && values.contains(512))
    }

    @Test func choicePicksEveryValue() {
        let values = samples(.choice([0.9, 0.95, 0.99]), count: 3_000)
        #expect(Set(values) == [0.9, 0.95, 0.99])
        #expect(samples(.choice([32]), count: 10) == Array(repeating: 32, count: 10))
    }

    @Test func sameSeedSameSamples() {
        let distribution = SearchDistribution.logUniform(min: 1e-5, max: 1)
        #expect(samples(distribution, count: 50, seed: 3) == samples(distribution, count: 50, seed: 3))
        #expect(samples(distribution, count: 50, seed: 3) != samples(distribution, count: 50, seed: 4))
    }

    @Test func goodBoundsPass() {
        let good: [SearchDistribution] = [.uniform(min: 0, max: 1), .logUniform(min: 1e-4, max: 1),
                                          .intUniform(min: 1, max: 3), .qLogUniform(min: 8, max: 256, q: 8), .choice([1])]
        #expect(good.allSatisfy { $0.validationError(parameter: "x") == nil })
    }

    @Test func badBoundsSayWhatIsWrong() {
        #expect(SearchDistribution.uniform(min: 0.9, max: 0.5).validationError(parameter: "momentum")
            == "'momentum' uniform needs finite min < max (got min 0.9, max 0.5)")
        #expect(SearchDistribution.uniform(min: 0, max: .infinity).validationError(parameter: "m")
            == "'m' uniform needs finite min < max (got min 0.0, max inf)")
        #expect(SearchDistribution.logUniform(min: 0, max: 0.1).validationError(parameter: "lr")
            == "'lr' log_uniform_values needs 0 < min < max, both finite (got min 0.0, max 0.1)")
        #expect(SearchDistribution.logUniform(min: 0.1, max: 0.1).validationError(parameter: "lr")
            == "'lr' log_uniform_values needs 0 < min < max, both finite (got min 0.1, max 0.1)")
        #expect(SearchDistribution.intUniform(min: 8, max: 8).validationError(parameter: "epochs")
            == "'epochs' int_uniform needs min < max (got min 8, max 8)")
        #expect(SearchDistribution.qLogUniform(min: 8, max: 256, q: 16).validationError(parameter: "batch_size")
            == "'batch_size' q_log_uniform_values needs 0 < q ≤ min, so that no sample rounds to 0 (got q 16.0, min 8.0)")
        #expect(SearchDistribution.choice([]).validationError(parameter: "lr") == "'lr' categorical needs at least one value")
        #expect(SearchDistribution.choice([1, .nan]).validationError(parameter: "lr") == "'lr' categorical needs finite values (got nan)")
    }
}
