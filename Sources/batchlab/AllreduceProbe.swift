import ArgumentParser
import BatchLabDistributed
import BatchLabTuning
import Foundation

/// `batchlab scale --loopback-ranks` starts this under mpirun: every rank allreduces a buffer of
/// --bytes, and rank 0 writes the median time to --out as JSON (`RingAllreduce.Measurement`).
struct AllreduceProbe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allreduce-probe", abstract: "Time an allreduce among the ranks of an MPI job (for `batchlab scale`).",
        shouldDisplay: false)

    @Option(parsing: .unconditional, help: "Bytes to sum (fp32 values).") var bytes: Int
    @Option(parsing: .unconditional, help: "Timed allreduces.") var repeats = 50
    @Option(help: "JSON file rank 0 writes the measurement to.") var out: String

    func validate() throws {
        guard (4...1_000_000_000).contains(bytes) else { throw ValidationError("--bytes must be from 4 to 1,000,000,000 (got \(bytes))") }
        guard (1...100_000).contains(repeats) else { throw ValidationError("--repeats must be from 1 to 100,000 (got \(repeats))") }
    }

    func run() throws {
        guard let world = try MPIWorld.joinIfLaunched() else {
            throw CommandError("allreduce-probe runs under mpirun with 2 ranks or more (`batchlab scale --loopback-ranks` starts it)")
        }
        try world.running {
            let seconds = try world.communicator.timeAllreduce(count: bytes / MemoryLayout<Float>.size, repeats: repeats)
            if world.rank == 0 {
                let measurement = RingAllreduce.Measurement(machines: world.size, bytes: Double(bytes), seconds: seconds)
                try JSONEncoder().encode(measurement).write(to: URL(fileURLWithPath: out), options: .atomic)
            }
        }
    }
}
