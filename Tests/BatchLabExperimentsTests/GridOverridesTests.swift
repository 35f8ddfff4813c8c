import BatchLabConfig
import Testing
@testable import BatchLabExperiments

struct GridOverridesTests {
    @Test func gridIsLearningRateSlowestWithDefaultNames() {
        var base = spec("base", epochs: 3)
        base.configuration.seed = 9
        let runs = GridOverrides.grid(base: base, learningRates: [1e-4, 1e-3], batchSizes: [32, 128])
        #expect(runs.map(\.name) == ["lr=0.0001 batch=32", "lr=0.0001 batch=128", "lr=0.001 batch=32", "lr=0.001 batch=128"])
        #expect(runs.map(\.configuration.optimizer.lr) == [1e-4, 1e-4, 1e-3, 1e-3])
        #expect(runs.map(\.configuration.batchSize) == [32, 128, 32, 128])
        #expect(runs.allSatisfy { $0.epochs == 3 && $0.configuration.seed == 9 })
    }

    @Test func gridMatchesTheSameSweepFile() throws {
        let file = try SweepSpec.parse("parameters:\n  lr: [1e-4, 1e-3]\n  batch_size: [32, 128]\n", fileName: "s.yaml")
        let flags = GridOverrides.grid(base: RunSpec(), learningRates: [1e-4, 1e-3], batchSizes: [32, 128])
        #expect(try file.runs() == flags)
    }

    @Test func parsesNumberLists() throws {
        #expect(try GridOverrides.parseList("1e-4,1e-3,0.1", flag: "--lr") == [0.0001, 0.001, 0.1])
        #expect(try GridOverrides.parseList(" 0.5 , 2", flag: "--lr") == [0.5, 2])
        #expect(try GridOverrides.parseIntList("32,128", flag: "--batch-size") == [32, 128])
    }

    /// A value given twice, even spelled differently, is refused with the flag and the value
    /// (a 3,000-value list of one rate used to end in "two runs are named …").
    @Test func repeatedValuesAreRefused() {
        #expect(throws: FlagListError.repeated(flag: "--lr", item: "0.003")) {
            try GridOverrides.parseList("3e-3,1e-2,0.003", flag: "--lr")
        }
        #expect(FlagListError.repeated(flag: "--lr", item: "0.003").description == "--lr lists 0.003 twice; give each value once")
        #expect(throws: FlagListError.repeated(flag: "--batch-size", item: "32")) {
            try GridOverrides.parseIntList("32,64,32", flag: "--batch-size")
        }
    }

    @Test func badItemsAreNamed() {
        #expect(throws: FlagListError(flag: "--lr", expected: "numbers", item: "abc")) {
            try GridOverrides.parseList("1e-4,abc", flag: "--lr")
        }
        #expect(throws: FlagListError(flag: "--lr", expected: "numbers", item: "inf")) {
            try GridOverrides.parseList("inf", flag: "--lr")
        }
        #expect(throws: FlagListError(flag: "--batch-size", expected: "integers", item: "1.5")) {
            try GridOverrides.parseIntList("32,1.5", flag: "--batch-size")
        }
        #expect(throws: FlagListError(flag: "--lr", expected: "numbers", item: "0.1,,0.2")) {
            try GridOverrides.parseList("0.1,,0.2", flag: "--lr")
        }
    }

    @Test func errorMessageTeaches() {
        let error = FlagListError(flag: "--lr", expected: "numbers", item: "abc")
        #expect(error.description == "--lr expects comma-separated numbers (got 'abc'), as in --lr 1e-4,1e-3")
    }
}
