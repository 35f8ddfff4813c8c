extension ReportRun {
    /// Epoch numbers: each epoch's "epoch" entry when it is a whole number in 0...1e9,
    /// else its 1-based position.
    var epochNumbers: [Double] {
        epochs.enumerated().map { index, logs in
            guard let epoch = logs[EpochKey.epoch], (0...1e9).contains(epoch), epoch.rounded() == epoch
            else { return Double(index + 1) }
            return epoch
        }
    }

    /// Cumulative wall-clock seconds at the end of each epoch: the running sum of finite
    /// "seconds" values. An epoch without one adds nothing and gets nil (no known end time).
    var elapsedSeconds: [Double?] {
        var total = 0.0
        return epochs.map { logs in
            guard let seconds = logs[EpochKey.seconds], seconds.isFinite else { return nil }
            total += seconds
            return total
        }
    }

    /// The finite values of `key` across epochs, in order.
    public func finiteValues(_ key: String) -> [Double] {
        epochs.compactMap { $0[key] }.filter(\.isFinite)
    }

    /// Points (x[i], epochs[i][key]) for every epoch with both; y may be non-finite (charts skip it).
    func points(x: [Double?], y key: String) -> [LineChart.Point] {
        zip(x, epochs).compactMap { x, logs in
            guard let x, let y = logs[key] else { return nil }
            return LineChart.Point(x: x, y: y)
        }
    }
}
