import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabOptim
import Foundation
import Testing
@testable import BatchLabTraining

/// Data-parallel training against one process, with the members as threads of this process
/// (`ThreadGroup`): the MPI job's logic without MPI. `scripts/mpi-checks.sh` runs the same
/// comparison over `mpirun -np 2` on CIFAR-10.
@Suite struct DataParallelTests {
    /// Dropout after a pooling layer (oneDNN's blocked layout) and after a dense one (plain).
    static let model = Sequential(name: "tiny-dropout") {
        Conv2D(8, kernelSize: 3, padding: .same, activation: .relu)
        MaxPooling2D(poolSize: 2)
        Dropout(0.25)
        Flatten()
        Dense(32, activation: .relu)
        Dropout(0.25)
        Dense(4, activation: .softmax)
    }

    static func trainer(seed: UInt64) throws -> Trainer {
        let network = try Network(model, inputShape: [3, 8, 8], engine: try Engine(threads: 1), seed: seed)
        return Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: seed)
    }

    /// Each member's history, trained on `members` threads.
    static func histories(members: Int, batchSize: Int, epochs: Int = 3, seeds: [UInt64]? = nil,
                          epochsPerMember: [Int]? = nil) throws -> [[EpochLogs]] {
        let group = ThreadGroup(size: members)
        let data = tinyDataset()
        let results = Outcomes(count: members)
        let finished = DispatchGroup()
        // One thread per member, all running at once (a pool of fewer threads would deadlock
        // in the first collective).
        for rank in 0..<members {
            finished.enter()
            Thread {
                let result = Result {
                    let trainer = try trainer(seed: seeds?[rank] ?? 1)
                    trainer.collective = group.member(rank)
                    var callbacks: [any Callback] = []
                    return try trainer.fit(data, validation: data, epochs: epochsPerMember?[rank] ?? epochs, batchSize: batchSize,
                                           callbacks: &callbacks).history
                }
                results.set(rank, result)
                finished.leave()
            }.start()
        }
        // A member that waits for a collective the others never call fails the test, not hangs it.
        try #require(finished.wait(timeout: .now() + 120) == .success, "the members did not finish within 2 minutes")
        return try results.all.map { try $0!.get() }
    }

    static func single(batchSize: Int, epochs: Int = 3) throws -> [EpochLogs] {
        var callbacks: [any Callback] = []
        let data = tinyDataset()
        return try trainer(seed: 1).fit(data, validation: data, epochs: epochs, batchSize: batchSize, callbacks: &callbacks).history
    }

    static func expectClose(_ parallel: [EpochLogs], _ single: [EpochLogs], relative: Double = 1e-5) {
        #expect(parallel.count == single.count)
        for (a, b) in zip(parallel, single) {
            for key in ["loss", "accuracy", "val_loss", "val_accuracy"] {
                let (x, y) = (a[key]!, b[key]!)
                #expect(abs(x - y) <= relative * max(abs(y), 1e-3), "epoch \(b["epoch"]!) \(key): \(x) data-parallel, \(y) in one process")
            }
        }
    }

    @Test(arguments: [(2, 6), (3, 6), (4, 5), (2, 16)])
    func membersTrainAsOneProcess(members: Int, batchSize: Int) throws {
        // 16 images: batch 6 leaves a last batch of 4 (split 2/1/1 over 3 members); batch 5 over 4
        // members leaves a last batch of 1, so three members compute nothing in that step.
        let single = try Self.single(batchSize: batchSize)
        let parallel = try Self.histories(members: members, batchSize: batchSize)
        for history in parallel { Self.expectClose(history, single) }
        // The members agree exactly: the same reduced numbers, the same steps.
        for history in parallel.dropFirst() {
            #expect(history.map { $0["loss"] } == parallel[0].map { $0["loss"] })
        }
        #expect(parallel[0].allSatisfy { $0["allreduce_seconds"] != nil })
        #expect(single.allSatisfy { $0["allreduce_seconds"] == nil })
    }

    @Test func dropoutMasksDoNotDependOnTheMemberCount() throws {
        // Without the example offset in the mask, member 1 would reuse member 0's mask and the
        // losses would differ at the first step.
        let one = try Self.single(batchSize: 8, epochs: 1)
        let two = try Self.histories(members: 2, batchSize: 8, epochs: 1)
        Self.expectClose(two[0], one, relative: 1e-6)
    }

    @Test func membersWithDifferentWeightsAreRefused() throws {
        #expect(throws: MembersDisagree.self) { try Self.histories(members: 2, batchSize: 6, seeds: [1, 2]) }
    }

    /// A member whose data or epochs differ would call a different number of collectives: refused
    /// before the first step.
    @Test func membersWithDifferentSettingsAreRefused() throws {
        #expect(throws: MembersDisagree.self) { try Self.histories(members: 2, batchSize: 6, epochsPerMember: [3, 2]) }
    }

    @Test(arguments: [(10, 3), (2, 4), (0, 2), (64, 2), (7, 7)])
    func sharesCoverTheBatchOnce(count: Int, size: Int) {
        let shares = (0..<size).map { ThreadGroup.Member.share(of: count, rank: $0, size: size) }
        #expect(shares.map(\.count).reduce(0, +) == count)
        #expect(shares.first?.lowerBound == 0 && shares.last?.upperBound == count)
        for (a, b) in zip(shares, shares.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(shares.map(\.count).max()! - shares.map(\.count).min()! <= 1)
    }
}

