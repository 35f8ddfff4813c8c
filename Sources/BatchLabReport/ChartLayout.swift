import Foundation

/// Geometry of a chart's SVG: a 640-wide viewBox, the plot on top and the legend below it in
/// two columns, as tall as the legend needs.
struct ChartLayout {
    static let width = 640.0
    let plotLeft = 64.0, plotTop = 40.0, plotRight = 616.0, plotBottom = 300.0
    let legendTop = 366.0, legendRow = 16.0, legendColumnWidth = 288.0
    /// Legend entries longer than this are cut with "…" (the series keeps its full name).
    let legendCharacters = 44
    let height: Double

    init(legendEntries: Int) {
        height = legendTop + Double((legendEntries + 1) / 2) * legendRow + 4
    }

    var plotWidth: Double { plotRight - plotLeft }
    var plotHeight: Double { plotBottom - plotTop }

    /// SVG x of a fraction of the x axis (0 = left edge of the plot).
    func x(_ fraction: Double) -> Double { plotLeft + fraction * plotWidth }
    /// SVG y of a fraction of the y axis (0 = bottom edge of the plot).
    func y(_ fraction: Double) -> Double { plotBottom - fraction * plotHeight }

    /// Where legend entry `index` starts: left column first, then right.
    func legendPosition(_ index: Int) -> (x: Double, y: Double) {
        (plotLeft + Double(index % 2) * legendColumnWidth, legendTop + Double(index / 2) * legendRow)
    }

    func legendText(_ name: String) -> String {
        name.count > legendCharacters ? name.prefix(legendCharacters - 1) + "…" : name
    }
}

/// A coordinate rounded to the nearest tenth, always with one decimal ("12.0", "-3.5"); a
/// non-finite one (never expected) as 0, so no "nan" reaches SVG. Written by hand: a chart of a
/// thousand runs has a hundred thousand of them, and `String(format:)` made up most of its time.
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    guard abs(value) < 1e15 else { return String(format: "%.1f", value) }
    let tenths = Int((abs(value) * 10).rounded())
    let sign = value < 0 && tenths > 0 ? "-" : ""
    return "\(sign)\(tenths / 10).\(tenths % 10)"
}
