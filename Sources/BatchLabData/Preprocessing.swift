/// How 8-bit pixels become network inputs.
public enum Preprocessing: String, Sendable, CaseIterable {
    /// x / 255, in [0, 1] (the tutorial's choice).
    case scale
    /// (x − mean_c) / std_c per channel, with statistics of the training set.
    case standardize
}

/// Per-channel affine map x ↦ x · scale_c + offset_c applied to raw bytes.
public struct PixelTransform: Equatable, Sendable {
    public var scale: [Float]
    public var offset: [Float]

    public init(scale: [Float], offset: [Float]) {
        self.scale = scale
        self.offset = offset
    }

    public static func unitRange(channels: Int) -> PixelTransform {
        PixelTransform(scale: Array(repeating: 1 / 255, count: channels), offset: Array(repeating: 0, count: channels))
    }

    /// Standardisation with the given per-channel statistics of raw bytes.
    public static func standardizing(mean: [Double], std: [Double]) -> PixelTransform {
        PixelTransform(scale: std.map { Float(1 / $0) }, offset: zip(mean, std).map { Float(-$0 / $1) })
    }
}
