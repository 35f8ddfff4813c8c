/// A model whose layers do not fit together, e.g. Dense after a 4-D output without Flatten.
public struct ShapeError: Error, CustomStringConvertible {
    public let layer: String
    public let message: String

    public init(layer: String, _ message: String) {
        self.layer = layer
        self.message = message
    }

    public var description: String { "\(layer): \(message)" }
}
