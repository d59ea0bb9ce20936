// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Lapor",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Lapor", targets: ["Lapor"]),
        .library(name: "LaporYAML", targets: ["LaporYAML"]),
        .library(name: "LaporStore", targets: ["LaporStore"]),
        .library(name: "LaporSimulator", targets: ["LaporSimulator"]),
        .executable(name: "lapor", targets: ["lapor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .target(
            name: "Lapor",
            dependencies: [.product(name: "Collections", package: "swift-collections")]
        ),
        .target(
            name: "LaporYAML",
            dependencies: ["Lapor", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "LaporStore",
            dependencies: [
                "Lapor", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "LaporSimulator",
            dependencies: [
                "Lapor", .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .executableTarget(
            name: "lapor",
            dependencies: [
                "Lapor", "LaporYAML", "LaporStore", "LaporSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // libFuzzer harness of the loader and validator (Fuzz/README.md); a plain build replays files.
        .executableTarget(name: "lapor-fuzz", dependencies: ["Lapor", "LaporYAML"], path: "Fuzz/LaporFuzz"),
        .testTarget(name: "LaporTests", dependencies: ["Lapor", "LaporYAML"], resources: []),
        .testTarget(name: "LaporYAMLTests", dependencies: ["Lapor", "LaporYAML"]),
        .testTarget(
            name: "LaporStoreTests",
            dependencies: ["Lapor", "LaporYAML", "LaporStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "LaporSimulatorTests", dependencies: ["Lapor", "LaporYAML", "LaporSimulator"]),
        .testTarget(name: "laporCLITests", dependencies: ["lapor"]),
    ],
    swiftLanguageModes: [.v6]
)
