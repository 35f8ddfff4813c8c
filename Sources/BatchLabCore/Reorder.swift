import CDNNL

/// Copies a tensor into another layout of the same logical shape (plain ⇄ blocked).
public final class Reorder {
    private let primitive: Primitive

    public init(from source: Tensor, to destination: Tensor, engine: Engine) throws {
        var pd: dnnl_primitive_desc_t?
        var src = source.desc.raw, dst = destination.desc.raw
        let attributes = Attributes()
        try withExtendedLifetime(attributes) {
            try dnnlCheck(dnnl_reorder_primitive_desc_create(&pd, &src, engine.raw, &dst, engine.raw, attributes.raw),
                          "reorder \(source.desc) to \(destination.desc)")
        }
        primitive = try Primitive(PrimitiveDescriptor(adopting: pd!, engine: engine),
                                  arguments: [DNNL_ARG_FROM: source, DNNL_ARG_TO: destination])
    }

    public func execute(on engine: Engine) throws {
        try primitive.execute(on: engine)
    }
}

/// A tensor seen in the layout a primitive wants: the tensor itself when layouts already match,
/// otherwise a buffer in the wanted layout with the reorder that fills it (or drains it, for
/// gradients flowing the other way).
public struct LayoutAdapter {
    public let tensor: Tensor
    private let reorder: Reorder?

    /// Presents `source` in `desc`; `run()` copies source → adapted tensor.
    public static func reading(_ source: Tensor, as desc: MemoryDesc, engine: Engine) throws -> LayoutAdapter {
        if source.desc == desc { return LayoutAdapter(tensor: source, reorder: nil) }
        let adapted = Tensor(desc, engine: engine)
        return LayoutAdapter(tensor: adapted, reorder: try Reorder(from: source, to: adapted, engine: engine))
    }

    /// A buffer in `desc` whose contents `run()` copies into `destination`.
    public static func writing(_ destination: Tensor, as desc: MemoryDesc, engine: Engine) throws -> LayoutAdapter {
        if destination.desc == desc { return LayoutAdapter(tensor: destination, reorder: nil) }
        let adapted = Tensor(desc, engine: engine)
        return LayoutAdapter(tensor: adapted, reorder: try Reorder(from: adapted, to: destination, engine: engine))
    }

    /// Runs the reorder, if any.
    public func run(on engine: Engine) throws {
        try reorder?.execute(on: engine)
    }
}
