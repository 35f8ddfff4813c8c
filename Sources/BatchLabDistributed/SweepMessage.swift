import BatchLabConfig
import BatchLabTracking
import Foundation

/// What a sweep's worker ranks tell rank 0, which holds the queue and the store (tag
/// `SweepMessage.toCoordinator`). Messages from one rank arrive in the order it sent them, so an
/// epoch is in the store before the run asks for its verdict.
enum WorkerMessage: Codable {
    /// Idle: give me a run, or `finish`.
    case ready
    /// Record a new run (`RunJournal.createRun`); answered by `runID` or `refused`.
    case createRun(NewRun)
    /// `logs` as `EpochLogs.jsonLine()` writes them (non-finite values as null).
    case appendEpoch(runID: Int64, logs: String, stepLosses: [StepLoss])
    case setStatus(runID: Int64, status: RunStatus, message: String?)
    /// Reopen an interrupted or failed run (`RunJournal.resume`); answered by `done` or `refused`.
    case resume(runID: Int64, afterEpoch: Int, process: RunProcess)
    case setRanks(runID: Int64, hosts: [String])
    /// The run waits after `epoch` for its verdict; answered by `verdict`.
    case awaitVerdict(runID: Int64, epoch: Int)
    /// The run ended: its status is recorded, unless it failed before it could be (`error`).
    case ended(error: String?)
}

/// What rank 0 answers a worker (tag `SweepMessage.toWorker`).
enum CoordinatorMessage: Codable {
    case train(RunAssignment)
    /// No run is left: leave the sweep.
    case finish
    case runID(Int64)
    case done
    /// The store refused the request, with its error.
    case refused(String)
    /// `EpochGate.Verdict.line`; nil: interrupt.
    case verdict(String?)
}

/// One run for a worker group to train.
struct RunAssignment: Codable {
    var name: String
    var study: String
    var configuration: RunConfiguration
    /// The epochs after which it waits for a verdict.
    var rungs: [Int]
    /// The run to continue from its checkpoint instead of starting one.
    var resuming: Int64?
}

/// The tags and the encoding of a sweep's messages: JSON, numbers as numbers (a diverged step's
/// loss, not finite, as "nan", "inf" or "-inf").
enum SweepMessage {
    static let toCoordinator: Int32 = 71
    static let toWorker: Int32 = 72

    private static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    static func encode(_ message: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: nonFinite.positiveInfinity,
                                                                      negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        // Strings, numbers and the Codable settings types: nothing here can fail to encode.
        return Array(try! encoder.encode(message))
    }

    static func decode<Message: Decodable>(_ type: Message.Type, from bytes: [UInt8], sender: Int) throws -> Message {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: nonFinite.positiveInfinity,
                                                                        negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw SweepMessageError("rank \(sender) sent a message this BatchLab cannot read (ranks running different versions?): \(error)")
        }
    }
}

/// A message between a sweep's ranks that cannot be read or answered, said in one line.
struct SweepMessageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
