import Testing
@testable import BatchLabExperiments

struct EarlyTerminationTests {
    @Test func defaultsAreWandBs() {
        let termination = EarlyTermination(kind: .hyperband)
        #expect(termination.minEpochs == 1 && termination.eta == 3)
        #expect(termination.metric == "val_accuracy" && termination.mode == .max)
        #expect(EarlyTermination.Kind.allCases.map(\.rawValue) == ["successive_halving", "hyperband"])
    }

    /// One bracket: every run gets the same schedule, rungs 1, 3, 9 of 27 epochs.
    @Test func successiveHalvingGivesEveryRunTheSameSchedule() {
        let termination = EarlyTermination(kind: .successiveHalving, metric: "val_loss", mode: .min)
        let first = termination.halving(forRun: 0, epochs: 27)
        #expect(first == SuccessiveHalving(metric: "val_loss", mode: .min, minEpochs: 1, eta: 3, maxEpochs: 27))
        #expect(first.rungs == [1, 3, 9])
        #expect((1..<6).allSatisfy { termination.halving(forRun: $0, epochs: 27) == first })
    }

    /// Hyperband, r = 1, η = 3, R = 27: brackets [1, 3, 9], [3, 9], [9], [] taken in turn.
    @Test func hyperbandGivesRunsTheBracketsInTurn() {
        let termination = EarlyTermination(kind: .hyperband, metric: "val_loss", mode: .min)
        let rungs = (0..<6).map { termination.halving(forRun: $0, epochs: 27).rungs }
        #expect(rungs == [[1, 3, 9], [3, 9], [9], [], [1, 3, 9], [3, 9]])
        #expect((0..<6).allSatisfy {
            let halving = termination.halving(forRun: $0, epochs: 27)
            return halving.metric == "val_loss" && halving.mode == .min && halving.eta == 3 && halving.maxEpochs == 27
        })
        // r = 2, η = 2, R = 9: starts 2, 4, 8 (16 > 9), so three brackets.
        let small = EarlyTermination(kind: .hyperband, minEpochs: 2, eta: 2)
        #expect((0..<3).map { small.halving(forRun: $0, epochs: 9).rungs } == [[2, 4, 8], [4, 8], [8]])
    }

    @Test func validationNamesTheKindAndTheEpochs() {
        let halving = EarlyTermination(kind: .successiveHalving)
        #expect(halving.validationError(epochs: 9) == nil)
        #expect(halving.validationError(epochs: 2) == nil)
        #expect(halving.validationError(epochs: 1)
            == "successive halving with min_epochs 1 has no rung below 1 epochs; lower min_epochs or raise epochs")
        #expect(EarlyTermination(kind: .successiveHalving, eta: 1).validationError(epochs: 9)
            == "successive halving needs eta ≥ 2 (got 1)")
        let hyperband = EarlyTermination(kind: .hyperband, minEpochs: 9)
        #expect(hyperband.validationError(epochs: 10) == nil)
        #expect(hyperband.validationError(epochs: 9)
            == "hyperband with min_epochs 9 has no rung below 9 epochs; lower min_epochs or raise epochs")
        #expect(EarlyTermination(kind: .hyperband, minEpochs: 0).validationError(epochs: 9)
            == "hyperband needs min_epochs ≥ 1 (got 0)")
    }
}