/// What each member's thread ended with.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<[EpochLogs], any Error>?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func set(_ rank: Int, _ outcome: Result<[EpochLogs], any Error>) { lock.withLock { outcomes[rank] = outcome } }
    var all: [Result<[EpochLogs], any Error>?] { lock.withLock { outcomes } }
}

/// Members of one data-parallel group as threads: each collective waits for all of them and
/// combines their values in rank order (deterministically, as one MPI reduction would).
final class ThreadGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var deposits: [[Double]]
    private var combined: [[Double]] = []
    private var arrived = 0
    private var round = 0

    init(size: Int) {
        self.size = size
        deposits = Array(repeating: [], count: size)
    }

    func member(_ rank: Int) -> Member { Member(group: self, rank: rank) }

    /// Every member's values, in rank order, once all have given theirs; throws after 60 s
    /// without them (a member called fewer collectives than the others).
    func exchange(_ values: [Double], from rank: Int) throws -> [[Double]] {
        condition.lock()
        defer { condition.unlock() }
        let myRound = round
        deposits[rank] = values
        arrived += 1
        if arrived == size {
            (combined, arrived, round) = (deposits, 0, round + 1)
            condition.broadcast()
        } else {
            let deadline = Date().addingTimeInterval(60)
            while round == myRound {
                guard condition.wait(until: deadline) || round != myRound else {
                    throw CollectiveError("member \(rank) waited 60 s for the others in collective \(myRound + 1)")
                }
            }
        }
        return combined
    }

    final class Member: Collective {
        let group: ThreadGroup
        let rank: Int
        var size: Int { group.size }

        init(group: ThreadGroup, rank: Int) { (self.group, self.rank) = (group, rank) }

        func sum(_ values: UnsafeMutableBufferPointer<Float>) throws {
            let all = try group.exchange(values.map(Double.init), from: rank)
            for index in values.indices {
                values[index] = all.reduce(Float(0)) { $0 + Float($1[index]) }
            }
        }

        func reduce(_ values: UnsafeMutableBufferPointer<Double>, _ operation: ReduceOperation) throws {
            let all = try group.exchange(Array(values), from: rank)
            for index in values.indices {
                let column = all.map { $0[index] }
                values[index] = operation == .sum ? column.reduce(0, +) : column.max()!
            }
        }
    }
}
