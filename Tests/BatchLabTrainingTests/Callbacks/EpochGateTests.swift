import BatchLabCore
import BatchLabNN
import BatchLabOptim
import Foundation
import Testing
@testable import BatchLabTraining

@Suite struct EpochGateTests {
    @Test func verdictsTravelAsOneLineEach() {
        #expect(EpochGate.Verdict(line: "continue") == .continue)
        #expect(EpochGate.Verdict(line: "  continue ") == .continue)
        #expect(EpochGate.Verdict(line: "continue\r") == .continue)
        #expect(EpochGate.Verdict(line: "stop val_accuracy 0.1 ranks 2nd of 2") == .stop(reason: "val_accuracy 0.1 ranks 2nd of 2"))
        for bad in ["", "stop", "stop  ", "go", "continue please", "STOP now"] {
            #expect(EpochGate.Verdict(line: bad) == nil, "\(bad)")
        }
        for verdict in [EpochGate.Verdict.continue, .stop(reason: "why\nnot")] {
            let line = verdict.line!
            #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" })
            #expect(EpochGate.Verdict(line: String(line.dropLast())) != nil)
        }
        #expect(EpochGate.Verdict.stop(reason: "a\nb").line == "stop a b\n")
        #expect(EpochGate.Verdict.interrupt.line == nil)
    }

    /// Fits 4 epochs with a gate after epochs 1–3 answering from a script; returns the outcome,
    /// the epochs trained and the epochs the gate was asked about.
    private func fit(answers: [Int: EpochGate.Verdict], extra: [any Callback] = []) throws
        -> (outcome: Trainer.Outcome, epochs: [Double], asked: [Int]) {
        let engine = try Engine(threads: 1)
        let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: 1)
        let trainer = Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 1)
        final class Asked { var epochs: [Int] = [] }
        let asked = Asked()
        var callbacks: [any Callback] = extra + [EpochGate(epochs: [1, 2, 3, 4]) { epoch in
            asked.epochs.append(epoch)
            return answers[epoch] ?? .continue
        }]
        let data = tinyDataset()
        let (outcome, history) = try trainer.fit(data, validation: data, epochs: 4, batchSize: 6, callbacks: &callbacks)
        return (outcome, history.map { $0["epoch"]! }, asked.epochs)
    }

    @Test func continueTrainsOnAndTheLastEpochHasNoWait() throws {
        let result = try fit(answers: [:])
        #expect(result.outcome == .finished)
        #expect(result.epochs == [1, 2, 3, 4])
        #expect(result.asked == [1, 2, 3])
    }

    @Test func stopEndsTheRunAsStoppedEarlyAfterThatEpoch() throws {
        let result = try fit(answers: [2: .stop(reason: "ranked low")])
        #expect(result.outcome == .stoppedEarly(reason: "ranked low"))
        #expect(result.epochs == [1, 2])
        #expect(result.asked == [1, 2])
    }

    @Test func noAnswerEndsTheRunAsInterrupted() throws {
        let result = try fit(answers: [1: .interrupt])
        #expect(result.outcome == .interrupted)
        #expect(result.epochs == [1])
    }

    /// A run another callback already ends (a divergence) does not wait.
    @Test func aRunThatIsEndingDoesNotWait() throws {
        struct Diverge: Callback {
            mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
                state.stopRequest = .diverged(reason: "test")
            }
        }
        let result = try fit(answers: [:], extra: [Diverge()])
        #expect(result.outcome == .diverged(reason: "test"))
        #expect(result.asked == [])
    }
}
