import Testing
@testable import BatchLabReport

private typealias P = LineChart.Point

private func parse(_ chart: LineChart) throws -> ParsedXML {
    try #require(ParsedXML(chart.svg()), "not well-formed:\n\(chart.svg())")
}

@Suite struct LineChartTests {
    @Test func drawsOnePathPerSeriesNamedInOrderAndInTheLegend() throws {
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [
            .init(name: "a", points: [P(x: 1, y: 1), P(x: 2, y: 3)]),
            .init(name: "b", points: [P(x: 1, y: 2), P(x: 2, y: 2)], dashed: true),
            .init(name: "c", points: []),
        ])
        let svg = try parse(chart)
        #expect(svg.all("path", class: "series").map { $0.attributes["data-series"] } == ["a", "b", "c"])
        #expect(svg.all("g", class: "legend-item").map { $0.text } == ["a", "b", "c"])
        #expect(svg.all("text", class: "no-data").isEmpty)
    }

    @Test func writesTitleAndAxisLabelsAsText() throws {
        let chart = LineChart(title: "Accuracy per epoch", xLabel: "epoch", yLabel: "accuracy",
                              series: [.init(name: "r", points: [P(x: 1, y: 0.5), P(x: 2, y: 0.6)])])
        let svg = try parse(chart)
        #expect(svg.all("text", class: "title").map(\.text) == ["Accuracy per epoch"])
        #expect(svg.all("text", class: "axis-label").map(\.text) == ["epoch", "accuracy"])
        // One legend row below the plot: 366 + 16 + 4.
        #expect(svg.elements.first?.attributes["viewBox"] == "0 0 640.0 386.0")
        #expect(svg.elements.first?.attributes["width"] == "100%")
    }

    /// Decades are equally spaced, and each ×10 step of the data climbs exactly one decade.
    @Test func logAxisHasDecadeTicksAndTenTimesIsOneDecadeHigher() throws {
        let data = [P(x: 1, y: 0.01), P(x: 2, y: 0.1), P(x: 3, y: 1), P(x: 4, y: 10)]
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", yScale: .logarithmic,
                              series: [.init(name: "loss", points: data)])
        let svg = try parse(chart)
        let ticks = svg.all("text", class: "tick").filter { $0.has(class: "y") }
        #expect(ticks.map(\.text) == ["0.01", "0.1", "1", "10"])
        let tickY = ticks.compactMap { $0.number("y") }
        let decade = tickY[0] - tickY[1]
        #expect(decade > 50)
        let points = pathPoints(svg.all("path", class: "series").first?.attributes["d"])
        #expect(points.count == 4)
        for (lower, upper) in zip(points, points.dropFirst()) { #expect(abs((lower.y - upper.y) - decade) <= 0.2) }
        #expect(abs(points[0].y - tickY[0]) <= 0.1)
    }

    @Test func skipsNonFinitePointsAndNonPositiveOnesOnALogAxis() throws {
        let points = [P(x: 1, y: 2), P(x: 2, y: .nan), P(x: 3, y: .infinity), P(x: .nan, y: 1), P(x: 4, y: 0), P(x: 5, y: 1)]
        for (scale, drawn) in [(LineChart.Scale.linear, 3), (.logarithmic, 2)] {
            let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", yScale: scale, series: [.init(name: "d", points: points)])
            let text = chart.svg()
            #expect(!text.lowercased().contains("nan") && !text.contains("inf"))
            let svg = try parse(chart)
            #expect(pathPoints(svg.all("path", class: "series").first?.attributes["d"]).count == drawn)
        }
    }

    @Test func escapesNamesAndLabelsIntoWellFormedXML() throws {
        let name = #"a<b & "c" 'd'"#
        let chart = LineChart(title: "x < y & z", xLabel: "<x>", yLabel: "\"y\"",
                              series: [.init(name: name, points: [P(x: 1, y: 1), P(x: 2, y: 2)])],
                              markers: [.vertical(at: 1.5, label: "lr > 1e-3")])
        let svg = try parse(chart)
        #expect(svg.all("path", class: "series").first?.attributes["data-series"] == name)
        #expect(svg.all("g", class: "legend-item").first?.text == name)
        #expect(svg.all("text", class: "title").first?.text == "x < y & z")
        #expect(svg.all("g", class: "marker").first?.text == "lr > 1e-3")
    }

    @Test func drawsADotForASinglePointSeries() throws {
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "one epoch", points: [P(x: 1, y: 0.4)])])
        let svg = try parse(chart)
        let dots = svg.all("circle", class: "point")
        #expect(dots.count == 1)
        #expect(dots.first?.attributes["data-series"] == "one epoch")
        let x = try #require(dots.first?.number("cx")), y = try #require(dots.first?.number("cy"))
        #expect((64...456).contains(x) && (40...308).contains(y))
        #expect(svg.all("text", class: "no-data").isEmpty)
    }

    @Test func drawsAxesAndANoteWhenNothingIsDrawable() throws {
        for series in [[], [LineChart.Series(name: "diverged", points: [P(x: 1, y: .nan)])]] {
            let svg = try parse(LineChart(title: "t", xLabel: "x", yLabel: "y", series: series))
            #expect(svg.all("text", class: "no-data").map(\.text) == ["no data"])
            #expect(svg.all("text", class: "tick").count >= 4)
            #expect(svg.all("path", class: "series").count == series.count)
        }
    }

    @Test func padsARangeOfEqualValues() throws {
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y",
                              series: [.init(name: "flat", points: [P(x: 1, y: 0.5), P(x: 2, y: 0.5)])])
        let svg = try parse(chart)
        #expect(Set(svg.all("text", class: "tick").filter { $0.has(class: "y") }.map(\.text)).count >= 2)
        for point in pathPoints(svg.all("path", class: "series").first?.attributes["d"]) {
            #expect(point.y > 40 && point.y < 308)
        }
    }

    @Test func seriesWithTheSameColourIndexShareAColourAndThePaletteCycles() throws {
        let line = [P(x: 1, y: 1), P(x: 2, y: 2)]
        let pair = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [
            .init(name: "r train", points: line, colorIndex: 0), .init(name: "r val", points: line, dashed: true, colorIndex: 0),
            .init(name: "s train", points: line, colorIndex: 1),
        ])
        let paths = try parse(pair).all("path", class: "series")
        #expect(paths[0].attributes["stroke"] == paths[1].attributes["stroke"])
        #expect(paths[0].attributes["stroke"] != paths[2].attributes["stroke"])
        #expect(paths[0].attributes["stroke-dasharray"] == nil && paths[1].attributes["stroke-dasharray"] != nil)

        let eleven = LineChart(title: "t", xLabel: "x", yLabel: "y", series: (0..<11).map { .init(name: "\($0)", points: line) })
        let strokes = try parse(eleven).all("path", class: "series").compactMap { $0.attributes["stroke"] }
        #expect(Set(strokes.prefix(10)).count == 10)
        #expect(strokes[10] == strokes[0])
    }

    /// A marker at 0.01 on a log x axis from 0.001 to 1 sits on the 0.01 tick.
    @Test func placesAVerticalMarkerOnALogXAxis() throws {
        let chart = LineChart(title: "lr finder", xLabel: "learning rate", yLabel: "loss", xScale: .logarithmic,
                              series: [.init(name: "loss", points: [P(x: 0.001, y: 2.3), P(x: 1, y: 1.5)])],
                              markers: [.vertical(at: 0.01, label: "suggested")])
        let svg = try parse(chart)
        let tick = try #require(svg.all("text", class: "tick").first { $0.has(class: "x") && $0.text == "0.01" })
        let line = try #require(svg.all("line").last { $0.attributes["stroke-dasharray"] == "2 3" })
        #expect(line.number("x1") == tick.number("x"))
    }

    @Test func onlyTheStandaloneSVGNamesItsNamespace() {
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y")
        #expect(chart.svg().contains(#"xmlns="http://www.w3.org/2000/svg""#))
        #expect(!chart.svg(standalone: false).contains("http"))
    }

    @Test func growsTallerForALongLegend() throws {
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y",
                              series: (0..<30).map { .init(name: "run \($0)", points: [P(x: 1, y: 1)]) })
        let viewBox = try #require(try parse(chart).elements.first?.attributes["viewBox"])
        let height = try #require(Double(viewBox.split(separator: " ")[3]))
        #expect(height >= 48 + 30 * 16)
    }
}
