import BatchLabConfig
extension SweepParameter {
    /// Why a text is no value of a parameter, in one line: `'batch_size' must be ≥ 1 (got 0)`.
    public struct InvalidValue: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Checks `text` against this parameter's type and range and returns the typed value.
    ///
    /// Integers must be exact (`128`, also `1e3`; not `1.5`); booleans are `true`/`false`; `isNull`
    /// marks a YAML null, accepted by the optional fields (subset, validation_split, base_lr,
    /// schedule, threads). Ranges: batch_size, epochs, base_batch_size, subset, threads ≥ 1;
    /// lr, base_lr > 0; momentum in [0, 1); validation_split, plateau_factor in (0, 1);
    /// plateau_min_lr ≥ 0; patiences, cooldown, warmup_epochs ≥ 0; target_accuracy in (0, 1];
    /// eval_every_images, eval_images ≥ 1; every real finite.
    public func value(of text: String, isNull: Bool = false) throws(InvalidValue) -> SweepValue {
        if isNull, isOptional { return .null }
        let got = isNull ? "null" : "\"\(text)\""
        switch kind {
        case .text:
            guard !isNull, !text.isEmpty else { throw problem("must be a non-empty string") }
            return .text(text)
        case .choice(let choices):
            guard !isNull, choices.contains(text) else {
                throw problem("must be one of \(choices.joined(separator: ", ")) (got \(got))")
            }
            return .text(text)
        case .flag:
            switch text.lowercased() {
            case "true" where !isNull: return .flag(true)
            case "false" where !isNull: return .flag(false)
            default: throw problem("must be true or false (got \(got))")
            }
        case .unsigned:
            guard !isNull, let value = UInt64(text) ?? Double(text).flatMap({ UInt64(exactly: $0) }) else {
                throw problem("must be an integer from 0 to \(UInt64.max) (got \(got))")
            }
            return .unsigned(value)
        case .integer(let minimum):
            guard !isNull, let value = Int(text) ?? Self.exactInteger(text) else {
                throw problem("must be an integer (got \(got))")
            }
            guard value >= minimum else { throw problem("must be ≥ \(minimum) (got \(value))") }
            return .integer(value)
        case .real(let rule, let accepts):
            guard !isNull, let value = Double(text) else { throw problem("must be a number (got \(got))") }
            guard value.isFinite, accepts(value) else { throw problem("must be \(rule) (got \(value))") }
            return .real(value)
        }
    }

    // MARK: - Types and ranges

    private enum Kind {
        case text
        case choice([String])
        case flag
        case unsigned
        case integer(minimum: Int)
        case real(rule: String, accepts: (Double) -> Bool)
    }

    private var kind: Kind {
        switch self {
        case .name, .model, .plateauMonitor: return .text
        case .optimizer: return .choice(["adam", "sgd"])
        case .preprocessing: return .choice(["scale", "standardize"])
        case .scaleLR: return .choice(LearningRateScaling.allCases.map(\.rawValue))
        case .schedule: return .choice(["cosine", "step", "exp"])
        case .reduceLROnPlateau, .earlyStopping: return .flag
        case .seed: return .unsigned
        case .batchSize, .epochs, .subset, .baseBatchSize, .threads, .evalEveryImages, .evalImages: return .integer(minimum: 1)
        case .plateauPatience, .plateauCooldown, .earlyStoppingPatience, .warmupEpochs:
            return .integer(minimum: 0)
        case .lr, .baseLR: return .real(rule: "> 0 and finite") { $0 > 0 }
        case .momentum: return .real(rule: "in [0, 1)") { $0 >= 0 && $0 < 1 }
        case .validationSplit, .plateauFactor: return .real(rule: "in (0, 1)") { $0 > 0 && $0 < 1 }
        case .plateauMinLR: return .real(rule: "≥ 0 and finite") { $0 >= 0 }
        case .targetAccuracy: return .real(rule: "in (0, 1]") { $0 > 0 && $0 <= 1 }
        }
    }

    /// Whether the parameter is an integer (true) or a real number (false); nil for the others.
    var isInteger: Bool? {
        switch kind {
        case .integer: true
        case .real: false
        default: nil
        }
    }

    private var isOptional: Bool {
        [.subset, .validationSplit, .baseLR, .schedule, .threads, .targetAccuracy].contains(self)
    }

    private func problem(_ message: String) -> InvalidValue {
        InvalidValue(description: "'\(rawValue)' \(message)")
    }

    /// `1e3` → 1000; nil for `1.5`, `inf` or text that is no number.
    private static func exactInteger(_ text: String) -> Int? {
        Double(text).flatMap { Int(exactly: $0) }
    }
}
