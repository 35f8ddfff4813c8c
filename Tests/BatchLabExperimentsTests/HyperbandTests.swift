import Testing
@testable import BatchLabExperiments

struct HyperbandTests {
    private let hyperband = Hyperband(metric: "val_loss", mode: .min, maxEpochs: 27)

    /// r = 1, η = 3, R = 27: s_max = log₃ 27 = 3; brackets start at 1, 3, 9, 27.
    @Test func bracketsStartAtSuccessivePowersOfEta() {
        #expect(hyperband.maxBracket == 3)
        #expect(hyperband.brackets.map(\.minEpochs) == [1, 3, 9, 27])
        #expect(hyperband.brackets.map(\.rungs) == [[1, 3, 9], [3, 9], [9], []])
        #expect(hyperband.brackets.allSatisfy { $0.eta == 3 && $0.maxEpochs == 27 && $0.mode == .min && $0.metric == "val_loss" })
    }

    @Test func trialsGoRoundTheBracketsMostAggressiveFirst() {
        #expect((0..<9).map(hyperband.bracketIndex) == [0, 1, 2, 3, 0, 1, 2, 3, 0])
        #expect(hyperband.bracket(forTrial: 0).rungs == [1, 3, 9])
        #expect(hyperband.bracket(forTrial: 6).rungs == [9])
        #expect(hyperband.bracket(forTrial: 7).rungs == [])
    }

    /// s_max = ⌊log_η(R / r)⌋, computed without floating-point logarithms.
    @Test func maxBracketIsTheFloorOfTheLogarithm() {
        #expect(Hyperband(metric: "m", mode: .min, maxEpochs: 26).maxBracket == 2)
        #expect(Hyperband(metric: "m", mode: .min, minEpochs: 2, eta: 2, maxEpochs: 20).brackets.map(\.rungs)
            == [[2, 4, 8, 16], [4, 8, 16], [8, 16], [16]])
        #expect(Hyperband(metric: "m", mode: .min, minEpochs: 10, maxEpochs: 10).maxBracket == 0)
    }

    @Test func validation() {
        #expect(hyperband.validationError == nil)
        #expect(Hyperband(metric: "m", mode: .min, eta: 1, maxEpochs: 9).validationError == "hyperband needs eta ≥ 2 (got 1)")
        #expect(Hyperband(metric: "m", mode: .min, minEpochs: 0, maxEpochs: 9).validationError
            == "hyperband needs min_epochs ≥ 1 (got 0)")
        #expect(Hyperband(metric: "m", mode: .min, minEpochs: 12, maxEpochs: 10).validationError
            == "hyperband with min_epochs 12 has no rung below 10 epochs; lower min_epochs or raise epochs")
    }
}
