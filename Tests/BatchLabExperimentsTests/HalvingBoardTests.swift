import Testing
@testable import BatchLabExperiments

struct HalvingBoardTests {
    /// Rungs at epochs 1, 3, 9 of 27; η = 3, higher is better.
    private func board() -> HalvingBoard {
        HalvingBoard(SuccessiveHalving(metric: "val_accuracy", mode: .max, maxEpochs: 27))
    }

    @Test func epochsThatAreNoRungDecideNothing() {
        var board = board()
        #expect(board.report(run: 1, epoch: 2, value: 0.3) == nil)
        #expect(board.report(run: 1, epoch: 27, value: 0.3) == nil)
        #expect(board.values(atRung: 2).isEmpty)
    }

    @Test func reportingAnEpochAgainChangesNothing() {
        var board = board()
        #expect(board.report(run: 1, epoch: 1, value: 0.5) == .continue)
        let before = board
        #expect(board.report(run: 1, epoch: 1, value: 0.5) == nil)
        #expect(board.report(run: 1, epoch: 1, value: 0.1) == nil)
        #expect(board == before)
        #expect(board.values(atRung: 1) == [1: 0.5])
    }

    /// The 0.5, 0.4, 0.6 sequence of `SuccessiveHalvingTests`: run 2 stops at epoch 1, so its
    /// later epochs are ignored, while run 3 is judged at epoch 3 against run 1 alone.
    @Test func ranksEachRungSeparatelyAndForgetsStoppedRuns() {
        var board = board()
        #expect(board.report(run: 1, epoch: 1, value: 0.5) == .continue)
        #expect(board.report(run: 2, epoch: 1, value: 0.4) != .continue)
        #expect(board.report(run: 3, epoch: 1, value: 0.6) == .continue)
        #expect(board.stopped.keys.sorted() == [2])
        #expect(board.report(run: 2, epoch: 3, value: 0.9) == nil)
        #expect(board.report(run: 1, epoch: 3, value: 0.7) == .continue)
        #expect(board.report(run: 3, epoch: 3, value: 0.65) != .continue)
        #expect(board.values(atRung: 3) == [1: 0.7, 3: 0.65])
        #expect(board.stopped[3]?.hasPrefix("val_accuracy 0.65 at epoch 3 ranks 2nd of 2 runs") == true)
    }

    /// A store poll may return several epochs at once: feed them all, in order. Run 2 beats
    /// run 1 at epoch 1 (0.65 > 0.6), loses at epoch 3 (0.6 < 0.7, 2nd of 2 where 1 is kept);
    /// epochs 2 and 4 are no rungs.
    @Test func acceptsABatchOfEpochs() {
        var board = board()
        _ = board.report(run: 1, epoch: 1, value: 0.6)
        _ = board.report(run: 1, epoch: 3, value: 0.7)
        let batch = [(1, 0.65), (2, 0.62), (3, 0.6), (4, 0.61)]
        let decisions = batch.map { board.report(run: 2, epoch: $0.0, value: $0.1) }
        #expect(decisions.map { $0 == nil } == [false, true, false, true])
        #expect(decisions[0] == .continue)
        #expect(decisions[2] != .continue)
    }

    @Test func recordsNonFiniteValuesAsStops() {
        var board = board()
        #expect(board.report(run: 1, epoch: 1, value: .nan) != .continue)
        #expect(board.report(run: 2, epoch: 1, value: 0.1) == .continue)
        #expect(board.values(atRung: 1).count == 2)
    }
}
