import Foundation
import Testing
import BatchLabTuning

struct LRSuggestionsTests {
    // MARK: - A 20-step record derived by hand

    /// 20 recorded steps, `steps` = 20: fastai's window `lrs[20 // 10 : -5]` keeps indices 2…14,
    /// the 13 losses below (the two before and five after are outside it).
    ///
    /// valley — lds (longest strictly decreasing run ending at each point):
    ///   2.0:1  2.1:1  1.9:2  1.8:3  1.85:3  1.65:4  1.4:5  1.2:6  1.0:7  0.9:8  1.1:7  1.5:5  2.5:1;
    ///   the first point to reach 8 is window index 9, so end = 9, start = 9 − 8 = 1,
    ///   sections = 8/3, index = 1 + ⌊2.67⌋ + ⌊1.33⌋ = 4 (loss 1.85) → recorded index 6.
    /// steepest — the rates are geometric, so every ln-step is equal and slopes order as Δloss:
    ///   +0.1 −0.2 −0.1 +0.05 −0.2 −0.25 −0.2 −0.2 −0.1 +0.2 +0.4 +1.0; the least is −0.25, the
    ///   segment starting at window index 5 (1.65 → 1.4) → recorded index 7.
    private let window = [2.0, 2.1, 1.9, 1.8, 1.85, 1.65, 1.4, 1.2, 1.0, 0.9, 1.1, 1.5, 2.5]
    private var record: (lrs: [Double], losses: [Double]) {
        (LRRangeSchedule(steps: 20).learningRates, [2.2, 2.15] + window + [3, 4, 5, 6, 7])
    }

    @Test func windowDropsATenthAndTheLastFive() {
        let (lrs, losses) = LRSuggestions.window(learningRates: record.lrs, smoothedLosses: record.losses, steps: 20)
        #expect(losses == window)
        #expect(lrs == Array(record.lrs[2..<15]))
    }

    @Test func handDerivedIndices() {
        #expect(LRSuggestions.valleyIndex(losses: window) == 4)
        #expect(LRSuggestions.steepestIndex(learningRates: Array(record.lrs[2..<15]), losses: window) == 5)
        let suggestions = LRSuggestions(learningRates: record.lrs, smoothedLosses: record.losses, steps: 20)
        #expect(suggestions.valley == .init(learningRate: record.lrs[6], loss: 1.85))
        #expect(suggestions.steepest == .init(learningRate: record.lrs[7], loss: 1.65))
    }

    /// descent — first 2.0, minimum 0.9 (window index 9): the level is 2.0 − 0.6 · 1.1 = 1.34, first
    /// reached at window index 7 (1.2) → recorded index 9. Fraction 1 gives the minimum itself.
    @Test func descentIsWhereTheLossMadeSixtyPercentOfItsFall() {
        #expect(LRSuggestions.descentIndex(losses: window) == 7)
        #expect(LRSuggestions.descentIndex(losses: window, fraction: 1) == 9)
        #expect(LRSuggestions.descentIndex(losses: window, fraction: 0) == 0)
        let suggestions = LRSuggestions(learningRates: record.lrs, smoothedLosses: record.losses, steps: 20)
        #expect(suggestions.descent == .init(learningRate: record.lrs[9], loss: 1.2))
    }

    /// A loss that never falls below its first value has no descent to suggest from.
    @Test func noDescentWithoutAFall() {
        #expect(LRSuggestions.descentIndex(losses: [2.0, 2.1, 2.0, 2.3]) == nil)
        #expect(LRSuggestions.descentIndex(losses: [2.0]) == nil)
    }

    /// An analysis stored before the descent suggestion existed decodes without it.
    @Test func olderStoredSuggestionsDecode() throws {
        let json = #"{"valley": {"learningRate": 0.001, "loss": 2}, "steepest": {"learningRate": 0.004, "loss": 1.9}}"#
        let decoded = try JSONDecoder().decode(LRSuggestions.self, from: Data(json.utf8))
        #expect(decoded.descent == nil && decoded.valley?.learningRate == 0.001)
    }

    /// A NaN at recorded index 12 cuts the window to indices 2…11 (10 points); the valley is then
    /// the same run (end 9, start 1) and the steepest segment still starts at window index 5.
    @Test func windowStopsAtTheFirstNaN() {
        var losses = record.losses
        losses[12] = .nan
        let (_, cut) = LRSuggestions.window(learningRates: record.lrs, smoothedLosses: losses, steps: 20)
        #expect(cut == Array(window[0..<10]))
        let suggestions = LRSuggestions(learningRates: record.lrs, smoothedLosses: losses, steps: 20)
        #expect(suggestions.valley?.learningRate == record.lrs[6])
        #expect(suggestions.steepest?.learningRate == record.lrs[7])
    }

    // MARK: - Rules on their own

