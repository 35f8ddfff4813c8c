import Dispatch

/// Splits 0..<count into `threads` contiguous ranges (multiples of 16 elements, so SIMD loops
/// stay aligned) and runs `body` on them concurrently. Small counts run on the calling thread.
public func parallelChunks(count: Int, threads: Int, minimumPerThread: Int = 65_536,
                           _ body: (Range<Int>) -> Void) {
    let chunks = min(threads, count / minimumPerThread)
    guard chunks > 1 else {
        body(0..<count)
        return
    }
    let size = ((count + chunks - 1) / chunks + 15) / 16 * 16
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = chunk * size
        body(start..<min(start + size, count))
    }
}
