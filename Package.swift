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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
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
        // One run's settings: the validated configuration shared by flags, config files, sweeps and the store.
        .target(name: "BatchLabConfig", dependencies: ["BatchLabNN", "BatchLabData", "BatchLabTraining", "Yams"]),
        // The fit loop, its logs, callbacks and progress output; the benchmark.
        .target(name: "BatchLabTraining", dependencies: ["BatchLabCore", "BatchLabNN", "BatchLabOptim", "BatchLabData"]),
        // Recommending a learning rate and a batch size: the lr range test, the gradient noise scale,
        // steps to a target against batch size, and the advice drawn from them.
        .target(name: "BatchLabTuning", dependencies: ["BatchLabTraining", "BatchLabConfig"]),
        // The run store (SQLite through GRDB): runs, their configs, every epoch's logs; CSV export.
        .target(name: "BatchLabTracking", dependencies: [
            "BatchLabTraining",
            "BatchLabConfig",
            "Yams",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        // Open MPI's C API (Debian `libopenmpi-dev`), through a shim for the handles that are macros.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        // Beyond one process: the MPI job as the trainer's `Collective` (data-parallel training), and a
        // sweep's runs spread over its ranks.
        .target(name: "BatchLabDistributed", dependencies: ["CMPI", "BatchLabTraining", "BatchLabTracking", "BatchLabRun", "BatchLabExperiments"]),
        // A run from its configuration to its recorded end: data, network, optimizer, callbacks, store, fit.
        .target(name: "BatchLabRun", dependencies: ["BatchLabConfig", "BatchLabTracking", "BatchLabTraining", "BatchLabTuning"]),
        // Sweeps and studies: sweep files (YAML) in configuration keys, the sweep runner and its resume, the seed and recommendation studies.
        .target(name: "BatchLabExperiments", dependencies: ["BatchLabConfig", "BatchLabRun", "BatchLabTracking", "BatchLabReport", "BatchLabTuning", "Yams"]),
        // Comparison reports: SVG charts drawn by our code, self-contained HTML.
        .target(name: "BatchLabReport", dependencies: ["BatchLabTuning"]),
        // The local web dashboard (Hummingbird 2): pages, a JSON API and charts over the run store.
        .target(name: "BatchLabDashboard", dependencies: [
            "BatchLabConfig",
            "BatchLabTracking",
            "BatchLabReport",
            "BatchLabExperiments",
            .product(name: "Hummingbird", package: "hummingbird"),
        ], resources: ["index.html", "run.html", "compare.html", "study.html", "app.js", "hover.js", "study.js", "style.css"].map { .embedInCode("Assets/\($0)") }),
        .executableTarget(name: "batchlab", dependencies: [
            "BatchLabConfig",
            "BatchLabDistributed",
            "BatchLabRun",
            "BatchLabTraining",
            "BatchLabTuning",
            "BatchLabTracking",
            "BatchLabExperiments",
            "BatchLabReport",
            "BatchLabDashboard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "BatchLabCoreTests", dependencies: ["BatchLabCore", "CDNNL"]),
        .testTarget(name: "BatchLabNNTests", dependencies: ["BatchLabNN"]),
        .testTarget(name: "BatchLabOptimTests", dependencies: ["BatchLabOptim", "CDNNL"]),
        .testTarget(name: "BatchLabDataTests", dependencies: ["BatchLabData"]),
        .testTarget(name: "BatchLabConfigTests", dependencies: ["BatchLabConfig", "Yams"]),
        .testTarget(name: "BatchLabTrainingTests", dependencies: ["BatchLabTraining", "CDNNL"]),
        .testTarget(name: "BatchLabDistributedTests", dependencies: ["BatchLabDistributed", "BatchLabTracking", "BatchLabTraining", "BatchLabConfig"]),
        .testTarget(name: "BatchLabRunTests", dependencies: ["BatchLabRun", "BatchLabConfig", "BatchLabTracking", "BatchLabData"]),
        .testTarget(name: "batchlabTests", dependencies: ["batchlab", "BatchLabConfig"]),
        .testTarget(name: "BatchLabTuningTests", dependencies: ["BatchLabTuning"]),
        .testTarget(name: "BatchLabTrackingTests", dependencies: [
            "BatchLabTracking", "BatchLabConfig", "store-writer", "Yams", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .testTarget(name: "BatchLabExperimentsTests", dependencies: ["BatchLabExperiments", "BatchLabConfig", "store-writer"]),
        .testTarget(name: "BatchLabReportTests", dependencies: ["BatchLabReport", "BatchLabTuning"]),
        .testTarget(name: "BatchLabDashboardTests", dependencies: [
            "BatchLabDashboard",
            "BatchLabReport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // A process that writes epochs into a store, for the tests of several writers and of SIGKILL.
        .executableTarget(name: "store-writer", dependencies: ["BatchLabConfig", "BatchLabTracking"], path: "Tests/StoreWriter"),
        .executableTarget(name: "synthetic-store", dependencies: ["BatchLabCore", "BatchLabConfig", "BatchLabTracking", "BatchLabTraining"],
                          path: "Tests/SyntheticStore"),
    ],
    swiftLanguageModes: [.v5]
)
