/// One training run as the report sees it.
///
/// `epochs` holds one Keras-style `logs` dictionary per completed epoch, in order (keys in
/// `EpochKey`); any key may be missing and any value may be non-finite (a diverged run's loss).
public struct ReportRun: Sendable {
    public var id: Int64
    public var name: String
    public var study: String?
    /// "running", "finished", "diverged", "failed", "interrupted" or "stopped-early".
    public var status: String
    public var batchSize: Int
    /// The effective learning rate.
    public var learningRate: Double
    /// Ordered (key, value) strings shown in the run's configuration table.
    public var config: [ConfigEntry]
    /// One dictionary per completed epoch, in order.
    public var epochs: [[String: Double]]

    public init(id: Int64, name: String, study: String? = nil, status: String, batchSize: Int,
                learningRate: Double, config: [ConfigEntry] = [], epochs: [[String: Double]] = []) {
        self.id = id
        self.name = name
        self.study = study
        self.status = status
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.config = config
        self.epochs = epochs
    }
}
