import Foundation

/// Runs that differ only by their seed: repeats of one setting (a study's `--seeds`, a sweep's
/// `seeds:` or a grid over `seed`). Grouped by every recorded setting but the seed and where
/// the run ran (threads, data and checkpoint folders), each seed once per group (a run that
/// recorded no seed stands alone); named after the first run, without its seed (" (seed 2)",
/// "seed=2").
public struct RunGroup: Sendable {
    public var name: String
    public var runs: [ReportRun]

    /// The groups of `runs`, in the order of their first run.
    public static func groups(_ runs: [ReportRun]) -> [RunGroup] {
        // Each setting's latest group, found by hash: a study of a thousand runs groups at once.
        var groups: [RunGroup] = [], latest: [[ConfigEntry]: Int] = [:], seeds: [Set<String>] = []
        for run in runs {
            // A run that recorded no seed cannot be told to be a repeat: it stands alone. Where it
            // ran (threads, data folder, checkpoints) does not make another setting.
            let seed = run.config.first { $0.key == "seed" }?.value
            let key = seed == nil ? nil : run.config.filter { !Self.notSettings.contains($0.key) }
            // A seed already in the group is not an independent repeat (a re-run): it starts another group.
            if let key, let seed, let index = latest[key], !seeds[index].contains(seed) {
                groups[index].runs.append(run)
                seeds[index].insert(seed)
            } else {
                seeds.append(seed.map { [$0] } ?? [])
                if let key { latest[key] = groups.count }
                groups.append(RunGroup(name: baseName(run.name), runs: [run]))
            }
        }
        return groups
    }

    /// The recorded entries that do not tell settings apart: the seed, and where a run ran.
    static let notSettings: Set<String> = ["seed", "threads", "data", "checkpoint_dir"]

    /// Whether any setting was repeated: then the report shows the groups.
    public static func hasRepeats(_ groups: [RunGroup]) -> Bool { groups.contains { $0.runs.count > 1 } }

    /// A run's name without its seed.
    static func baseName(_ name: String) -> String {
        let stripped = name.replacingOccurrences(of: #"\s*\(seed \d+\)|\s*\bseed=\d+"#, with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespaces)
        return stripped.isEmpty ? name : stripped
    }

    /// At each epoch some run reached, the spread of `key` over the runs with a finite value there.
    public func spreadByEpoch(_ key: String) -> [(epoch: Double, spread: Spread)] {
        var values: [Double: [Double]] = [:]
        for run in runs {
            for (epoch, logs) in zip(run.epochNumbers, run.epochs) {
                if let value = logs[key] { values[epoch, default: []].append(value) }
            }
        }
        return values.keys.sorted().compactMap { epoch in Spread(values[epoch]!).map { (epoch, $0) } }
    }

    /// The spread of one number per run (nil for runs without it).
    public func spread(_ value: (ReportRun) -> Double?) -> Spread? {
        Spread(runs.compactMap(value))
    }
}
