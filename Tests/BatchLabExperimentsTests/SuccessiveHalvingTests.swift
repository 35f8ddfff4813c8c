import Testing
@testable import BatchLabExperiments

struct SuccessiveHalvingTests {
    private func accuracy(eta: Int = 3) -> SuccessiveHalving {
        SuccessiveHalving(metric: "val_accuracy", mode: .max, eta: eta, maxEpochs: 27)
    }

    @Test func rungsAreGeometricAndBelowMaxEpochs() {
        #expect(SuccessiveHalving(metric: "m", mode: .min, minEpochs: 1, eta: 3, maxEpochs: 27).rungs == [1, 3, 9])
        #expect(SuccessiveHalving(metric: "m", mode: .min, minEpochs: 1, eta: 2, maxEpochs: 8).rungs == [1, 2, 4])
        #expect(SuccessiveHalving(metric: "m", mode: .min, minEpochs: 2, eta: 3, maxEpochs: 30).rungs == [2, 6, 18])
        #expect(SuccessiveHalving(metric: "m", mode: .min, minEpochs: 5, maxEpochs: 5).rungs == [])
        #expect(SuccessiveHalving(metric: "m", mode: .min, maxEpochs: 10).eta == 3)
    }

    @Test func theFirstRunAtARungContinues() {
        #expect(accuracy().decide(value: 0.01, atRung: 1, earlier: []) == .continue)
    }

    /// η = 3, max mode, values arriving 0.5, 0.4, 0.6; each keeps the top ⌈n/3⌉:
    /// 0.5: n = 1, keep 1, rank 1 → continue;
    /// 0.4: n = 2, keep 1, rank 2 (0.5 is better) → stop;
    /// 0.6: n = 3, keep 1, rank 1 → continue;
    /// 0.45: n = 4, keep 2, rank 3 (0.5, 0.6 better) → stop;
    /// 0.55: n = 5, keep 2, rank 2 (0.6 better) → continue.
    @Test func keepsTheTopThirdSoFar() {
        let halving = accuracy()
        var earlier: [Double] = []
        var decisions: [Bool] = []
        for value in [0.5, 0.4, 0.6, 0.45, 0.55] {
            decisions.append(halving.decide(value: value, atRung: 3, earlier: earlier) == .continue)
            earlier.append(value)
        }
        #expect(decisions == [true, false, true, false, true])
    }

    /// Min mode, η = 2, losses 1.0, 0.8, 1.2, 0.9: keep ⌈n/2⌉ = 1, 1, 2, 2;
    /// ranks 1, 1 (0.8 < 1.0), 3 (both better), 2 (only 0.8 better) → continue, continue, stop, continue.
    @Test func minModeKeepsTheLowest() {
        let halving = SuccessiveHalving(metric: "val_loss", mode: .min, eta: 2, maxEpochs: 8)
        #expect(halving.decide(value: 1.0, atRung: 1, earlier: []) == .continue)
        #expect(halving.decide(value: 0.8, atRung: 1, earlier: [1.0]) == .continue)
        #expect(halving.decide(value: 1.2, atRung: 1, earlier: [1.0, 0.8]) != .continue)
        #expect(halving.decide(value: 0.9, atRung: 1, earlier: [1.0, 0.8, 1.2]) == .continue)
    }

    /// A tie counts as not worse: with one earlier 0.5, n = 2 keeps 1, and 0.5 ranks 1st.
    @Test func tiesFavourContinuing() {
        #expect(accuracy().decide(value: 0.5, atRung: 1, earlier: [0.5]) == .continue)
        #expect(accuracy().decide(value: 0.5, atRung: 1, earlier: [0.5, 0.5, 0.5, 0.5, 0.5]) == .continue)
        #expect(accuracy().decide(value: 0.5, atRung: 1, earlier: [0.6, 0.5, 0.5]) == .continue)
        #expect(accuracy().decide(value: 0.5, atRung: 1, earlier: [0.6, 0.7, 0.5]) != .continue)
    }

    @Test func nonFiniteValuesStopAndRankLast() {
        let loss = SuccessiveHalving(metric: "val_loss", mode: .min, maxEpochs: 27)
        #expect(loss.decide(value: .nan, atRung: 3, earlier: [])
            == .stop(reason: "val_loss is nan at epoch 3; a run with a non-finite metric stops"))
        #expect(loss.decide(value: .infinity, atRung: 3, earlier: []) != .continue)
        // -inf would beat every loss, and +inf every accuracy, were they ranked as numbers.
        #expect(loss.decide(value: 5, atRung: 3, earlier: [-.infinity, .nan]) == .continue)
        #expect(accuracy().decide(value: 0.1, atRung: 3, earlier: [.infinity, .nan]) == .continue)
    }

    @Test func reasonsNameTheRank() {
        #expect(accuracy().decide(value: 0.312, atRung: 3, earlier: [0.4, 0.5, 0.3])
            == .stop(reason: "val_accuracy 0.312 at epoch 3 ranks 3rd of 4 runs; only the top 2 continue (successive halving, η = 3)"))
        #expect(accuracy().decide(value: 0.4, atRung: 1, earlier: [0.5])
            == .stop(reason: "val_accuracy 0.4 at epoch 1 ranks 2nd of 2 runs; only the best continues (successive halving, η = 3)"))
    }

    @Test func ordinalsAndNumbers() {
        #expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 112].map(SuccessiveHalving.ordinal)
            == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "112th"])
        #expect([0.312, 1.23456, 0.0001, 123456.0].map(SuccessiveHalving.format) == ["0.312", "1.235", "0.0001", "1.235e+05"])
    }

    @Test func validation() {
        #expect(accuracy().validationError == nil)
        #expect(SuccessiveHalving(metric: "m", mode: .min, minEpochs: 0, maxEpochs: 9).validationError
            == "successive halving needs min_epochs ≥ 1 (got 0)")
        #expect(SuccessiveHalving(metric: "m", mode: .min, eta: 1, maxEpochs: 9).validationError
            == "successive halving needs eta ≥ 2 (got 1)")
        #expect(SuccessiveHalving(metric: "m", mode: .min, minEpochs: 9, maxEpochs: 9).validationError
            == "successive halving with min_epochs 9 has no rung below 9 epochs; lower min_epochs or raise epochs")
    }
}
