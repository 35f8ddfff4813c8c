import BatchLabReport

/// `/api/groups`: the runs grouped into repeats over seeds, each with mean ± sd of what the
/// report's repeats table lists, and the rule the findings use to call two groups different.
struct RepeatsJSON: Encodable {
    struct SpreadJSON: Encodable {
        var mean: Double
        var sd: Double
        var count: Int

        init?(_ spread: Spread?) {
            guard let spread else { return nil }
            (mean, sd, count) = (spread.mean, spread.standardDeviation, spread.count)
        }
    }

    struct Group: Encodable {
        var name: String
        var runs: [Int64]
        var finalValAccuracy: SpreadJSON?
        var bestValAccuracy: SpreadJSON?
        var secondsToTarget: SpreadJSON?
        var reachedTarget: Int
        var medianImagesPerSecond: SpreadJSON?

        /// Every key, absent spreads as null.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(runs, forKey: .runs)
            try container.encode(finalValAccuracy, forKey: .finalValAccuracy)
            try container.encode(bestValAccuracy, forKey: .bestValAccuracy)
            try container.encode(secondsToTarget, forKey: .secondsToTarget)
            try container.encode(reachedTarget, forKey: .reachedTarget)
            try container.encode(medianImagesPerSecond, forKey: .medianImagesPerSecond)
        }

        private enum CodingKeys: String, CodingKey {
            case name, runs, finalValAccuracy, bestValAccuracy, secondsToTarget, reachedTarget, medianImagesPerSecond
        }
    }

    var groups: [Group]
    var targetAccuracy: Double?
    var rule = "mean ± sample standard deviation over seeds; two groups differ when Welch's t-test gives p < \(WelchTest.level)"

    init(groups: [RepeatSummary], targetAccuracy: Double?) {
        self.groups = groups.map { summary in
            Group(name: summary.name, runs: summary.runIDs, finalValAccuracy: SpreadJSON(summary.finalValAccuracy),
                  bestValAccuracy: SpreadJSON(summary.bestValAccuracy), secondsToTarget: SpreadJSON(summary.secondsToTarget),
                  reachedTarget: summary.reachedTarget, medianImagesPerSecond: SpreadJSON(summary.medianImagesPerSecond))
        }
        self.targetAccuracy = targetAccuracy
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(groups, forKey: .groups)
        try container.encode(targetAccuracy, forKey: .targetAccuracy)
        try container.encode(rule, forKey: .rule)
    }

    private enum CodingKeys: String, CodingKey { case groups, targetAccuracy, rule }
}
