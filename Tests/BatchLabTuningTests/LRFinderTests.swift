import BatchLabCore
import BatchLabOptim
import BatchLabTraining
import Testing
@testable import BatchLabTuning

@Suite struct LRFinderTests {
    /// Each step trains at the schedule's rate for that step (recorded lr = schedule lr).
    @Test func followsTheSchedule() throws {
        let network = try smallNetwork()
        let trainer = Trainer(network: network, optimizer: Adam(), learningRate: 1, seed: 3)
        let schedule = LRRangeSchedule(startLR: 1e-6, endLR: 1e-2, steps: 30)
        let result = try LRFinder(schedule: schedule).run(trainer, on: randomImages(count: 64), batchSize: 8)
        #expect(result.learningRates.count == 30)
        #expect(result.learningRates == Array(schedule.learningRates.prefix(result.learningRates.count)))
        #expect(result.stopReason == .completed)
        #expect(result.batchSize == 8)
    }

    /// Weights, optimizer state and the shuffling are put back: training afterwards repeats
    /// training without the test, number for number.
    @Test func restoresTheTrainerExactly() throws {
        func trainTwoEpochs(afterRangeTest: Bool) throws -> [Double] {
            let network = try smallNetwork(dropout: true)
            let trainer = Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 3)
            let data = randomImages(count: 32)
            if afterRangeTest {
                _ = try network.plan(batchSize: 8, training: true)  // fixes the parameters' layouts
                let before = snapshot(network)
                _ = try LRFinder(schedule: LRRangeSchedule(startLR: 1e-4, endLR: 10, steps: 40)).run(trainer, on: data, batchSize: 8)
                #expect(snapshot(network) == before)
                #expect(trainer.optimizer.iterations == 0)
                #expect(trainer.learningRate == 0.01)
            }
            var callbacks: [any Callback] = []
            let history = try trainer.fit(data, validation: data, epochs: 2, batchSize: 8, callbacks: &callbacks).history
            return history.flatMap { [$0["loss"]!, $0["val_loss"]!, $0["accuracy"]!] }
        }
        #expect(try trainTwoEpochs(afterRangeTest: true) == trainTwoEpochs(afterRangeTest: false))
    }

    /// Up to lr 10⁴ the loss saturates near −ln(1e-7) ≈ 16 while its minimum is near ln 4 ≈ 1.4:
    /// the smoothed loss passes 4× the minimum and the test stops before its 200 steps.
    @Test func stopsWhenTheLossBlowsUp() throws {
        let trainer = Trainer(network: try smallNetwork(), optimizer: Adam(), learningRate: 1, seed: 3)
        let result = try LRFinder(schedule: LRRangeSchedule(startLR: 1e-4, endLR: 1e4, steps: 200))
            .run(trainer, on: randomImages(count: 64), batchSize: 8)
        #expect(result.stoppedEarly)
        #expect(result.learningRates.count < 200)
        let smoothed = result.smoothedLosses
        if result.stopReason == .diverged { #expect(smoothed.last! > 4 * smoothed.min()!) }
    }
}
