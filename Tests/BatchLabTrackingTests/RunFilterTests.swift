import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabTracking

@Suite struct RunFilterTests {
    /// sampleConfig's run (batch 128, lr 0.004, seed 7, adam, beta_1 0.9), finished, best val_accuracy 0.61.
    func fields(status: RunStatus = .finished, summary: EpochSummary? = EpochSummary(count: 3, bestValAccuracy: 0.61, lastLoss: 1.2))
        -> RunFields {
        let record = RunRecord(id: 42, name: "b128 \"linear\"", study: "seed", config: sampleConfig, status: status,
                               startedAt: Date(), host: "h", pid: 1, version: "t")
        return RunFields(record, summary: summary)
    }

    @Test func fieldsListIdentitySettingsThenResultsWithNumbersAsNumbers() {
        let fields = fields()
        #expect(Array(fields.keys.prefix(4)) == ["id", "name", "study", "status"])
        #expect(fields["batch_size"] == .integer(128) && fields["lr"] == .number(0.004) && fields["seed"] == .integer(7))
        #expect(fields["beta_1"] == .number(0.9) && fields["optimizer"] == .text("adam") && fields["subset"] == .integer(1000))
        #expect(fields["epochs_done"] == .integer(3) && fields["best_val_accuracy"] == .number(0.61) && fields["last_loss"] == .number(1.2))
        // Results not logged are absent, not zero.
        #expect(fields["best_val_loss"] == nil && fields["peak_rss_mb"] == nil)
        #expect(Set(fields.keys).isSuperset(of: ["epochs_done", "best_val_accuracy"]))
    }

    @Test func termsCompareNumbersByValueAndTextExactly() throws {
        let fields = fields()
        let holding = ["batch_size=128", "batch_size>=128", "batch_size>64", "lr<0.01", "lr<=0.004", "lr=4e-3", "seed!=0",
                       "optimizer=adam", "name~LINEAR", "name~\"b128 \"", "status=finished", "best_val_accuracy>0.6",
                       "batch_size=128 lr<0.01 best_val_accuracy>=0.61", "", "   ", "name~"]
        for text in holding { #expect(try RunFilter(text).matches(fields), "\(text)") }
        let failing = ["batch_size=32", "batch_size<128", "lr>0.01", "optimizer=Adam", "optimizer!=adam", "name~sgd",
                       "best_val_loss<10", "batch_size=128 lr>0.01", "status=running", "subset=all"]
        for text in failing { #expect(try !RunFilter(text).matches(fields), "\(text)") }
    }

    @Test func aRunOfNoStudyHasNoStudyField() {
        let record = RunRecord(id: 1, name: "loose", study: nil, config: sampleConfig, status: .finished, startedAt: Date(), host: "h",
                               pid: 1, version: "t")
        let fields = RunFields(record, summary: nil)
        #expect(fields["study"] == nil && Array(fields.keys.prefix(3)) == ["id", "name", "status"] && fields["epochs_done"] == .integer(0))
    }

    @Test func quotedValuesKeepTheirSpaces() throws {
        let filter = try RunFilter(#"name~"b128 " status=finished "lr<"0.01"#)
        #expect(filter.terms.map(\.value) == ["b128 ", "finished", "0.01"])
        #expect(filter.terms.map(\.key) == ["name", "status", "lr"])
    }

    @Test func badFiltersAreRefusedWithAOneLineReason() {
        let keys: Set<String> = ["batch_size", "lr", "name"]
        let cases: [(String, String)] = [
            ("batch_size", "is not a term"), ("=128", "names no key"), ("momentum=0.9", "no run has 'momentum'"),
            ("lr<fast", "compares numbers"), ("name~\"open", "not closed"), ("name=\"a\nb\" size", "is not a term"), (String(repeating: "a", count: 1_001), "at most 1000"),
        ]
        for (text, reason) in cases {
            #expect(throws: RunFilterError.self, "\(text)") { try RunFilter(text, knownKeys: keys) }
            do {
                _ = try RunFilter(text, knownKeys: keys)
            } catch {
                #expect(error.description.contains(reason) && !error.description.contains("\n"), "\(text): \(error.description)")
            }
        }
    }

    @Test func theLongestOperatorAtTheFirstPositionWins() throws {
        #expect(try RunFilter("lr<=0.1").terms == [.init(key: "lr", op: .lessOrEqual, value: "0.1")])
        #expect(try RunFilter("a!=b=c").terms == [.init(key: "a", op: .notEqual, value: "b=c")])
        #expect(try RunFilter("name~x>y").terms == [.init(key: "name", op: .contains, value: "x>y")])
    }

    @Test func numbersSortBeforeTextAndByValue() {
        let values: [ConfigValue] = [.text("all"), .number(0.5), .integer(128), .integer(32), .text("adam"), .number(64.5)]
        #expect(values.sorted(by: ConfigValue.ascending) == [.number(0.5), .integer(32), .number(64.5), .integer(128), .text("adam"), .text("all")])
    }

    @Test func configEntriesAreTheValuesAsText() {
        #expect(sampleConfig.entries.map(\.key) == sampleConfig.values.map(\.key))
        #expect(sampleConfig.entries.first { $0.key == "batch_size" }?.value == "128")
        #expect(sampleConfig.entries.first { $0.key == "lr" }?.value == "0.004")
        #expect(sampleConfig.entries.first { $0.key == "subset" }?.value == "1000")
    }
}
