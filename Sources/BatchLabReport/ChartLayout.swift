import Foundation

/// Geometry of a chart's SVG: a 640 × 360 viewBox (taller when the legend needs it), the plot
/// on the left and the legend in a column on the right.
struct ChartLayout {
    static let width = 640.0
    let plotLeft = 64.0, plotTop = 40.0, plotRight = 456.0, plotBottom = 308.0
    let legendX = 472.0, legendTop = 48.0, legendRow = 16.0
    /// Legend entries longer than this are cut with "…" (the series keeps its full name).
    let legendCharacters = 22
    let height: Double

    init(legendRows: Int) {
        height = max(360, legendTop + Double(legendRows) * legendRow + 8)
    }

    var plotWidth: Double { plotRight - plotLeft }
    var plotHeight: Double { plotBottom - plotTop }

    /// SVG x of a fraction of the x axis (0 = left edge of the plot).
    func x(_ fraction: Double) -> Double { plotLeft + fraction * plotWidth }
    /// SVG y of a fraction of the y axis (0 = bottom edge of the plot).
    func y(_ fraction: Double) -> Double { plotBottom - fraction * plotHeight }

    func legendY(_ row: Int) -> Double { legendTop + Double(row) * legendRow }

    func legendText(_ name: String) -> String {
        name.count > legendCharacters ? name.prefix(legendCharacters - 1) + "…" : name
    }
}

/// A coordinate with one decimal; a non-finite one (never expected) as 0, so no "nan" reaches SVG.
func svgNumber(_ value: Double) -> String {
    value.isFinite ? String(format: "%.1f", value) : "0"
}
