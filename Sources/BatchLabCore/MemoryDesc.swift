import CDNNL

/// A float32 memory descriptor: logical dimensions plus a layout, plain or one of oneDNN's blocked ones.
///
/// `MemoryDesc.any(_:)` leaves the layout for a primitive to choose (`format_tag_any`).
public struct MemoryDesc: Equatable, CustomStringConvertible {
    public var raw: dnnl_memory_desc_t

    public init(raw: dnnl_memory_desc_t) { self.raw = raw }

    /// A plain row-major layout: `a`, `ab` (N, C), `abcd` (N, C, H, W) …
    public static func plain(_ dims: [Int]) -> MemoryDesc {
        make(dims, tag: plainTag(rank: dims.count))
    }

    /// A layout left for the primitive to choose.
    public static func any(_ dims: [Int]) -> MemoryDesc {
        make(dims, tag: dnnl_format_tag_any)
    }

    /// NHWC, the layout of a batch of images as most data sets store them.
    public static func channelsLast(_ dims: [Int]) -> MemoryDesc {
        precondition(dims.count == 4)
        return make(dims, tag: dnnl_acdb)
    }

    /// The layout oneDNN names by `tag` (`dnnl_AB16b16a`, …): how tests pin a blocked layout with
    /// padding that the CPU's kernels might not pick.
    public init(dims: [Int], tag: dnnl_format_tag_t) {
        self = Self.make(dims, tag: tag)
    }

    static func make(_ dims: [Int], tag: dnnl_format_tag_t) -> MemoryDesc {
        var raw = dnnl_memory_desc_t()
        let dims64 = dims.map { dnnl_dim_t($0) }
        let status = dnnl_memory_desc_init_by_tag(&raw, Int32(dims.count), dims64, dnnl_f32, tag)
        precondition(status == dnnl_success, "invalid memory dimensions \(dims)")
        return MemoryDesc(raw: raw)
    }

    static func plainTag(rank: Int) -> dnnl_format_tag_t {
        switch rank {
        case 1: dnnl_a
        case 2: dnnl_ab
        case 3: dnnl_abc
        case 4: dnnl_abcd
        default: preconditionFailure("tensors of rank \(rank) are not supported")
        }
    }

    /// Logical dimensions, outermost first.
    public var dims: [Int] {
        withUnsafeBytes(of: raw.dims) { buffer in
            Array(buffer.bindMemory(to: dnnl_dim_t.self).prefix(Int(raw.ndims)).map(Int.init))
        }
    }

    /// Number of logical elements.
    public var elementCount: Int { dims.reduce(1, *) }

    /// Whether the layout holds more elements than the logical ones: blocks that pad a
    /// dimension (100 units in blocks of 16 occupy 112).
    public var isPadded: Bool { byteCount > elementCount * MemoryLayout<Float>.size }

    /// Bytes the layout occupies, padding included.
    public var byteCount: Int {
        var copy = raw
        return dnnl_memory_desc_get_size(&copy)
    }

    /// True for the plain row-major layout of `dims`.
    public var isPlain: Bool { self == .plain(dims) }

    public static func == (lhs: MemoryDesc, rhs: MemoryDesc) -> Bool {
        var l = lhs.raw, r = rhs.raw
        return dnnl_memory_desc_equal(&l, &r) != 0
    }

    /// The layout as numbers — format kind, strides, inner blocks — equal exactly when two
    /// processes lay a tensor out alike (ranks on different CPUs may not).
    public var layoutFingerprint: [Int64] {
        var blocking = raw.format_desc.blocking
        var words = [Int64(raw.format_kind.rawValue), Int64(raw.ndims), Int64(blocking.inner_nblks)]
        withUnsafeBytes(of: &blocking.strides) { words += $0.bindMemory(to: Int64.self) }
        withUnsafeBytes(of: &blocking.inner_blks) { words += $0.bindMemory(to: Int64.self) }
        withUnsafeBytes(of: &blocking.inner_idxs) { words += $0.bindMemory(to: Int64.self) }
        return words
    }

    /// True when each example's elements are one contiguous stretch, examples one after the
    /// other: the first dimension has the largest stride and is not blocked.
    public var examplesAreContiguous: Bool {
        var blocking = raw.format_desc.blocking
        let strides = withUnsafeBytes(of: &blocking.strides) { Array($0.bindMemory(to: Int64.self).prefix(Int(raw.ndims))) }
        let blocked = withUnsafeBytes(of: &blocking.inner_idxs) { Array($0.bindMemory(to: Int64.self).prefix(Int(blocking.inner_nblks))) }
        return raw.format_kind == dnnl_blocked && !blocked.contains(0) && strides.first == strides.max()
    }

    public var description: String { "\(dims)\(isPlain ? "" : " blocked")" }
}
