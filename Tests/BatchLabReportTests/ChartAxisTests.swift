import Foundation
import Testing
@testable import BatchLabReport

@Suite struct ChartAxisTests {
    private func labels(_ scale: LineChart.Scale, _ values: [Double]) -> [String] {
        ChartAxis(scale: scale, values: values).ticks.map(\.label)
    }

    /// By hand: 0.12…0.87 spans 0.75; 0.75 / 5 = 0.15 rounds up to the nice step 0.2.
    @Test func linearTicksUseNiceSteps() {
        #expect(labels(.linear, [0.12, 0.87]) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(labels(.linear, [0, 1000]) == ["0", "200", "400", "600", "800", "1000"])
        #expect(labels(.linear, [-3, 7]) == ["-4", "-2", "0", "2", "4", "6", "8"])
    }

    @Test func niceStepIsTheNextOneTwoOrFiveTimesAPowerOfTen() {
        for (raw, step) in [(0.15, 0.2), (3, 5), (7, 10), (1, 1), (0.02, 0.02), (450, 500)] as [(Double, Double)] {
            #expect(abs(ChartAxis.niceStep(for: raw) - step) <= step * 1e-12, "\(raw)")
        }
    }

    @Test func padsEqualValues() {
        let zero = ChartAxis(scale: .linear, values: [0, 0])
        #expect(zero.lower <= -1 && zero.upper >= 1)
        let five = ChartAxis(scale: .linear, values: [5])
        #expect(five.lower <= 4.5 && five.upper >= 5.5 && five.upper - five.lower < 2)
    }

    /// Within two decades the ticks are 1, 2 and 5 × 10^k, the bounds the nearest such values
    /// outside the data; one value is padded to about ×0.7 … ×1.4 first.
    @Test func narrowLogAxisTicksAtOneTwoFive() {
        #expect(labels(.logarithmic, [0.3, 0.8]) == ["0.2", "0.5", "1"])
        #expect(labels(.logarithmic, [2, 3]) == ["2", "5"])
        #expect(labels(.logarithmic, [0.3, 2.3]) == ["0.2", "0.5", "1", "2", "5"])
        #expect(labels(.logarithmic, [1, 1]) == ["0.5", "1", "2"])
        #expect(labels(.logarithmic, [1e-5, 3e-5]) == ["1e-5", "2e-5", "5e-5"])
        #expect(labels(.logarithmic, []) == ["1", "2", "5", "10"])
        let axis = ChartAxis(scale: .logarithmic, values: [0.3, 0.8])
        #expect(abs(axis.lower - log10(0.2)) < 1e-12 && axis.upper == 0)
    }

    @Test func logAxisLabelsDecadesReadablyAndThinsManyDecades() {
        #expect(labels(.logarithmic, [1e-6, 100]) == ["1e-6", "1e-5", "1e-4", "0.001", "0.01", "0.1", "1", "10", "100"])
        #expect(labels(.logarithmic, [1e-9, 1e9]) == ["1e-9", "1e-6", "0.001", "1", "1000", "1e6", "1e9"])
    }

    @Test func binaryLogAxisTicksAtPowersOfTwo() {
        #expect(labels(.binaryLogarithmic, [32, 512]) == ["32", "64", "128", "256", "512"])
        #expect(labels(.binaryLogarithmic, [0.25, 1]) == ["0.25", "0.5", "1"])
        #expect(labels(.binaryLogarithmic, [64]) == ["32", "64", "128"])
    }

    @Test func fractionIsLinearInAxisSpace() {
        let log = ChartAxis(scale: .logarithmic, values: [0.01, 100])
        #expect(abs(log.fraction(1) - 0.5) < 1e-12)
        #expect(abs(log.fraction(10) - 0.75) < 1e-12)
        let linear = ChartAxis(scale: .linear, values: [0, 10])
        #expect(abs(linear.fraction(2.5) - 0.25) < 1e-12)
    }
}

@Suite struct ChartAxisIntegerTests {
    @Test func wholeNumberDataGetsWholeNumberTicks() {
        // Epochs 1…3 would tick every 0.5; epochs are whole, so every 1.
        #expect(ChartAxis(scale: .linear, values: [1, 2, 3]).ticks.map(\.label) == ["1", "2", "3"])
        #expect(ChartAxis(scale: .linear, values: [1, 1.5, 3]).ticks.map(\.label) == ["1.0", "1.5", "2.0", "2.5", "3.0"])
    }
}
