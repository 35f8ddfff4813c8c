// swift-tools-version: 6.1
import PackageDescription

/// The hot elementwise loops (dropout, Adam, pixel conversion) are plain Swift that the compiler
/// vectorises; on x86-64 it needs AVX2 and FMA (Haswell level: Intel since 2013, AMD since 2015) to do so.
let vectorised: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux]))]

let package = Package(
    name: "BatchLab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "batchlab", targets: ["batchlab"]),
        .library(name: "BatchLabTraining", targets: ["BatchLabTraining"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // oneDNN's C API (Debian `libdnnl-dev`) and the OpenMP calls that set its thread count.
        .systemLibrary(name: "CDNNL", pkgConfig: nil, providers: [.apt(["libdnnl-dev"])]),
        // Compute core: aligned tensors, memory descriptors, oneDNN primitives, vectorised loops.
        .target(name: "BatchLabCore", dependencies: ["CDNNL"], swiftSettings: vectorised),
        // Layers, losses, initialisers, models.
        .target(name: "BatchLabNN", dependencies: ["BatchLabCore"]),
        // Optimizers and learning-rate control.
        .target(name: "BatchLabOptim", dependencies: ["BatchLabCore", "BatchLabNN"], swiftSettings: vectorised),
        // CIFAR-10: reading, verifying, downloading, batching.
        .target(name: "BatchLabData", dependencies: [
            "BatchLabCore",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: vectorised),
        // The fit loop, its logs, callbacks and progress output; the benchmark.
        .target(name: "BatchLabTraining", dependencies: ["BatchLabCore", "BatchLabNN", "BatchLabOptim", "BatchLabData"]),
        .executableTarget(name: "batchlab", dependencies: [
            "BatchLabTraining",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "BatchLabCoreTests", dependencies: ["BatchLabCore", "CDNNL"]),
        .testTarget(name: "BatchLabNNTests", dependencies: ["BatchLabNN"]),
        .testTarget(name: "BatchLabOptimTests", dependencies: ["BatchLabOptim"]),
        .testTarget(name: "BatchLabDataTests", dependencies: ["BatchLabData"]),
        .testTarget(name: "BatchLabTrainingTests", dependencies: ["BatchLabTraining"]),
    ],
    swiftLanguageModes: [.v5]
)
