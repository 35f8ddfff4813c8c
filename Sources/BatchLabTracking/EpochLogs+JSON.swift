import BatchLabTraining
import Foundation

extension EpochLogs {
    /// The order stored logs are read back in: Keras's, then any other key alphabetically.
    static let canonicalOrder = ["epoch", "step", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds",
                                 "images_per_second", "peak_rss_mb", "tensor_memory_mb"]

    /// Reads a JSON object written by `jsonLine()`; null (a non-finite value) reads as NaN.
    public init(json: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw StoreError.corrupt("epoch logs are not a JSON object: \(json.prefix(80))")
        }
        self.init()
        let known = Self.canonicalOrder.filter { object[$0] != nil }
        let others = object.keys.filter { !Self.canonicalOrder.contains($0) }.sorted()
        for key in known + others {
            self[key] = (object[key] as? NSNumber)?.doubleValue ?? .nan
        }
    }
}
