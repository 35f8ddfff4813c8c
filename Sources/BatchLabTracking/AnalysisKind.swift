/// What an analysis measured. Stored as its raw value.
public enum AnalysisKind: String, Codable, CaseIterable, Sendable {
    /// A learning-rate range test (`batchlab lr-find`).
    case lrFind = "lr-find"
    /// Gradient noise scale measurements during training (`batchlab noise-scale`).
    case noiseScale = "noise-scale"
    /// The one measurement on the test set of the run a sweep or study chose on its validation set.
    case testAccuracy = "test-accuracy"
    /// Step time and time to a target against the number of machines (`batchlab scale`).
    case scaling
}
