import BatchLabTracking
import BatchLabTraining
import Foundation
import Synchronization

/// What the dashboard has read of runs that have ended — their epochs' values and summaries —
/// kept between requests, so that a study of a thousand runs is read from the store once rather
/// than at every chart, filter and poll. An ended run's epochs change only when it is resumed,
/// which makes it `running` (never cached) and gives it a new end time when it ends again: an
/// entry is used only while the run's status and end time are those it was read with.
final class EndedRunCache: Sendable {
    private struct Stamp: Equatable {
        var status: RunStatus
        var endedAt: Date?

        init?(_ record: RunRecord) {
            guard !record.status.isActive else { return nil }
            (status, endedAt) = (record.status, record.endedAt)
        }
    }

    private struct Entry {
        var stamp: Stamp
        /// Values read so far, per epoch; `keys` says which (a key the run never logged is absent).
        var keys: Set<String> = []
        var epochs: [EpochLogs] = []
        var summary: EpochSummary??
    }

    /// Entries beyond this many are dropped, all at once: a bound on memory, not an eviction policy.
    static let maximumRuns = 20_000

    private let entries = Mutex<[Int64: Entry]>([:])

    /// The epochs of `records` with at least `keys`: from the cache where it holds them, the rest
    /// through `read` (run ids, keys) in one call.
    func epochs(of records: [RunRecord], keys: [String],
                read: ([Int64], [String]) throws -> [Int64: [EpochLogs]]) rethrows -> [Int64: [EpochLogs]] {
        var found: [Int64: [EpochLogs]] = [:], missing: [RunRecord] = []
        entries.withLock { entries in
            for record in records {
                if let entry = entries[record.id], entry.stamp == Stamp(record), keys.allSatisfy(entry.keys.contains) {
                    found[record.id] = entry.epochs
                } else {
                    missing.append(record)
                }
            }
        }
        guard !missing.isEmpty else { return found }
        let wanted = Set(keys).union(entries.withLock { entries in missing.flatMap { entries[$0.id]?.keys ?? [] } })
        let read = try read(missing.map(\.id), Array(wanted))
        entries.withLock { entries in
            if entries.count + missing.count > Self.maximumRuns { entries.removeAll() }
            for record in missing {
                found[record.id] = read[record.id] ?? []
                guard let stamp = Stamp(record) else { continue }
                var entry = entries[record.id].flatMap { $0.stamp == stamp ? $0 : nil } ?? Entry(stamp: stamp)
                (entry.keys, entry.epochs) = (wanted, read[record.id] ?? [])
                entries[record.id] = entry
            }
        }
        return found
    }

    /// The epoch summaries of `records` (nil: no epoch), from the cache where it holds them, the
    /// rest through `read` (run ids) in one call.
    func summaries(of records: [RunRecord], read: ([Int64]) throws -> [Int64: EpochSummary]) rethrows -> [Int64: EpochSummary] {
        var found: [Int64: EpochSummary] = [:], missing: [RunRecord] = []
        entries.withLock { entries in
            for record in records {
                if let entry = entries[record.id], entry.stamp == Stamp(record), let summary = entry.summary {
                    found[record.id] = summary
                } else {
                    missing.append(record)
                }
            }
        }
        guard !missing.isEmpty else { return found }
        let read = try read(missing.map(\.id))
        entries.withLock { entries in
            if entries.count + missing.count > Self.maximumRuns { entries.removeAll() }
            for record in missing {
                found[record.id] = read[record.id]
                guard let stamp = Stamp(record) else { continue }
                var entry = entries[record.id].flatMap { $0.stamp == stamp ? $0 : nil } ?? Entry(stamp: stamp)
                entry.summary = .some(read[record.id])
                entries[record.id] = entry
            }
        }
        return found
    }
}
