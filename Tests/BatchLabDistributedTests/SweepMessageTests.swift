import BatchLabConfig
import BatchLabTracking
import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabDistributed

/// The messages a sweep's ranks exchange read back as they were sent, without MPI.
@Suite struct SweepMessageTests {
    func roundTrip<Message: Codable>(_ message: Message) throws -> Message {
        try SweepMessage.decode(Message.self, from: SweepMessage.encode(message), sender: 1)
    }

    @Test func aNewRunKeepsItsConfigurationAndItsProcess() throws {
        var configuration = RunConfiguration()
        (configuration.optimizer.lr, configuration.batchSize, configuration.data.subset) = (0.004, 128, 1_000)
        let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: 0.004, learningRate: 0.004, batchSize: 128, epochs: 3)
        var run = NewRun(name: "lr=0.004 batch=128", study: "sweep", config: config, configuration: configuration, version: "t")
        run.process = RunProcess(host: "node-2", pid: 4242, processStart: "boot/17")
        guard case .createRun(let back) = try roundTrip(WorkerMessage.createRun(run)) else { Issue.record("not createRun"); return }
        #expect(back.name == run.name && back.study == "sweep" && back.config == config && back.configuration == configuration)
        #expect(back.process == run.process && back.version == "t")
    }

    /// A diverged step's loss is not finite: it travels all the same, and the epoch's logs keep
    /// their order and their nulls.
    @Test func nonFiniteValuesTravel() throws {
        var logs = EpochLogs()
        (logs["epoch"], logs["loss"], logs["val_accuracy"]) = (2, .nan, 0.1)
        let message = WorkerMessage.appendEpoch(runID: 7, logs: logs.jsonLine(),
                                                stepLosses: [StepLoss(step: 10, loss: .infinity), StepLoss(step: 20, loss: .nan)])
        guard case .appendEpoch(7, let json, let steps) = try roundTrip(message) else { Issue.record("not appendEpoch 7"); return }
        let back = try EpochLogs(json: json)
        #expect(back.keys == ["epoch", "loss", "val_accuracy"] && back["loss"]!.isNaN && back["val_accuracy"] == 0.1)
        #expect(steps.map(\.step) == [10, 20] && steps[0].loss == .infinity && steps[1].loss.isNaN)
    }

    @Test func verdictsAndAssignments() throws {
        guard case .verdict("stop val_accuracy 0.2 ranks last\n") = try roundTrip(CoordinatorMessage.verdict("stop val_accuracy 0.2 ranks last\n")),
              case .verdict(nil) = try roundTrip(CoordinatorMessage.verdict(nil)) else { Issue.record("verdicts"); return }
        let assignment = RunAssignment(name: "a", study: "s", configuration: RunConfiguration(), rungs: [1, 3], resuming: 12)
        guard case .train(let back) = try roundTrip(CoordinatorMessage.train(assignment)) else { Issue.record("not train"); return }
        #expect(back.rungs == [1, 3] && back.resuming == 12 && back.configuration == RunConfiguration())
    }

    @Test func aMessageThatCannotBeReadNamesItsRank() {
        #expect(throws: SweepMessageError.self) { try SweepMessage.decode(WorkerMessage.self, from: Array("{\"nope\":{}}".utf8), sender: 3) }
        do {
            _ = try SweepMessage.decode(WorkerMessage.self, from: Array("garbage".utf8), sender: 3)
        } catch {
            #expect("\(error)".hasPrefix("rank 3 sent a message this BatchLab cannot read"))
        }
    }
}
