import BatchLabCore
import BatchLabConfig

/// A parsed sweep file: fixed settings plus a grid of swept values, or an explicit list of runs.
///
/// The format follows W&B sweep files (`method: grid | random`, `parameters` with `{value: x}`,
/// `{values: [...]}` or a distribution, `early_terminate`); parameters are configuration keys:
///
/// ```yaml
/// name: lr-batch            # optional; default: the file name without its extension
/// method: grid              # optional; grid (default) or random with count
/// parallel: 2               # optional, ≥ 1: runs to train at once
/// seeds: 3                  # optional, ≥ 1: every run repeated with its seed, seed + 1, … (repeats)
/// parameters:               # each is {value: x}, {values: [...]}, a scalar or a list
///   model: seed-cnn
///   epochs: {value: 3}
///   optimizer.lr: {values: [1e-4, 1e-3, 0.1]}
///   batch_size: [32, 128]
///   lr_scaling.rule: none
/// ```
///
/// or, listing the runs instead of a grid (`parameters:` then gives single values, the defaults of
/// every run; a run without `name` is named after its keys):
///
/// ```yaml
/// parameters:
///   epochs: 3
/// runs:
///   - {name: baseline, optimizer.lr: 0.001, batch_size: 32}
///   - {name: linear-rule, optimizer.lr: 0.004, batch_size: 128, callbacks.reduce_lr_on_plateau: true}
/// ```
///
/// Keys are the configuration's (`batchlab train --print-config`; see `SweepParameter`), dotted for
/// nested ones (`optimizer.weight_decay`); `name` belongs to `runs:`
/// entries only. Without `runs:`, `runs()` is the Cartesian product of the parameters that list
/// two or more values, in file order, the first varying slowest, each run named after its swept
/// values (`lr=0.0001 batch=32`). With `runs:`, each entry is one run over the fixed parameters,
/// and `parameters:` may not list several values. Every error names the file and line.
public struct SweepSpec: Equatable, Sendable {
    /// The search strategy: every combination, or `count` random draws (W&B's bayes is not implemented).
    public enum Method: String, Equatable, Sendable {
        case grid, random
    }

    /// The `name:` key, if given.
    public var name: String?
    /// The file name passed to `parse`, for messages and the default study name.
    public var fileName: String
    public var method: Method
    /// Runs to train at once, if given (≥ 1).
    public var parallel: Int?
    /// Parameters with one value, applied to every run.
    public var fixed: [SweepSetting]
    /// Parameters with two or more values, in file order.
    public var grid: [SweepAxis]
    /// The `runs:` entries, each with its `name` setting first; nil without `runs:`.
    public var explicitRuns: [[SweepSetting]]?
    /// Random search: the runs to draw, the seed of the draws, and what each run draws.
    public var count: Int?
    public var searchSeed: UInt64 = 0
    public var searched: [SearchedParameter] = []
    /// Every run N times, with seeds s, s + 1, …, s + N − 1 (s its own seed), named "… (seed k)";
    /// the report groups them (`RunGroup`).
    public var seeds = 1
    /// Successive halving or Hyperband, when the file asks to stop poor runs early.
    public var earlyTermination: EarlyTermination?

    /// `name`, else the file name without directories and extension: `sweeps/lr.yaml` → `lr`.
    public var studyName: String {
        if let name { return name }
        let file = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }

    /// Parses a sweep file; `fileName` is only used in error messages and for `studyName`.
    public static func parse(_ text: String, fileName: String) throws -> SweepSpec {
        try SweepSpecReader(fileName: fileName, text: text).read()
    }

    /// The sweep file at `path`.
    public static func load(path: String) throws -> SweepSpec {
        let text: String
        do {
            text = try UserFile.readText(path, limit: UserFile.textLimit)
        } catch {
            throw SweepSpecError(fileName: "sweep file " + path, line: 0, message: "\(error)")
        }
        return try parse(text, fileName: path)
    }

    /// The runs this sweep trains, in order. Each value was checked on its own when the file was
    /// read; a combination the configuration refuses is the caller's to check (`validate()`).
    public func runs() throws(ConfigurationError) -> [RunSpec] {
        let runs = try distinctRuns()
        guard seeds > 1 else { return runs }
        // Repeats over a grid of seeds would train some seeds twice (and group them as one).
        let sweepsSeed = grid.contains { $0.parameter.key == "seed" } || searched.contains { $0.parameter.key == "seed" }
            || (explicitRuns ?? []).contains { $0.contains { $0.parameter.key == "seed" } }
        guard !sweepsSeed else {
            throw ConfigurationError(key: "seeds", "repeats every run with other seeds; the sweep also varies `seed`: give one or the other")
        }
        guard runs.count <= Limits.sweepRuns / seeds else {
            throw ConfigurationError(key: "seeds", "\(runs.count.formatted()) runs × \(seeds) seeds is more than the \(Limits.sweepRuns.formatted()) a sweep may have")
        }
        // All runs of one seed before the next, so the first results cover every setting.
        var repeated: [RunSpec] = []
        for offset in 0..<UInt64(seeds) {
            for var run in runs {
                guard run.configuration.seed <= UInt64.max - offset else {
                    throw ConfigurationError(key: "seeds", "seed \(run.configuration.seed) + \(offset) goes past the largest seed")
                }
                run.configuration.seed += offset
                run.name += " (seed \(run.configuration.seed))"
                repeated.append(run)
            }
        }
        return repeated
    }

    /// The runs before repeats.
    private func distinctRuns() throws(ConfigurationError) -> [RunSpec] {
        // Each run applies the fixed settings with its own, so that a switch in either comes last.
        let base = RunSpec(name: studyName)
        if let explicitRuns {
            return try explicitRuns.map { settings throws(ConfigurationError) in try base.applying(fixed + settings) }
        }
        if method == .random { return try randomRuns(base: base) }
        var combinations: [[SweepSetting]] = [[]]
        for axis in grid {
            combinations = combinations.flatMap { prefix in
                axis.values.map { prefix + [SweepSetting(axis.parameter, $0)] }
            }
        }
        return try combinations.map { swept throws(ConfigurationError) in
            var run = try base.applying(fixed + swept)
            if !swept.isEmpty { run.name = RunSpec.defaultName(for: swept) }
            return run
        }
    }
}

extension SweepSpec {
    /// `count` runs, each drawing every searched parameter (`RandomSearch`), named by trial and
    /// drawn values: `#03 lr=0.000345 batch=64`.
    private func randomRuns(base: RunSpec) throws(ConfigurationError) -> [RunSpec] {
        // Streams named by the flat names where there is one, so `lr` and `optimizer.lr` draw alike.
        let search = RandomSearch(searched.map { RandomSearch.Parameter($0.parameter.flatName, $0.distribution) }, seed: searchSeed)
        let width = "\(count ?? 0)".count
        return try (0..<(count ?? 0)).map { trial throws(ConfigurationError) in
            let draws = search.trial(trial)
            let settings = searched.map { SweepSetting($0.parameter, $0.value(for: draws[$0.parameter.flatName]!)) }
            var run = try base.applying(fixed + settings)
            let number = String(repeating: "0", count: width - "\(trial + 1)".count) + "\(trial + 1)"
            run.name = "#\(number) " + RunSpec.defaultName(for: settings)
            return run
        }
    }
}
