import ArgumentParser
import BatchLabConfig
import BatchLabCore
import BatchLabExperiments
import BatchLabNN
import BatchLabReport
import BatchLabRun
import BatchLabTracking
import BatchLabTraining
import BatchLabTuning
import Foundation

struct Scale: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict how many machines a batch size is worth: step time and time to a target against machines and network.",
        discussion: """
            Measures this machine's step time at each per-machine share of --batch-size (random data, --threads \
            threads: one machine) and, with --loopback-ranks, the allreduce of the model's gradients among ranks \
            of this host; predicts step(N) = compute(⌈B/N⌉) + ring allreduce(N) for each --machines count on \
            each --bandwidth-gbps network, and, with --study runs trained to a target accuracy (and noise-scale \
            analyses), the time to that target from S(B) = S_min (1 + B_noise/B). Says where adding machines \
            stops paying, and saves the prediction in the store: `batchlab report --study` charts it.
            """)

    @Option(help: "Model to measure (see `batchlab models`).") var model = defaults.model.name
    @Option(parsing: .unconditional, help: "The global batch size the machines share.") var batchSize = 512
    @Option(parsing: .unconditional, help: "Threads per machine (default: all cores of this one).") var threads: Int?
    @Option(parsing: .unconditional, help: "Comma-separated machine counts to predict (each ≤ --batch-size).") var machines = "1,2,4,8,16,32,64"
    @Option(parsing: .unconditional, help: "Comma-separated network bandwidths, Gbit/s per machine.") var bandwidthGbps = "10,25,100"
    @Option(parsing: .unconditional, help: "Latency of one message on those networks, µs (the ring's 2(N−1) messages).") var latencyUs = 25.0
    @Option(parsing: .unconditional, help: "Also measure the allreduce among these numbers of ranks of this host (mpirun) and predict for it.")
    var loopbackRanks: String?
    @Option(parsing: .unconditional, help: "Images timed per batch size (each of 3 repeats).") var images = 4_096
    @Option(help: "Take S(B) from this study's runs trained to a target accuracy; the prediction is saved under it.") var study: String?
    @Option(parsing: .unconditional, help: "Steps to the target at --batch-size, instead of the study's fit.") var stepsToTarget: Double?
    @Option(help: "Name of the prediction in the store (default: model and batch size).") var name: String?
    @OptionGroup var store: StoreOption

    static let machineLimit = 4_096

    func validate() throws {
        guard Models.named(model) != nil else {
            throw ValidationError("unknown --model '\(model)'; choose one of \(Models.all.map(\.name).joined(separator: ", "))")
        }
        guard (1...Limits.trainingImages).contains(batchSize) else {
            throw ValidationError("--batch-size must be from 1 to \(Limits.trainingImages.formatted()) (got \(batchSize))")
        }
        if let threads, !(1...Limits.threads).contains(threads) {
            throw ValidationError("--threads must be from 1 to \(Limits.threads.formatted()) (got \(threads))")
        }
        guard latencyUs.isFinite, (0...1_000_000).contains(latencyUs) else {
            throw ValidationError("--latency-us must be from 0 to 1,000,000 (got \(latencyUs))")
        }
        guard (256...1_000_000).contains(images) else { throw ValidationError("--images must be from 256 to 1,000,000 (got \(images))") }
        if let stepsToTarget, !(stepsToTarget.isFinite && stepsToTarget > 0 && stepsToTarget <= 1e9) {
            throw ValidationError("--steps-to-target must be a positive number of steps up to 1e9 (got \(stepsToTarget))")
        }
        _ = try machineCounts()
        _ = try bandwidths()
        _ = try loopback()
    }

    func machineCounts() throws -> [Int] {
        let counts = try GridOverrides.parseIntList(machines, flag: "--machines")
        guard let bad = counts.first(where: { !(1...min(batchSize, Self.machineLimit)).contains($0) }) else { return counts.sorted() }
        throw ValidationError("--machines: \(bad) is not from 1 to \(min(batchSize, Self.machineLimit).formatted()) "
                              + "(each machine needs at least one example of the batch of \(batchSize))")
    }

    func bandwidths() throws -> [Double] {
        let values = try GridOverrides.parseList(bandwidthGbps, flag: "--bandwidth-gbps")
        guard let bad = values.first(where: { !($0.isFinite && $0 > 0 && $0 <= 100_000) }) else { return values }
        throw ValidationError("--bandwidth-gbps: \(bad) is not a bandwidth from above 0 to 100,000 Gbit/s")
    }

    func loopback() throws -> [Int] {
        guard let loopbackRanks else { return [] }
        let ranks = try GridOverrides.parseIntList(loopbackRanks, flag: "--loopback-ranks")
        guard let bad = ranks.first(where: { !(2...64).contains($0) }) else { return ranks.sorted() }
        throw ValidationError("--loopback-ranks: \(bad) is not from 2 to 64 ranks")
    }

    func run() throws {
        let stop = StopSignal()
        let counts = try machineCounts()
        let threads = threads ?? Engine.coreCount
        // S(B) first: a study without runs to a target fails before minutes of measuring.
        let steps = try stepsAtBatchSize()
        print("Measuring \(model) on this machine, \(threads) thread\(threads == 1 ? "" : "s") standing for one machine:")
        var measurement = ScalingMeasurement(model: Models.named(model)!, threads: threads)
        measurement.images = images
        let shares = ScalingPrediction.perMachineBatches(batchSize: batchSize, machines: counts)
        let compute: [Int: Double], gradientValues: Int
        do {
            (compute, gradientValues) = try measurement.compute(batchSizes: shares) { stop.isRequested }
        } catch is Interrupted {
            throw ExitCode(130)
        }
        let bytes = gradientValues * MemoryLayout<Float>.size
        print("Each step sums \(gradientValues.formatted()) gradient values (\(String(format: "%.2f", Double(bytes) / 1e6)) MB) over the machines.")
        var networks = try bandwidths().map {
            ScalingPrediction.Network(name: "\(ReportFormat.compact($0)) Gbit/s", allreduce: RingAllreduce(gigabitsPerSecond: $0, latency: latencyUs / 1e6))
        }
        let ranks = try loopback()
        if !ranks.isEmpty {
            let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
            let measured = try measurement.loopback(executable: executable, ranks: ranks, bytes: bytes)
            guard let fit = RingAllreduce.fit(measured, fallbackLatency: latencyUs / 1e6) else {
                throw CommandError("--loopback-ranks: the allreduce times measured (\(measured.map { "\($0.seconds) s" }.joined(separator: ", "))) fit no bandwidth")
            }
            print("This host's loopback, fitted: \(String(format: "%.2f", fit.gigabitsPerSecond)) Gbit/s, latency \(String(format: "%.1f", fit.latency * 1e6)) µs.")
            // Its ranks share this host's cores, as the measured runs would.
            networks.append(ScalingPrediction.Network(name: "this host (loopback)", allreduce: fit, sharedCores: Engine.coreCount))
        }
        let prediction = ScalingPrediction(model: model, batchSize: batchSize, threadsPerMachine: threads, gradientBytes: Double(bytes),
                                           compute: compute, networks: networks, machines: counts, stepsToTarget: steps?.steps,
                                           target: steps?.target, stepsSource: steps?.source)
        print("")
        print(Self.table(prediction))
        print("")
        if let source = prediction.stepsSource { print("Steps to the target at batch \(batchSize): \(source).") }
        for network in prediction.networks { print(prediction.sentence(network: network.name)) }
        let saved = try store.openOrCreate().saveAnalysis(NewAnalysis(
            kind: .scaling, name: name ?? "\(model) batch \(batchSize) over machines", study: study,
            settings: ["model": model, "batch_size": "\(batchSize)", "threads": "\(threads)", "machines": counts.map(String.init).joined(separator: ","),
                       "bandwidth_gbps": bandwidthGbps, "latency_us": "\(latencyUs)", "loopback_ranks": loopbackRanks ?? ""],
            result: prediction, version: BatchLab.version))
        print("Saved as analysis \(saved) in \(store.path)" + (study.map { "; `batchlab report --study '\($0)'` charts it" } ?? ""))
    }

    /// S(B) at --batch-size: the flag, else fitted to (or predicted by the noise scale from) the
    /// study's runs trained to a target; nil without either.
    private func stepsAtBatchSize() throws -> (steps: Double, target: Double?, source: String)? {
        if let stepsToTarget { return (stepsToTarget, nil, "\(ReportFormat.whole(stepsToTarget)) (--steps-to-target)") }
        guard let study else { return nil }
        let store = try store.openExisting()
        let recommendation = try Recommendation.load(runs: try ReportRun.load(store.runs(study: study), from: store),
                                                     analyses: try store.analyses(study: study, kind: nil), from: store)
        guard let measured = recommendation.stepsToTarget, let model = measured.fitted ?? measured.predicted else {
            throw CommandError("--study \(study): no S(B) to predict the time to a target from: it needs runs trained to a target accuracy "
                               + "at two batch sizes or more (`batchlab study recommend`), or at one beside a noise-scale analysis "
                               + "of the study; or give --steps-to-target")
        }
        let how = measured.fitted != nil
            ? "S_min \(ReportFormat.whole(model.minimumSteps)) and B_noise \(ReportFormat.whole(model.noiseScale)) fitted to \(measured.best.count) batch sizes of '\(study)'"
            : "S_min fitted with the noise scale B_simple \(ReportFormat.whole(model.noiseScale)) of '\(study)'"
        return (model.steps(batchSize: Double(batchSize)), measured.target,
                "\(ReportFormat.whole(model.steps(batchSize: Double(batchSize)))) to val_accuracy \(ReportFormat.compact(measured.target)) (\(how))")
    }

    static func table(_ prediction: ScalingPrediction) -> String {
        let what = prediction.stepsToTarget == nil ? "epoch" : "to target"
        return TextTable(header: ["network", "machines", "batch/machine", "compute ms", "allreduce ms", "step ms", "speedup", "efficiency", what],
                         rows: prediction.rows.map { row in
            [row.network, "\(row.machines)", "\(row.perMachineBatch)", String(format: "%.2f", row.computeSeconds * 1000),
             String(format: "%.2f", row.allreduceSeconds * 1000), String(format: "%.2f", row.stepSeconds * 1000),
             String(format: "%.2f×", row.speedup), "\(Int((row.efficiency * 100).rounded())) %", ScalingPrediction.duration(row.seconds)]
        }).rendered
    }
}
