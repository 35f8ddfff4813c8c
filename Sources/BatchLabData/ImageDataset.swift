/// Images kept as bytes (channel-planar, (C, H, W) each) with class labels; converted to floats
/// batch by batch, so the whole of CIFAR-10 stays at 180 MB rather than 720 MB.
public struct ImageDataset: Dataset {
    public let pixels: [UInt8]
    public let labels: [UInt8]
    public let exampleShape: [Int]
    public let classCount: Int
    public var transform: PixelTransform

    public init(pixels: [UInt8], labels: [UInt8], exampleShape: [Int], classCount: Int, transform: PixelTransform? = nil) {
        precondition(pixels.count == labels.count * exampleShape.reduce(1, *), "pixel count does not match labels × shape")
        self.pixels = pixels
        self.labels = labels
        self.exampleShape = exampleShape
        self.classCount = classCount
        self.transform = transform ?? .unitRange(channels: exampleShape[0])
    }

    public var count: Int { labels.count }

    var exampleSize: Int { exampleShape.reduce(1, *) }

    /// The examples at `indices`, as a new dataset (for subsets and validation splits).
    public func subset(_ indices: some Collection<Int>) -> ImageDataset {
        var subsetPixels = [UInt8]()
        subsetPixels.reserveCapacity(indices.count * exampleSize)
        for index in indices {
            subsetPixels.append(contentsOf: pixels[(index * exampleSize)..<((index + 1) * exampleSize)])
        }
        return ImageDataset(pixels: subsetPixels, labels: indices.map { labels[$0] }, exampleShape: exampleShape,
                            classCount: classCount, transform: transform)
    }

    /// Per-channel mean and standard deviation of the raw bytes.
    public func channelStatistics() -> (mean: [Double], std: [Double]) {
        let channels = exampleShape[0], plane = exampleSize / channels
        var sum = [Double](repeating: 0, count: channels), squares = sum
        pixels.withUnsafeBufferPointer { bytes in
            for example in 0..<count {
                for c in 0..<channels {
                    var s = 0, s2 = 0
                    let start = example * exampleSize + c * plane
                    for i in start..<(start + plane) {
                        let x = Int(bytes[i])
                        s += x
                        s2 += x * x
                    }
                    sum[c] += Double(s)
                    squares[c] += Double(s2)
                }
            }
        }
        let n = Double(count * plane)
        let mean = sum.map { $0 / n }
        let std = zip(squares, mean).map { max(($0 / n - $1 * $1).squareRoot(), 1e-6) }
        return (mean, std)
    }

    public func fill(_ indices: ArraySlice<Int>, inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>) {
        let channels = exampleShape[0], plane = exampleSize / channels
        targets.update(repeating: 0, count: indices.count * classCount)
        pixels.withUnsafeBufferPointer { bytes in
            for (row, index) in indices.enumerated() {
                let source = bytes.baseAddress! + index * exampleSize
                let destination = inputs + row * exampleSize
                for c in 0..<channels {
                    convert(source + c * plane, destination + c * plane, count: plane,
                            scale: transform.scale[c], offset: transform.offset[c])
                }
                targets[row * classCount + Int(labels[index])] = 1
            }
        }
    }
}

/// y = x · scale + offset from bytes to floats, 16 at a time.
private func convert(_ source: UnsafePointer<UInt8>, _ destination: UnsafeMutablePointer<Float>, count: Int,
                     scale: Float, offset: Float) {
    let vectors = count / 16
    let (s, o) = (SIMD16<Float>(repeating: scale), SIMD16<Float>(repeating: offset))
    let raw = UnsafeRawPointer(source), out = UnsafeMutableRawPointer(destination)
    for v in 0..<vectors {
        let bytes = raw.loadUnaligned(fromByteOffset: v * 16, as: SIMD16<UInt8>.self)
        out.storeBytes(of: SIMD16<Float>(bytes) * s + o, toByteOffset: v * 64, as: SIMD16<Float>.self)
    }
    for i in (vectors * 16)..<count {
        destination[i] = Float(source[i]) * scale + offset
    }
}
