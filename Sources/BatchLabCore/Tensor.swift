import CDNNL

/// Float32 storage in 64-byte aligned memory, described by a `MemoryDesc` and visible to oneDNN.
///
/// The buffer holds the layout's physical elements, padding included; `floats` exposes them all.
/// Elementwise code may run over `floats` whatever the layout, as long as every operand of the
/// loop shares the same descriptor.
public final class Tensor {
    public let desc: MemoryDesc
    public let byteCount: Int
    public let data: UnsafeMutableRawPointer
    let memory: dnnl_memory_t
    /// The tensor whose storage a view shares; nil when this tensor owns its buffer.
    private let base: Tensor?
    /// The engine that counts this tensor's bytes (owners only).
    private let owner: Engine?

    /// Allocates zeroed storage for `desc`.
    public init(_ desc: MemoryDesc, engine: Engine) {
        self.desc = desc
        byteCount = max(desc.byteCount, 4)
        data = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        var memory: dnnl_memory_t?
        var raw = desc.raw
        let status = dnnl_memory_create(&memory, &raw, engine.raw, data)
        precondition(status == dnnl_success, "oneDNN could not create memory for \(desc)")
        self.memory = memory!
        base = nil
        owner = engine
        engine.trackTensorBytes(byteCount)
    }

    /// The same storage seen with another plain descriptor of equal size, e.g. (N, C, H, W) as (N, C·H·W).
    public init(viewing base: Tensor, as desc: MemoryDesc, engine: Engine) {
        precondition(base.desc.isPlain && desc.isPlain && desc.byteCount == base.desc.byteCount,
                     "a view needs plain layouts of equal size")
        self.desc = desc
        byteCount = base.byteCount
        data = base.data
        var memory: dnnl_memory_t?
        var raw = desc.raw
        let status = dnnl_memory_create(&memory, &raw, engine.raw, data)
        precondition(status == dnnl_success, "oneDNN could not create memory for \(desc)")
        self.memory = memory!
        self.base = base
        owner = nil
    }

    /// Allocates a plain row-major tensor of `dims`.
    public convenience init(plain dims: [Int], engine: Engine) {
        self.init(.plain(dims), engine: engine)
    }

    deinit {
        dnnl_memory_destroy(memory)
        if base == nil { data.deallocate() }
        owner?.trackTensorBytes(-byteCount)
    }

    /// Every physical element of the layout.
    public var floats: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: byteCount / 4)
    }

    public var dims: [Int] { desc.dims }

    /// The values in plain row-major order, reordered from a blocked layout when needed.
    public func plainValues(engine: Engine) throws -> [Float] {
        if desc.isPlain { return Array(floats.prefix(desc.elementCount)) }
        let plain = Tensor(plain: dims, engine: engine)
        try Reorder(from: self, to: plain, engine: engine).execute(on: engine)
        engine.wait()
        return Array(plain.floats.prefix(desc.elementCount))
    }

    /// Writes `values`, given in plain row-major order, into this tensor's layout.
    public func setPlainValues(_ values: [Float], engine: Engine) throws {
        precondition(values.count == desc.elementCount, "expected \(desc.elementCount) values, got \(values.count)")
        if desc.isPlain {
            _ = floats.update(fromContentsOf: values)
            return
        }
        let plain = Tensor(plain: dims, engine: engine)
        _ = plain.floats.update(fromContentsOf: values)
        try Reorder(from: plain, to: self, engine: engine).execute(on: engine)
        engine.wait()
    }

    /// Sets every physical element to zero.
    public func zero() {
        data.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
    }
}
