import Foundation

/// How the report writes numbers: "—" for a missing value, "NaN" and "∞" for non-finite ones.
public enum ReportFormat {
    static let missing = "—"

    /// Four decimals, for accuracies and losses: 0.5523.
    static func metric(_ value: Double?) -> String { number(value, "%.4f") }
    /// Shortest of plain and exponent form: 0.001, 1e-05, 0.55.
    public static func compact(_ value: Double?) -> String { number(value, "%g") }
    /// Two significant digits, for learning rates: 0.0012, 3.5e-05.
    public static func rate(_ value: Double?) -> String { number(value, "%.2g") }
    /// One decimal: 42.5.
    static func seconds(_ value: Double?) -> String { number(value, "%.1f") }
    /// No decimals: 2380.
    public static func whole(_ value: Double?) -> String { number(value, "%.0f") }
    static func integer(_ value: Int?) -> String { value.map(String.init) ?? missing }

    static func number(_ value: Double?, _ format: String) -> String {
        guard let value else { return missing }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        return String(format: format, value)
    }

    /// UTC, to the second: 2025-03-01 14:05:09 UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}
