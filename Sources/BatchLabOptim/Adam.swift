import BatchLabCore
import BatchLabNN

/// Adam (Kingma & Ba 2015) with Keras's defaults and "epsilon hat" form:
///
///     t ← t + 1;  α_t = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
///     m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²
///     θ ← θ − α_t · m / (√v + ε̂)
///
/// β₁ 0.9, β₂ 0.999, ε̂ 1e-7 (Keras). PyTorch's form adds ε to √v̂ after bias correction instead;
/// `EpsilonPlacement.pytorch` selects it.
///
/// `weightDecay` λ > 0 makes it AdamW, decoupled weight decay (Loshchilov & Hutter, ICLR 2019) as
/// PyTorch's `AdamW` and Keras 3's `AdamW` apply it: before the step above, every parameter
/// (biases included) is scaled by the current learning rate,
///
///     θ ← θ · (1 − lr · λ)
///
/// m and v see the raw gradient; padding zeros stay zero. The paper writes
/// θ ← θ − η_t (α · m̂ / (√v̂ + ε) + λ θ) with η_t the schedule multiplier alone, so its λ is not
/// scaled by the base rate α; PyTorch and Keras scale it by lr = α · η_t (paper λ = α · their λ).
/// Defaults: PyTorch `AdamW` 0.01, Keras `AdamW` 0.004; here 0, plain Adam (bit-identical).
public struct Adam: Optimizer {
    public enum EpsilonPlacement: Sendable {
        /// ε added to √v before the bias correction is folded into the step size (Keras, TF).
        case keras
        /// ε added to √(v / (1 − β₂ᵗ)) (PyTorch).
        case pytorch
    }

    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var epsilonPlacement: EpsilonPlacement
    /// Decoupled weight decay λ: θ ← θ · (1 − lr · λ) before each step; 0 is off.
    public var weightDecay: Float
    public private(set) var iterations = 0
    /// Threads the update is split over (the engine's thread count).
    public var threads: Int
    private var m: [[Float]] = []
    private var v: [[Float]] = []

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                epsilonPlacement: EpsilonPlacement = .keras, weightDecay: Float = 0, threads: Int = 1) {
        self.threads = threads
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.epsilonPlacement = epsilonPlacement
    }

    public var slots: [String: [[Float]]] { m.isEmpty ? [:] : ["m": m, "v": v] }

    public mutating func restore(iterations: Int, slots: [String: [[Float]]]) throws {
        self.iterations = iterations
        guard !slots.isEmpty else { return (m, v) = ([], []) }
        let sizes = slots["m"]?.map(\.count) ?? []
        (m, v) = (try savedSlot("m", in: slots, sizes: sizes), try savedSlot("v", in: slots, sizes: sizes))
    }

    public mutating func update(_ parameters: [Parameter], learningRate: Float) {
        if m.count != parameters.count {
            m = zeroSlots(for: parameters)
            v = zeroSlots(for: parameters)
        }
        iterations += 1
        let t = Double(iterations)
        let correction1 = 1 - Foundation.pow(Double(beta1), t), correction2 = 1 - Foundation.pow(Double(beta2), t)
        let stepSize: Float, epsilonTerm: Float
        switch epsilonPlacement {
        case .keras:
            stepSize = Float(Double(learningRate) * correction2.squareRoot() / correction1)
            epsilonTerm = epsilon
        case .pytorch:
            // θ −= lr/c₁ · m / (√v/√c₂ + ε) = lr·√c₂/c₁ · m / (√v + ε·√c₂)
            stepSize = Float(Double(learningRate) * correction2.squareRoot() / correction1)
            epsilonTerm = epsilon * Float(correction2.squareRoot())
        }
        // Decoupled decay at the current rate; exactly 1 when off (θ · 1 is exact).
        let decay = Float(1 - Double(learningRate) * Double(weightDecay))
        for (index, parameter) in parameters.enumerated() {
            let (value, gradient) = (parameter.value.floats, parameter.gradient.floats)
            let (beta1, beta2) = (beta1, beta2)
            m[index].withUnsafeMutableBufferPointer { m in
                v[index].withUnsafeMutableBufferPointer { v in
                    parallelChunks(count: value.count, threads: threads) { range in
                        adamUpdate(value: UnsafeMutableBufferPointer(rebasing: value[range]),
                                   gradient: UnsafeMutableBufferPointer(rebasing: gradient[range]),
                                   m: UnsafeMutableBufferPointer(rebasing: m[range]),
                                   v: UnsafeMutableBufferPointer(rebasing: v[range]),
                                   stepSize: stepSize, beta1: beta1, beta2: beta2, epsilon: epsilonTerm,
                                   decay: decay)
                    }
                }
            }
        }
    }
}

/// One Adam pass over matching buffers, 16 floats at a time:
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ · decay − stepSize · m / (√v + ε).
/// `decay` is AdamW's 1 − lr·λ (1 when off: θ · 1 is exact, so plain Adam is unchanged).
func adamUpdate(value: UnsafeMutableBufferPointer<Float>, gradient: UnsafeMutableBufferPointer<Float>,
                m: UnsafeMutableBufferPointer<Float>, v: UnsafeMutableBufferPointer<Float>,
                stepSize: Float, beta1: Float, beta2: Float, epsilon: Float, decay: Float) {
    typealias V = SIMD16<Float>
    let (b1, b2, c1, c2) = (V(repeating: beta1), V(repeating: beta2), V(repeating: 1 - beta1), V(repeating: 1 - beta2))
    let (alpha, eps, d) = (V(repeating: stepSize), V(repeating: epsilon), V(repeating: decay))
    let count = value.count, vectors = count / 16
    let (p, g, mp, vp) = (UnsafeMutableRawPointer(value.baseAddress!), UnsafeRawPointer(gradient.baseAddress!),
                          UnsafeMutableRawPointer(m.baseAddress!), UnsafeMutableRawPointer(v.baseAddress!))
    for i in 0..<vectors {
        let offset = i * MemoryLayout<V>.size
        let gi = g.loadUnaligned(fromByteOffset: offset, as: V.self)
        let mi = b1 * mp.loadUnaligned(fromByteOffset: offset, as: V.self) + c1 * gi
        let vi = b2 * vp.loadUnaligned(fromByteOffset: offset, as: V.self) + c2 * gi * gi
        mp.storeBytes(of: mi, toByteOffset: offset, as: V.self)
        vp.storeBytes(of: vi, toByteOffset: offset, as: V.self)
        let pi = p.loadUnaligned(fromByteOffset: offset, as: V.self) * d - alpha * mi / (vi.squareRoot() + eps)
        p.storeBytes(of: pi, toByteOffset: offset, as: V.self)
    }
    for i in (vectors * 16)..<count {
        m[i] = beta1 * m[i] + (1 - beta1) * gradient[i]
        v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i]
        value[i] = value[i] * decay - stepSize * m[i] / (v[i].squareRoot() + epsilon)
    }
}

import Foundation
