import Foundation

/// A measurement about a model and its data that is not a training run — an lr range test, a
/// noise-scale estimate — kept beside the runs so reports and the dashboard can show it.
/// Its result is JSON of the analysis's own type; `decode` reads it back.
public struct AnalysisRecord: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var kind: AnalysisKind
    public var name: String
    public var study: String?
    /// The training run it belongs to, when it measured one (noise-scale records its run).
    public var runID: Int64?
    /// The settings it ran with, as flag-like names and values.
    public var settings: [String: String]
    /// The result as JSON.
    public var result: Data
    public var createdAt: Date
    public var version: String

    /// The result as `type`.
    public func decode<Result: Decodable>(_ type: Result.Type) throws -> Result {
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try decoder.decode(type, from: result)
        } catch {
            throw StoreError.corrupt("the result of \(kind.rawValue) analysis \(id): \(error)")
        }
    }
}

/// What a new analysis is saved with.
public struct NewAnalysis: Sendable {
    public var kind: AnalysisKind
    public var name: String
    public var study: String?
    public var runID: Int64?
    public var settings: [String: String]
    public var result: Data
    public var version: String

    public init(kind: AnalysisKind, name: String, study: String? = nil, runID: Int64? = nil, settings: [String: String],
                result: some Encodable, version: String) throws {
        self.kind = kind
        self.name = name
        self.study = study
        self.runID = runID
        self.settings = settings
        // A diverged measurement may hold NaN or infinity: written as "nan", "inf", "-inf".
        let encoder = JSONEncoder.sorted
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        self.result = try encoder.encode(result)
        self.version = version
    }
}
