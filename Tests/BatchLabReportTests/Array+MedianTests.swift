import Testing
@testable import BatchLabReport

@Suite struct MedianTests {
    @Test func middleValueOrMeanOfTheTwoMiddleOnes() {
        #expect([Double]().median == nil)
        #expect([7.0].median == 7)
        #expect([3.0, 1, 2].median == 2)
        #expect([4.0, 1, 3, 2].median == 2.5)
    }
}
