import Testing
@testable import BatchLabReport

@Suite struct BatchSizeGroupTests {
    /// Batch 64: steady (median 1150 img/s, peak 620 MB) and diverged (950, 490) → medians 1050 and 555.
    /// Batch 256: one run whose values are 1.5× steady's: 1725 img/s, 930 MB. Tensor memory:
    /// batch 64 peaks 42 and 30 → 36; batch 256 keeps steady's 42.
    @Test func groupsRunsByBatchSizeWithMedians() {
        var big = steadyRun(id: 5, name: "bs256", batchSize: 256)
        big.epochs = big.epochs.map { $0.merging([EpochKey.imagesPerSecond: ($0[EpochKey.imagesPerSecond] ?? 0) * 1.5,
                                                  EpochKey.peakRSSMB: ($0[EpochKey.peakRSSMB] ?? 0) * 1.5]) { $1 } }
        let groups = BatchSizeGroup.groups([big, steadyRun(), divergedRun()])
        #expect(groups == [
            BatchSizeGroup(batchSize: 64, runCount: 2, medianImagesPerSecond: 1050, medianPeakMemoryMB: 555,
                           medianTensorMemoryMB: 36),
            BatchSizeGroup(batchSize: 256, runCount: 1, medianImagesPerSecond: 1725, medianPeakMemoryMB: 930,
                           medianTensorMemoryMB: 42),
        ])
    }

    @Test func aGroupWithoutMeasurementsHasNilMedians() {
        let run = ReportRun(id: 9, name: "x", status: "failed", batchSize: 32, learningRate: 0.1)
        #expect(BatchSizeGroup.groups([run]) == [BatchSizeGroup(batchSize: 32, runCount: 1, medianImagesPerSecond: nil,
                                                                medianPeakMemoryMB: nil)])
    }
}
