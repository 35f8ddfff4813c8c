import Testing
@testable import BatchLabExperiments

struct RandomSearchTests {
    private let lr = RandomSearch.Parameter("lr", .logUniform(min: 1e-4, max: 1e-1))
    private let batch = RandomSearch.Parameter("batch_size", .qLogUniform(min: 16, max: 512, q: 16))
    private let momentum = RandomSearch.Parameter("momentum", .uniform(min: 0.8, max: 0.99))

    @Test func trialsAreReproducibleFromTheSeed() {
        let search = RandomSearch([lr, batch], seed: 42)
        let trials = search.trials(count: 20)
        #expect(trials.count == 20)
        #expect(trials == RandomSearch([lr, batch], seed: 42).trials(count: 20))
        #expect(trials != RandomSearch([lr, batch], seed: 43).trials(count: 20))
        #expect(Set(trials.map { $0["lr"]! }).count == 20)
    }

    @Test func everyTrialHasEveryParameterInRange() {
        for trial in RandomSearch([lr, batch, momentum], seed: 1).trials(count: 200) {
            #expect(trial.keys.sorted() == ["batch_size", "lr", "momentum"])
            #expect((1e-4...1e-1).contains(trial["lr"]!))
            #expect((0.8...0.99).contains(trial["momentum"]!))
        }
    }

    @Test func moreTrialsExtendTheSameSequence() {
        let search = RandomSearch([lr, batch], seed: 9)
        #expect(Array(search.trials(count: 30).prefix(10)) == search.trials(count: 10))
        #expect(search.trials(count: 30)[17] == search.trial(17))
    }

    @Test func valuesDoNotDependOnOrderOrOtherParameters() {
        let trials = RandomSearch([lr, batch], seed: 5).trials(count: 10)
        #expect(RandomSearch([batch, lr], seed: 5).trials(count: 10) == trials)
        let withMomentum = RandomSearch([lr, momentum, batch], seed: 5).trials(count: 10)
        #expect(withMomentum.map { $0["lr"] } == trials.map { $0["lr"] })
        #expect(withMomentum.map { $0["batch_size"] } == trials.map { $0["batch_size"] })
    }

    @Test func reportsTheFirstBadParameter() {
        let bad = RandomSearch([lr, .init("epochs", .intUniform(min: 5, max: 1)), .init("x", .choice([]))], seed: 0)
        #expect(bad.validationError == "'epochs' int_uniform needs min < max (got min 5, max 1)")
        #expect(RandomSearch([lr, batch], seed: 0).validationError == nil)
    }
}
