import Yams

/// A real-valued setting as config files print it: Swift's shortest decimal that reads back as
/// the same Double (`0.001`, `0.30000000000000004`), with `.0` before an exponent so that YAML
/// 1.1 readers (PyYAML) take `1.0e-07` as a float. Yams's own formatting keeps 15 significant
/// digits, which would change such numbers; JSON encoders already write the shortest form.
struct ExactNumber: YAMLEncodable {
    let value: Double

    init(_ value: Double) { self.value = value }

    func box() -> Node {
        guard value.isFinite else { return .scalar(value.represented()) }
        var text = "\(value)"
        if let exponent = text.firstIndex(of: "e"), !text[..<exponent].contains(".") { text.insert(contentsOf: ".0", at: exponent) }
        return Node(text, Tag(.float), .plain)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
