import Testing
@testable import BatchLabReport

@Suite struct RunGroupTests {
    func run(_ name: String, seed: Int, lr: String = "0.001", accuracies: [Double]) -> ReportRun {
        ReportRun(id: Int64(seed), name: name, status: "finished", batchSize: 32, learningRate: 0.001,
                  config: [ConfigEntry("lr", lr), ConfigEntry("seed", "\(seed)")],
                  epochs: accuracies.enumerated().map { ["epoch": Double($0 + 1), "val_accuracy": $1, "val_loss": 1 - $1] })
    }

    /// Runs differing only by seed form a group named without the seed; a third seed that
    /// stopped after one epoch counts where it has a value.
    @Test func repeatsGroupWithTheirSpreadPerEpoch() throws {
        let runs = [run("baseline (seed 0)", seed: 0, accuracies: [0.4, 0.5]), run("lr=0.01 seed=0", seed: 0, lr: "0.01", accuracies: [0.3]),
                    run("baseline (seed 1)", seed: 1, accuracies: [0.42, 0.56]), run("baseline (seed 2)", seed: 2, accuracies: [0.44])]
        let groups = RunGroup.groups(runs)
        #expect(groups.map(\.name) == ["baseline", "lr=0.01"] && groups.map(\.runs.count) == [3, 1] && RunGroup.hasRepeats(groups))
        let spreads = groups[0].spreadByEpoch("val_accuracy")
        #expect(spreads.map(\.epoch) == [1, 2] && spreads.map(\.spread.count) == [3, 2])
        #expect(abs(spreads[0].spread.mean - 0.42) < 1e-12 && abs(spreads[0].spread.standardDeviation - 0.02) < 1e-12)
        #expect(!RunGroup.hasRepeats(RunGroup.groups([runs[0], runs[1]])))
    }

    /// Threads and folders do not make another setting; a seed seen twice is not a repeat.
    @Test func whereARunRanDoesNotSplitItsGroupAndARerunIsNoRepeat() {
        var other = run("a (seed 1)", seed: 1, accuracies: [0.5])
        other.config.append(ConfigEntry("threads", "2"))
        var first = run("a (seed 0)", seed: 0, accuracies: [0.4])
        first.config.append(ConfigEntry("threads", "1"))
        let rerun = run("a (seed 0)", seed: 0, accuracies: [0.41])
        #expect(RunGroup.groups([first, other]).map(\.runs.count) == [2])
        #expect(RunGroup.groups([run("a (seed 0)", seed: 0, accuracies: [0.4]), rerun]).map(\.runs.count) == [1, 1])
    }

    /// On a log axis a lower edge ≤ 0 cannot be drawn: the band leaves out that epoch on both edges.
    @Test func aBandOnALogAxisKeepsItsEdgesPaired() {
        var chart = LineChart(title: "t", xLabel: "epoch", yLabel: "loss", yScale: .logarithmic)
        chart.series = [LineChart.Series(name: "b", points: [.init(x: 1, y: 3), .init(x: 2, y: 2), .init(x: 3, y: 1)],
                                         lower: [.init(x: 1, y: 1), .init(x: 2, y: -0.5), .init(x: 3, y: 0.5)])]
        let svg = chart.svg()
        let path = svg.components(separatedBy: #"class="band""#)[1].components(separatedBy: "d=\"")[1].components(separatedBy: "\"")[0]
        #expect(path.filter { $0 == "L" }.count == 3, "x 1 and 3 on each edge: 4 points, 3 lines")
    }

    /// The chart draws each group's mean and a band where two runs or more have the epoch; the
    /// report adds the "Repeats over seeds" section with the rule it uses.
    @Test func bandsAndTheRepeatsSection() throws {
        let runs = [run("a (seed 0)", seed: 0, accuracies: [0.4, 0.5]), run("a (seed 1)", seed: 1, accuracies: [0.42, 0.56])]
        let chart = RunCharts(runs: runs, targetAccuracy: nil).groupCharts[0]
        #expect(chart.series.map(\.name) == ["a ± 1 sd", "a (mean of 2)"] && chart.series[0].lower?.count == 2)
        #expect(chart.svg().contains(#"class="band""#))
        let html = HTMLReport(title: "t", runs: runs, targetAccuracy: 0.45, findings: [], generatedAt: .init(timeIntervalSince1970: 0)).render()
        #expect(html.contains(#"<section id="repeats">"#) && html.contains("Welch&#39;s t-test") || html.contains("Welch's t-test"))
        #expect(html.contains("0.530 ± 0.042"))
        let single = HTMLReport(title: "t", runs: [runs[0]], targetAccuracy: nil, findings: [], generatedAt: .init(timeIntervalSince1970: 0)).render()
        #expect(!single.contains(#"<section id="repeats">"#))
    }
}
