import BatchLabConfig

/// A key of a sweep file's `parameters:` or `runs:` entries: a configuration key, as a config
/// file spells it (`batch_size`, `optimizer.lr`, `callbacks.reduce_lr_on_plateau.patience`), or
/// `name`, which names one run. The flat names of earlier sweep files (`lr`, `plateau_patience`)
/// still read, as the configuration keys they stand for.
public struct SweepParameter: Hashable, Sendable, CustomStringConvertible {
    /// The configuration key (dotted), or `name`.
    public let key: String
    let kind: ConfigurationKey.Kind
    let isOptional: Bool

    /// Names a run (`runs:` entries only).
    public static let name = SweepParameter(key: "name", kind: .text, isOptional: false)
    public static let lr = SweepParameter("optimizer.lr")!
    public static let batchSize = SweepParameter("batch_size")!

    private init(key: String, kind: ConfigurationKey.Kind, isOptional: Bool) {
        (self.key, self.kind, self.isOptional) = (key, kind, isOptional)
    }

    /// The parameter a sweep file calls `name`: `name`, a configuration key, or an earlier flat name.
    public init?(_ name: String) {
        if name == "name" { self = .name; return }
        // A section that is always there (`data`, `optimizer`) is no parameter: its keys are.
        guard let key = RunConfiguration.key(Self.earlierNames[name] ?? name), key.kind != .section || key.isOptional else { return nil }
        self.init(key: key.path, kind: key.kind, isOptional: key.isOptional)
    }

    public var description: String { key }

    /// The word a default run name uses: `batch`, else the flat name (`lr=0.0001 batch=32`).
    public var label: String {
        self == .batchSize ? "batch" : flatName
    }

    /// The flat name of earlier sweep files (`lr`, `plateau_patience`), else the key.
    public var flatName: String {
        Self.earlierNames.first { $0.value == key }?.key ?? key
    }

    /// Whether it turns a callback on or off (`callbacks.reduce_lr_on_plateau: true`).
    var isSwitch: Bool { kind == .section }

    /// Whether `value` applies as a switch: a callback's, or an earlier name's null that turns one off.
    func appliesAsSwitch(_ value: SweepValue) -> Bool {
        isSwitch || value == .null && Self.earlierNulls[key].map { RunConfiguration.key($0.key)?.kind == .section } == true
    }

    /// Every key a sweep file may give, for messages: the settings and the callbacks' switches.
    static var known: [String] {
        ["name"] + RunConfiguration.keys.filter { $0.kind != .section || $0.isOptional }.map(\.path)
    }

    /// Sets this parameter of `run`: its name, or its configuration key.
    public func apply(_ value: SweepValue, to run: inout RunSpec) throws(ConfigurationError) {
        guard self != .name else { return run.name = value.description }
        let (key, value) = value == .null ? Self.earlierNulls[self.key] ?? (self.key, value) : (self.key, value)
        run.configuration = try run.configuration.setting(key, to: value.node)
    }

    /// What a null meant for the earlier flat names: `schedule: null` a constant rate,
    /// `target_accuracy: null` no target (the callback off).
    static let earlierNulls: [String: (key: String, value: SweepValue)] = [
        "schedule.name": ("schedule.name", .text("constant")),
        "callbacks.target_accuracy.target": ("callbacks.target_accuracy", .flag(false)),
    ]

    /// The flat keys of sweep files before they spoke configuration keys, and the keys they are.
    static let earlierNames: [String: String] = [
        "lr": "optimizer.lr", "optimizer": "optimizer.name", "momentum": "optimizer.momentum",
        "weight_decay": "optimizer.weight_decay", "subset": "data.subset", "validation_split": "data.validation_split",
        "preprocessing": "data.preprocessing", "scale_lr": "lr_scaling.rule", "base_batch_size": "lr_scaling.base_batch_size",
        "base_lr": "lr_scaling.base_lr", "reduce_lr_on_plateau": "callbacks.reduce_lr_on_plateau",
        "plateau_monitor": "callbacks.reduce_lr_on_plateau.monitor", "plateau_factor": "callbacks.reduce_lr_on_plateau.factor",
        "plateau_patience": "callbacks.reduce_lr_on_plateau.patience", "plateau_min_lr": "callbacks.reduce_lr_on_plateau.min_lr",
        "plateau_cooldown": "callbacks.reduce_lr_on_plateau.cooldown", "early_stopping": "callbacks.early_stopping",
        "early_stopping_patience": "callbacks.early_stopping.patience", "schedule": "schedule.name",
        "warmup_epochs": "schedule.warmup_epochs", "target_accuracy": "callbacks.target_accuracy.target",
        "eval_every_images": "callbacks.target_accuracy.eval_every_images", "eval_images": "callbacks.target_accuracy.eval_images",
    ]
}
