import Testing
@testable import BatchLabReport

/// Reference values from scipy 1.17.1: `scipy.special.betainc(a, b, x)`,
/// `scipy.stats.ttest_ind(a, b, equal_var=False)` (statistic, df, pvalue).
@Suite struct SpreadTests {
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-10) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    @Test func meanAndSampleStandardDeviation() throws {
        let spread = try #require(Spread([0.641, 0.637, 0.645, .nan]))
        #expect(spread.count == 3 && close(spread.mean, 0.641) && close(spread.standardDeviation, 0.004))
        #expect(spread.text() == "0.641 ± 0.004" && Spread([0.5])!.text() == "0.500" && Spread([]) == nil)
    }

    @Test func incompleteBetaAgreesWithScipy() {
        for (x, a, b, expected) in [(0.3, 2.0, 3.0, 0.34829999999999994), (0.9, 0.5, 5.5, 0.9999992226469543),
                                    (0.01, 10, 0.5, 1.770034965528571e-21), (0.5, 1, 1, 0.5), (0.999, 3.3, 0.5, 0.9376279756636895)] {
            #expect(close(WelchTest.regularizedIncompleteBeta(x: x, a: a, b: b), expected, 1e-9), "I_\(x)(\(a), \(b))")
        }
        // 2·t.sf(|t|, ν)
        #expect(close(WelchTest.twoSidedP(t: 2.5, degreesOfFreedom: 3.7), 0.07182202291182678, 1e-9))
        #expect(close(WelchTest.twoSidedP(t: 0.1, degreesOfFreedom: 100), 0.9205445310958512, 1e-9))
        #expect(close(WelchTest.twoSidedP(t: 10, degreesOfFreedom: 2.2), 0.007104463710258442, 1e-9))
    }

    @Test func welchAgreesWithScipy() throws {
        let cases: [([Double], [Double], Double, Double, Double)] = [
            ([0.641, 0.637, 0.645], [0.638, 0.632, 0.644], 0.7205766921228922, 3.4845360824742264, 0.5165199496111),
            ([28.1, 26.5, 29.9], [42.0, 39.2, 45.1], -7.084745762711867, 3.1966897558207523, 0.0046765123971961205),
            ([0.5, 0.52], [0.4, 0.41, 0.43, 0.39], 7.794808281451079, 2.5398795624923154, 0.007746686518402368),
        ]
        for (a, b, t, df, p) in cases {
            let test = try #require(WelchTest(a, b))
            #expect(close(test.t, t, 1e-9) && close(test.degreesOfFreedom, df, 1e-9) && close(test.p, p, 1e-8), "\(a) vs \(b)")
        }
        #expect(WelchTest([1], [1, 2]) == nil)
        #expect(WelchTest([1, 1], [2, 2])?.p == 0 && WelchTest([1, 1], [1, 1])?.p == 1)
    }
}
