import ArgumentParser
import BatchLabConfig
import BatchLabCore
import BatchLabNN
import BatchLabTraining

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure training throughput on random data (median of repeats after warm-up).")

    @Option(help: "Model to measure.") var model = "seed-cnn"
    @Option(parsing: .unconditional, help: "Examples per step.") var batchSize = 32
    @Option(parsing: .unconditional, help: "Timed steps per repeat.") var steps = 300
    @Option(parsing: .unconditional, help: "Untimed steps first.") var warmup = 50
    @Option(parsing: .unconditional, help: "Timed repeats (≥ 3).") var repeats = 3
    @Option(parsing: .unconditional, help: "Threads (default: all cores).") var threads: Int?

    func validate() throws {
        guard Models.named(model) != nil else {
            throw ValidationError("unknown --model '\(model)'; choose one of \(Models.all.map(\.name).joined(separator: ", "))")
        }
        guard (1...Limits.trainingImages).contains(batchSize) else {
            throw ValidationError("--batch-size must be from 1 to \(Limits.trainingImages.formatted()) (got \(batchSize))")
        }
        guard (1...1_000_000).contains(steps) else { throw ValidationError("--steps must be from 1 to 1,000,000 (got \(steps))") }
        guard (0...1_000_000).contains(warmup) else { throw ValidationError("--warmup must be from 0 to 1,000,000 (got \(warmup))") }
        guard (3...1_000).contains(repeats) else { throw ValidationError("--repeats must be from 3 (for a median) to 1,000 (got \(repeats))") }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1 (got \(threads))") }
    }

    func run() throws {
        let threads = threads ?? Engine.coreCount
        var benchmark = Benchmark(model: Models.named(model)!, batchSize: batchSize, threads: threads)
        benchmark.steps = steps
        benchmark.warmup = warmup
        benchmark.repeats = repeats
        let result = try benchmark.run()
        for (index, rate) in result.imagesPerSecond.enumerated() {
            print("repeat \(index + 1): \(String(format: "%.1f", rate)) images/s")
        }
        print("bench framework=batchlab model=\(model) batch=\(batchSize) threads=\(threads) "
              + "train_images_per_s=\(String(format: "%.1f", result.median)) peak_rss_mb=\(Int(result.peakResidentMegabytes.rounded()))")
    }
}
