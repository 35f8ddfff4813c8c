import BatchLabCore
import BatchLabData
import BatchLabNN

/// `count` random 3×8×8 images with random labels among 4 classes, or `count` copies of one.
func randomImages(count: Int, identical: Bool = false, seed: UInt64 = 5) -> ImageDataset {
    var generator = SplitMix64(seed: seed)
    let image = (0..<192).map { _ in UInt8(generator.next() % 256) }
    let pixels = identical ? (0..<count).flatMap { _ in image }
        : (0..<(count * 192)).map { _ in UInt8(generator.next() % 256) }
    let labels = (0..<count).map { _ in identical ? 2 : UInt8(generator.next() % 4) }
    return ImageDataset(pixels: pixels, labels: labels, exampleShape: [3, 8, 8], classCount: 4)
}

/// A small CNN; `dropout` adds a Dropout layer (random masks make even identical examples differ).
func smallModel(dropout: Bool) -> Sequential {
    Sequential(name: "small") {
        Conv2D(4, kernelSize: 3, padding: .same, activation: .relu)
        MaxPooling2D(poolSize: 2)
        Flatten()
        Dense(16, activation: .relu)
        if dropout { Dropout(0.25) }
        Dense(4, activation: .softmax)
    }
}

func smallNetwork(dropout: Bool = false, seed: UInt64 = 1) throws -> Network {
    try Network(smallModel(dropout: dropout), inputShape: [3, 8, 8], engine: try Engine(threads: 1), seed: seed)
}

/// Every parameter's values, in order.
func snapshot(_ network: Network) -> [[Float]] {
    network.parameters.map { Array($0.value.floats) }
}
