import Foundation
import Testing
import BatchLabTuning

private struct Sample: Codable, Equatable {
    @NonFiniteAsString var value: Double
    @NonFiniteArrayAsString var values: [Double]
}

/// Golden JSON: non-finite values as the strings BatchLab's checkpoint metadata uses.
struct NonFiniteCodingTests {
    private func json(_ sample: Sample) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(sample), as: UTF8.self)
    }

    @Test func goldenJSON() throws {
        let sample = Sample(value: .infinity, values: [1.5, .infinity, -.infinity, .nan, 0])
        #expect(try json(sample) == #"{"value":"inf","values":[1.5,"inf","-inf","nan",0]}"#)
        #expect(try json(Sample(value: 2.25, values: [])) == #"{"value":2.25,"values":[]}"#)
    }

    @Test func roundTripsIncludingNaN() throws {
        let sample = Sample(value: .nan, values: [.nan, -.infinity, 3])
        let decoded = try JSONDecoder().decode(Sample.self, from: Data(try json(sample).utf8))
        #expect(decoded == sample)
        #expect(decoded.value.isNaN)
    }

    @Test func badStringIsNamed() {
        let text = #"{"value":"Infinity","values":[]}"#
        do {
            _ = try JSONDecoder().decode(Sample.self, from: Data(text.utf8))
            Issue.record("decoded \"Infinity\"")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription == #"expected a number, "inf", "-inf" or "nan" (got "Infinity")"#)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