    /// Slopes divide by the ln-step: rates 1, 2, 3, 6 and losses 5, 4, 3, 2 give
    /// −1/ln 2, −1/ln 1.5, −1/ln 2 = −1.44, −2.47, −1.44 → index 1.
    @Test func steepestDividesByTheLogStep() {
        #expect(LRSuggestions.steepestIndex(learningRates: [1, 2, 3, 6], losses: [5, 4, 3, 2]) == 1)
    }

    /// fastai's quirk kept: [2, 1, 3] has its longest valley at points 0–1, so end = 1,
    /// start = 1 − 2 = −1, sections = 2/3, index = −1 + 0 + 0 = −1: Python's last point, 2.
    @Test func valleyOfTwoPointsWrapsAsPython() {
        #expect(LRSuggestions.valleyIndex(losses: [2, 1, 3]) == 2)
    }

    /// Ties: two runs of length 3 (3 > 2 > 1 and 9 > 8 > 7); the first end reached (index 2) wins:
    /// start = −1, sections = 1, index = −1 + 1 + 0 = 0.
    @Test func valleyTiesKeepTheFirstRun() {
        #expect(LRSuggestions.valleyIndex(losses: [3, 2, 1, 9, 8, 7]) == 0)
    }

    @Test func tooFewPointsGiveNil() {
        #expect(LRSuggestions.valleyIndex(losses: [1]) == nil)
        #expect(LRSuggestions.steepestIndex(learningRates: [1], losses: [1]) == nil)
        let lrs = LRRangeSchedule().learningRates
        let short = LRSuggestions(learningRates: Array(lrs[0..<16]), smoothedLosses: Array(repeating: 1, count: 16), steps: 100)
        #expect(short == LRSuggestions(valley: nil, steepest: nil))
        let enough = LRSuggestions(learningRates: Array(lrs[0..<17]), smoothedLosses: (0..<17).map { 2 - 0.01 * Double($0) }, steps: 100)
        #expect(enough.valley != nil && enough.steepest != nil)
    }

    // MARK: - A smooth U-shaped curve over fastai's default range

    /// loss(lr) = 2.3 − 1.5 · σ(2(x − x₀)) + lr, x = ln lr, x₀ = ln 1e-4, at the 100 default rates
    /// lrᵢ = 1e-7 · 10^(8i/99), an ln-step h = 8 ln 10 / 99 = 0.1861. Window: indices 10…94.
    ///
    /// steepest: the secant slope over a segment is steepest where the segment's midpoint is
    /// nearest the inflection x₀ (the sigmoid's slope is symmetric about it; the lr term adds
    /// ≈ 1e-4 to slopes near x₀, far below the 0.0065 between neighbours). x₀ sits at
    /// i = 3 · 99 / 8 = 37.125, so the segment 37–38 (midpoint 37.5) beats 36–37 (36.5):
    /// index 37, lr = 9.77e-5.
    ///
    /// valley: dloss/dx = −3σ(1−σ) + eˣ < 0 from lr = 3.3e-9 (3e^{2(x−x₀)} > eˣ) up to the minimum,
    /// where 3e^{−2(x−x₀)} ≈ eˣ: lr_min = (3 · 1e-8)^(1/3) = 3.107e-3, between i = 55 (2.78e-3) and
    /// 56 (3.35e-3). With L'' = 4eˣ and L''' = −5eˣ there, L(55) − L_min ∝ 2δ² − (5/6)δ³ at
    /// δ = −0.1105 is 0.0255 and L(56) − L_min at δ = +0.076 is 0.0112: the minimum is index 56.
    /// So the window falls strictly from its first point (10) to 56 and rises after: the longest
    /// valley is window 0…46 (length 47; a later point can only tie it), end = 46, start = −1,
    /// sections = 47/3, index = −1 + 15 + 7 = 21 → recorded index 31, lr = 3.2e-5.
    ///
    /// The valley rule lands near the MIDDLE of the run, so on this symmetric drop it sits below
    /// the steepest point, not between it and the minimum.
    @Test func smoothCurve() {
        let lrs = LRRangeSchedule().learningRates
        let x0 = Foundation.log(1e-4)
        let losses = lrs.map { lr in 2.3 - 1.5 / (1 + Foundation.exp(-2 * (Foundation.log(lr) - x0))) + lr }
        let suggestions = LRSuggestions(learningRates: lrs, smoothedLosses: losses, steps: 100)
        #expect(suggestions.steepest?.learningRate == lrs[37])
        #expect(suggestions.valley?.learningRate == lrs[31])
        #expect(losses.indices.min { losses[$0] < losses[$1] } == 56)
        let h = 8 * Foundation.log(10.0) / 99
        let steepest = Foundation.log(suggestions.steepest!.learningRate)
        #expect(steepest <= x0 && x0 - steepest < h)
        #expect(suggestions.valley!.learningRate > lrs[10] && suggestions.valley!.learningRate < lrs[56])
    }
}
