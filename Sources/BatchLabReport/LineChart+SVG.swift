extension LineChart {
    /// The chart as SVG: axes with tick labels, axis labels, markers, one
    /// `<path class="series" data-series="name">` per series (dots for single points and
    /// `showsPoints`), a legend naming every series, and "no data" when nothing is drawable.
    ///
    /// `standalone` adds the SVG namespace for a .svg file; leave it out to inline in HTML5,
    /// whose parser supplies it.
    public func svg(standalone: Bool = true) -> String {
        let accepts = { (point: Point) in self.xScale.accepts(point.x) && self.yScale.accepts(point.y) }
        // A band keeps the x values where both its edges can be drawn (a log axis drops a lower edge ≤ 0).
        let bands = series.map { line in line.lower.map { lower in zip(line.points, lower).filter { accepts($0) && accepts($1) } } }
        let drawn = series.indices.map { bands[$0]?.map(\.0) ?? series[$0].points.filter(accepts) }
        let lowers = bands.map { $0?.map(\.1) ?? [] }
        let xAxis = ChartAxis(scale: xScale, values: (drawn + lowers).flatMap { $0.map(\.x) } + markerValues(.x, xScale))
        let yAxis = ChartAxis(scale: yScale, values: (drawn + lowers).flatMap { $0.map(\.y) } + markerValues(.y, yScale))
        let layout = ChartLayout(legendEntries: legendEntries.count)
        let namespace = standalone ? #" xmlns="http://www.w3.org/2000/svg""# : ""
        var svg = #"<svg\#(namespace) class="chart" viewBox="0 0 \#(svgNumber(ChartLayout.width)) "#
            + #"\#(svgNumber(layout.height))" width="100%" role="img" aria-label="\#(title.xmlEscaped)" "#
            + #"font-family="system-ui, sans-serif" font-size="11" \#(frameAttributes(xAxis, yAxis, layout))>"#
        svg += "<title>\(title.xmlEscaped)</title>"
        svg += #"<text class="title" x="\#(svgNumber(layout.plotLeft))" y="22" font-size="14" "#
            + #"font-weight="600">\#(title.xmlEscaped)</text>"#
        svg += axesSVG(xAxis, yAxis, layout)
        svg += markersSVG(xAxis, yAxis, layout)
        for (index, line) in series.enumerated() where line.lower != nil {
            svg += bandSVG(line, upper: drawn[index], lower: lowers[index], color: color(index), xAxis, yAxis, layout)
        }
        for (index, line) in series.enumerated() where line.lower == nil {
            svg += seriesSVG(line, points: drawn[index], color: color(index), xAxis, yAxis, layout)
        }
        svg += legendSVG(layout)
        if drawn.allSatisfy(\.isEmpty) {
            svg += #"<text class="no-data" x="\#(svgNumber(layout.x(0.5)))" y="\#(svgNumber(layout.y(0.5)))" "#
                + #"text-anchor="middle" fill="gray" font-size="14">no data</text>"#
        }
        return svg + "</svg>"
    }

    /// Where the plot lies and what its axes span, for a page that reads values back under the
    /// pointer: `data-plot="left top right bottom"` in viewBox units, `data-x-axis` and
    /// `data-y-axis` as "lower upper base" in axis space (base 0: linear; otherwise the values are
    /// exponents of the base).
    private func frameAttributes(_ xAxis: ChartAxis, _ yAxis: ChartAxis, _ layout: ChartLayout) -> String {
        let axis = { (axis: ChartAxis) in "\(axis.lower) \(axis.upper) \(axis.scale.base ?? 0)" }
        return #"data-plot="\#(layout.plotLeft) \#(layout.plotTop) \#(layout.plotRight) \#(layout.plotBottom)" "#
            + #"data-x-axis="\#(axis(xAxis))" data-y-axis="\#(axis(yAxis))""#
    }

    func color(_ index: Int) -> String { ChartPalette.color(series[index].colorIndex ?? index) }

    private func markerValues(_ axis: Marker.Axis, _ scale: Scale) -> [Double] {
        markers.filter { $0.axis == axis && scale.accepts($0.value) }.map(\.value)
    }

    // MARK: - Pieces

    private func axesSVG(_ xAxis: ChartAxis, _ yAxis: ChartAxis, _ layout: ChartLayout) -> String {
        var svg = #"<g class="axes" stroke="gainsboro">"#
        var labels = #"<g class="ticks" fill="dimgray">"#
        for tick in xAxis.ticks {
            let x = svgNumber(layout.x((tick.position - xAxis.lower) / (xAxis.upper - xAxis.lower)))
            svg += #"<line x1="\#(x)" x2="\#(x)" y1="\#(svgNumber(layout.plotTop))" y2="\#(svgNumber(layout.plotBottom))"/>"#
            labels += #"<text class="tick x" x="\#(x)" y="\#(svgNumber(layout.plotBottom + 15))" "#
                + #"text-anchor="middle">\#(tick.label.xmlEscaped)</text>"#
        }
        for tick in yAxis.ticks {
            let y = svgNumber(layout.y((tick.position - yAxis.lower) / (yAxis.upper - yAxis.lower)))
            svg += #"<line x1="\#(svgNumber(layout.plotLeft))" x2="\#(svgNumber(layout.plotRight))" y1="\#(y)" y2="\#(y)"/>"#
            labels += #"<text class="tick y" x="\#(svgNumber(layout.plotLeft - 6))" y="\#(y)" dy="4" "#
                + #"text-anchor="end">\#(tick.label.xmlEscaped)</text>"#
        }
        svg += #"<rect x="\#(svgNumber(layout.plotLeft))" y="\#(svgNumber(layout.plotTop))" "#
            + #"width="\#(svgNumber(layout.plotWidth))" height="\#(svgNumber(layout.plotHeight))" fill="none" stroke="gray"/>"#
        let middleY = svgNumber(layout.y(0.5))
        labels += #"<text class="axis-label x" x="\#(svgNumber(layout.x(0.5)))" y="\#(svgNumber(layout.plotBottom + 36))" "#
            + #"text-anchor="middle" font-size="12">\#(xLabel.xmlEscaped)</text>"#
        labels += #"<text class="axis-label y" transform="translate(16 \#(middleY)) rotate(-90)" "#
            + #"text-anchor="middle" font-size="12">\#(yLabel.xmlEscaped)</text>"#
        return svg + "</g>" + labels + "</g>"
    }

    private func markersSVG(_ xAxis: ChartAxis, _ yAxis: ChartAxis, _ layout: ChartLayout) -> String {
        var svg = ""
        var verticals = 0
        for marker in markers where (marker.axis == .x ? xScale : yScale).accepts(marker.value) {
            let vertical = marker.axis == .x
            // Labels of successive vertical markers step down, so markers close together stay readable.
            let row = vertical ? Double(verticals % 3) * 14 : 0
            if vertical { verticals += 1 }
            let at = vertical ? layout.x(xAxis.fraction(marker.value)) : layout.y(yAxis.fraction(marker.value))
            let (start, end) = vertical ? ((at, layout.plotTop), (at, layout.plotBottom))
                                        : ((layout.plotLeft, at), (layout.plotRight, at))
            let text = vertical ? (at + 3, layout.plotTop + 12 + row) : (layout.plotRight - 3, at - 4)
            svg += #"<g class="marker"><line x1="\#(svgNumber(start.0))" y1="\#(svgNumber(start.1))" "#
                + #"x2="\#(svgNumber(end.0))" y2="\#(svgNumber(end.1))" stroke="dimgray" stroke-dasharray="2 3"/>"#
                + #"<text x="\#(svgNumber(text.0))" y="\#(svgNumber(text.1))" text-anchor="\#(vertical ? "start" : "end")" "#
                + #"fill="black">\#(marker.label.xmlEscaped)</text></g>"#
        }
        return svg
    }

    private func seriesSVG(_ line: Series, points: [Point], color: String,
                           _ xAxis: ChartAxis, _ yAxis: ChartAxis, _ layout: ChartLayout) -> String {
        let coordinates = points.map { (svgNumber(layout.x(xAxis.fraction($0.x))), svgNumber(layout.y(yAxis.fraction($0.y)))) }
        let path = coordinates.enumerated().map { "\($0 == 0 ? "M" : "L")\($1.0) \($1.1)" }.joined(separator: " ")
        let dash = line.dashed ? #" stroke-dasharray="6 4""# : ""
        let name = line.name.xmlEscaped + (line.id.map { #"" data-id=""# + $0.xmlEscaped } ?? "")
        var svg = line.showsLine ? #"<path class="series" data-series="\#(name)" d="\#(path)" fill="none" stroke="\#(color)" "#
            + #"stroke-width="2" stroke-linejoin="round"\#(dash)/>"# : ""
        if line.showsPoints || !line.showsLine || coordinates.count == 1 {
            for (x, y) in coordinates {
                svg += #"<circle class="point" data-series="\#(name)" cx="\#(x)" cy="\#(y)" r="3.5" fill="\#(color)"/>"#
            }
        }
        return svg
    }

    /// A band: the polygon along the upper edge and back along the lower one, filled translucent.
    private func bandSVG(_ band: Series, upper: [Point], lower: [Point], color: String,
                         _ xAxis: ChartAxis, _ yAxis: ChartAxis, _ layout: ChartLayout) -> String {
        let outline = upper + lower.reversed()
        guard outline.count >= 2 else { return "" }
        let path = outline.enumerated().map { index, point in
            "\(index == 0 ? "M" : "L")\(svgNumber(layout.x(xAxis.fraction(point.x)))) \(svgNumber(layout.y(yAxis.fraction(point.y))))"
        }.joined(separator: " ") + " Z"
        return #"<path class="band" data-series="\#(band.name.xmlEscaped)" d="\#(path)" fill="\#(color)" fill-opacity="0.18" stroke="none"/>"#
    }

    /// The listed series (index, text), then a key for the line styles when some are dashed and unlisted.
    private var legendEntries: [(index: Int?, text: String, dashed: Bool)] {
        var entries = series.indices.compactMap { index in series[index].legend.map { (Optional(index), $0, series[index].dashed) } }
        // Unlisted dashed series are validation curves whose solid training curve is listed in their colour.
        let listedDashedColors = Set(series.indices.filter { series[$0].dashed && series[$0].legend != nil }.map { series[$0].colorIndex ?? $0 })
        if series.indices.contains(where: { series[$0].dashed && series[$0].legend == nil && !listedDashedColors.contains(series[$0].colorIndex ?? $0) }) {
            entries += [(nil, "solid: training", false), (nil, "dashed: validation", true)]
        }
        return entries
    }

    private func legendSVG(_ layout: ChartLayout) -> String {
        var svg = #"<g class="legend">"#
        for (position, entry) in legendEntries.enumerated() {
            let (x, y) = layout.legendPosition(position)
            let dash = entry.dashed ? #" stroke-dasharray="6 4""# : ""
            let name = entry.index.map { series[$0].name } ?? entry.text
            svg += #"<g class="legend-item" data-series="\#(name.xmlEscaped)">"#
                + #"<line x1="\#(svgNumber(x))" x2="\#(svgNumber(x + 20))" y1="\#(svgNumber(y))" y2="\#(svgNumber(y))" "#
                + #"stroke="\#(entry.index.map(color) ?? "gray")" stroke-width="2"\#(dash)/><text x="\#(svgNumber(x + 26))" "#
                + #"y="\#(svgNumber(y))" dy="4">\#(layout.legendText(entry.text).xmlEscaped)</text></g>"#
        }
        return svg + "</g>"
    }
}
