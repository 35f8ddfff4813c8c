/// Whether a monitored value improves by going down or up.
public enum MonitorMode: String, Codable, Sendable, CaseIterable {
    case min, max
    /// Keras's `auto`: `max` when the name contains "acc", else `min`.
    case auto

    /// `min` or `max` for `monitor`.
    public func resolved(for monitor: String) -> MonitorMode {
        guard self == .auto else { return self }
        return monitor.contains("acc") ? .max : .min
    }

    /// Whether `current` beats `best` by more than `minDelta` (absolute, as Keras).
    func isImprovement(_ current: Double, over best: Double, minDelta: Double) -> Bool {
        switch self {
        case .max: current > best + minDelta
        default: current < best - minDelta
        }
    }

    /// The starting "best": +∞ when lower is better.
    var worst: Double { self == .max ? -.infinity : .infinity }
}
