// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "KubeSim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kubesim", targets: ["kubesim"]),
        .library(name: "EtcdCore", targets: ["EtcdCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The system libsqlite3 and zlib, reached through their C headers.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        // The etcd data model, the KeyValueStore protocol and its embedded SQLite implementation.
        .target(
            name: "EtcdCore",
            dependencies: [
                "CSQLite", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // The command line's logic, in a library so tests can drive it.
        .target(
            name: "KubeSimCLI",
            dependencies: [
                "EtcdCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "kubesim", dependencies: ["KubeSimCLI"], swiftSettings: strictSettings),

        // Benchmarks (run with `swift run -c release etcd-core-bench`), never timed tests.
        .executableTarget(
            name: "etcd-core-bench",
            dependencies: ["EtcdCore"],
            path: "Benchmarks/EtcdCoreBenchmarks",
            swiftSettings: strictSettings
        ),

        // A child process for the crash test: writes until it is killed, printing what was acknowledged.
        .executableTarget(
            name: "etcd-crash-writer",
            dependencies: ["EtcdCore"],
            path: "Tests/Support/CrashWriter",
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "EtcdCoreTests",
            dependencies: ["EtcdCore", "CSQLite", "etcd-crash-writer"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubeSimCLITests",
            dependencies: ["KubeSimCLI", "EtcdCore"],
            swiftSettings: strictSettings
        ),
    ]
)
