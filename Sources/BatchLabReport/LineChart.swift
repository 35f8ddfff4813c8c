/// A line chart of named series, rendered to SVG by `svg()`.
///
/// Axis domains come from the drawable points (finite, and positive on a logarithmic axis) and
/// the markers; everything else is skipped, so a diverged run's NaN loss never reaches the SVG.
/// Series take palette colours in order unless they name a `colorIndex` (train and validation
/// of one run share a colour; validation is drawn dashed).
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale
    public var yScale: Scale
    public var series: [Series]
    public var markers: [Marker]

    public init(title: String, xLabel: String, yLabel: String, xScale: Scale = .linear,
                yScale: Scale = .linear, series: [Series] = [], markers: [Marker] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.markers = markers
    }
}

extension LineChart {
    /// A data point.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// A named line. A series with a single drawable point, or with `showsPoints`, also gets a
    /// dot at each point.
    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        /// Drawn dashed (validation curves).
        public var dashed: Bool
        /// Draws a dot at every point (aggregates, scatter-like panels).
        public var showsPoints: Bool
        /// Joins the points with a line; false draws dots only (a scatter).
        public var showsLine: Bool
        /// Palette slot; nil uses the series' position in the chart.
        public var colorIndex: Int?
        /// The legend's text for it; nil leaves it out (a validation curve whose run's training
        /// curve is listed, in the same colour).
        public var legend: String?
        /// Fills the area between `points` (the upper edge, left to right) and `lower` (the lower
        /// edge, at the same x values) in the series' colour, translucent: a band around a mean.
        public var lower: [Point]?
        /// What a page knows the line by (a run id), written as its `data-id`.
        public var id: String?

        public init(name: String, points: [Point], dashed: Bool = false, showsPoints: Bool = false, showsLine: Bool = true,
                    colorIndex: Int? = nil, legend: String?? = .none, lower: [Point]? = nil, id: String? = nil) {
            self.lower = lower
            self.id = id
            self.showsLine = showsLine
            self.name = name
            self.legend = legend ?? name
            self.points = points
            self.dashed = dashed
            self.showsPoints = showsPoints
            self.colorIndex = colorIndex
        }
    }

    /// A labelled reference line across the plot: vertical at an x value (a suggested learning
    /// rate) or horizontal at a y value (a target accuracy).
    public struct Marker: Sendable, Equatable {
        public enum Axis: Sendable, Equatable { case x, y }
        public var axis: Axis
        public var value: Double
        public var label: String

        public init(axis: Axis, value: Double, label: String) {
            self.axis = axis
            self.value = value
            self.label = label
        }

        public static func vertical(at x: Double, label: String) -> Marker { Marker(axis: .x, value: x, label: label) }
        public static func horizontal(at y: Double, label: String) -> Marker { Marker(axis: .y, value: y, label: label) }
    }
}
