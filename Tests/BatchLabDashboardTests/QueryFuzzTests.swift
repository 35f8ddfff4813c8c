import BatchLabCore
import Testing
@testable import BatchLabDashboard

/// Random query values — digits, signs, separators, huge numbers, percent-escapes, Unicode —
/// end in a parsed query or a 400 with a one-line message, never a trap.
@Suite struct QueryFuzzTests {
    static let pieces = ["1", "0", "-1", ",", ",,", "99999999999999999999", "9223372036854775807", "1e3", "0x10", " ", "%00",
                         "é", "\u{0}", "nan", "inf", "val_accuracy", "loss", "epoch", "log", "0.5", "1.0", "-0", "+2", "abc"]

    @Test func randomQueriesAreParsedOrRefusedWith400() {
        var generator = SplitMix64(seed: 11)
        func value() -> String {
            (0..<Int(generator.next() % 6)).map { _ in Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))] }.joined()
        }
        for index in 0..<3000 {
            let parameters = ["runs": value(), "metric": value(), "x": value(), "scale": value(), "smooth": value(), "study": value(),
                              "filter": value()]
                .filter { _ in generator.next() % 4 != 0 }
            do {
                let query = try ChartQuery(parameters)
                switch query.runs {
                case .listed(let ids): #expect(!ids.isEmpty, "case \(index): \(parameters)")
                case .study(let study, _): #expect(!study.isEmpty && parameters["runs"] == nil, "case \(index): \(parameters)")
                }
                #expect((0..<1).contains(query.smoothing), "case \(index): \(parameters)")
            } catch let error as APIError {
                #expect(error.status == .badRequest && !error.message.contains("\n"), "case \(index): \(error.message)")
            } catch {
                Issue.record("case \(index): \(parameters) threw \(error)")
            }
            for text in [value(), value()] {
                for parse in [{ _ = try QueryParsing.runID(text) }, { _ = try QueryParsing.status(text) },
                              { _ = try QueryParsing.epochChoice(text) }] {
                    do { try parse() } catch let error as APIError {
                        #expect(error.status == .badRequest, "case \(index): '\(text)' → \(error.message)")
                    } catch {
                        Issue.record("case \(index): '\(text)' threw \(error)")
                    }
                }
            }
        }
    }
}
