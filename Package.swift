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
        .library(name: "EtcdServer", targets: ["EtcdServer"]),
        .library(name: "EtcdClient", targets: ["EtcdClient"]),
        .executable(name: "etcd-grpc-bench", targets: ["etcd-grpc-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
    ],
    targets: [
        // The system libsqlite3 and zlib, reached through their C headers.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // An SQLite VFS that writes a commit's WAL frames with one call at the commit's sync.
        .target(name: "CWALWriteBuffer", dependencies: ["CSQLite"]),

        // The etcd data model, the KeyValueStore protocol and its embedded SQLite implementation.
        .target(
            name: "EtcdCore",
            dependencies: [
                "CSQLite", "CZlib", "CWALWriteBuffer",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // The logs KubeSim keeps while it serves: one per control-plane component (klog's and etcd's formats) and
        // one per simulated container, bounded, in memory, with followers.
        .target(name: "ComponentLogs", dependencies: ["KubeAPI"], swiftSettings: strictSettings),

        // The transport-free API server: resource catalog, decoding, defaulting, validation, patches,
        // selectors, the registry over a KeyValueStore, Status errors and Table conversion.
        .target(
            name: "KubeAPI",
            dependencies: [
                "EtcdCore", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),

        // The kubeadm-like cluster `kubesim init` makes: what kubeadm and its add-ons create, written through the
        // registry; the controllers make the rest.
        .target(
            name: "ClusterBootstrap",
            dependencies: [
                "KubeAPI", "KubeAuth", "EtcdCore", "EtcdPKI", "Controllers",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),

        // kube-apiserver's authentication and authorization: users, service-account tokens (JWTs signed with the
        // cluster's sa.key), bootstrap tokens, RBAC's rules and the CSR signer's certificates.
        .target(
            name: "KubeAuth",
            dependencies: [
                "KubeAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: strictSettings
        ),

        // The control loops: kube-controller-manager's controllers, the scheduler and the kubelet simulator,
        // each a client of the API (KubeAPI's registry), never of the store.
        .target(
            name: "Controllers", dependencies: ["KubeAPI", "KubeAuth", "ComponentLogs", .product(name: "Crypto", package: "swift-crypto"), .product(name: "SwiftASN1", package: "swift-asn1")],
            swiftSettings: strictSettings),

        // The etcd v3 API (KV, Watch, Lease, Maintenance, Cluster, Auth), generated from etcd's v3.5 protos by
        // scripts/generate-etcd-proto.sh and committed; never edited by hand.
        .target(
            name: "EtcdProto",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ]
        ),

        // etcd's snapshot format: bbolt pages and etcd 3.4's backend buckets, so snapshots move between KubeSim
        // and the real etcd in both directions.
        .target(
            name: "EtcdSnapshot",
            dependencies: [
                "EtcdCore", "EtcdProto", "KubeAPI",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // A kubeadm-like etcd PKI (CA, server, peer and client certificates), made with swift-certificates.
        .target(
            name: "EtcdPKI",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // The etcd v3 gRPC services over any KeyValueStore; knows nothing of SQL.
        .target(
            name: "EtcdServer",
            dependencies: [
                "EtcdCore", "EtcdProto", "EtcdPKI", "EtcdSnapshot", "ComponentLogs", "KubeAPI",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),

        // A KeyValueStore backed by a real etcd cluster (or any etcd v3 endpoint) over gRPC; knows nothing of SQL.
        .target(
            name: "EtcdClient",
            dependencies: [
                "EtcdCore", "EtcdProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),

        // Kubernetes 1.32's published OpenAPI v2 and v3 (extracted by scripts/extract-openapi-spec.sh) served for
        // the catalog's group-versions, custom resources' schemas added, and v2 as gnostic protobuf.
        .target(
            name: "KubeOpenAPI",
            dependencies: ["KubeAPI", "CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Spec/SOURCE.txt"],
            resources: [.copy("Spec/v2"), .copy("Spec/v3")],
            swiftSettings: strictSettings
        ),

        // The Kubernetes REST API over HTTPS for the real kubectl: routes, discovery, OpenAPI, Tables, watch
        // streams, client-certificate authentication; the requests themselves are KubeAPI's.
        .target(
            name: "APIServer",
            dependencies: [
                "KubeAPI", "KubeAuth", "KubeOpenAPI", "EtcdCore", "ComponentLogs", "CZlib",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // The command line's logic, in a library so tests can drive it.
        .target(
            name: "KubeSimCLI",
            dependencies: [
                "EtcdCore", "KubeAPI", "Controllers", "ClusterBootstrap",
                "EtcdServer", "EtcdPKI", "APIServer", "KubeAuth", "EtcdClient", "EtcdSnapshot", "ComponentLogs", "KubeOpenAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
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

        // The kubectl-like commands against the store's own write and read rates
        // (build the kubesim and kubesim-bench products with `swift build -c release --product`, then run
        // `.build/release/kubesim-bench`).
        .executableTarget(
            name: "kubesim-bench",
            dependencies: ["EtcdCore"],
            path: "Benchmarks/KubeSimBenchmarks",
            swiftSettings: strictSettings
        ),

        // `kubesim serve` over HTTPS against the same requests on the registry in-process, and a bounded load
        // test (build the kubesim and kubesim-api-bench products with `swift build -c release --product`, then
        // run `.build/release/kubesim-api-bench [--load 60]`).
        .executableTarget(
            name: "kubesim-api-bench",
            dependencies: [
                "EtcdCore", "KubeAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/APIServerBenchmarks",
            swiftSettings: strictSettings
        ),

        // Creates through haproxy on `kubesim cluster up` (3 real etcd members, 2 API servers) beside the embedded
        // store in the same run (build the kubesim and kubesim-ha-bench products with `swift build -c release
        // --product`, then run `.build/release/kubesim-ha-bench [--count 1000]`).
        .executableTarget(
            name: "kubesim-ha-bench",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/HABenchmarks",
            swiftSettings: strictSettings
        ),

        // The control loops: a large Deployment brought to Running, embedded and served (build the kubesim and
        // kubesim-controllers-bench products with `swift build -c release --product`, then run
        // `.build/release/kubesim-controllers-bench [--quick]`).
        .executableTarget(
            name: "kubesim-controllers-bench",
            path: "Benchmarks/ControlLoopsBenchmarks",
            swiftSettings: strictSettings
        ),

        // The registry explorer with 100,000 keys: the tree's open time and the live feed at 1,000 writes/s, against
        // baselines measured in the same run (`swift build -c release --product kubesim-explorer-bench`, then run
        // `.build/release/kubesim-explorer-bench [--keys 100000] [--rate 1000] [--seconds 5]`).
        .executableTarget(
            name: "kubesim-explorer-bench",
            dependencies: [
                "APIServer", "EtcdCore", "KubeAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/RegistryExplorerBenchmarks",
            swiftSettings: strictSettings
        ),

        // Serialised child-process launches for the test targets, which share one process.
        .target(name: "ProcessLaunch", path: "Tests/Support/ProcessLaunch", swiftSettings: strictSettings),
        // A client connection sending raw bytes (plain or TLS), for the tests of hostile connections.
        .target(
            name: "RawConnection",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/Support/RawConnection", swiftSettings: strictSettings),

        // For the power-loss test: an SQLite VFS that keeps a file's writes in memory until the file is synced.
        .target(name: "CPowerLossVFS", dependencies: ["CSQLite"], path: "Tests/Support/PowerLossVFS"),
        // A child process for the crash tests: writes until it is killed, printing what was acknowledged.
        .executableTarget(
            name: "etcd-crash-writer",
            dependencies: ["EtcdCore", "CPowerLossVFS", "CSQLite"],
            path: "Tests/Support/CrashWriter",
            swiftSettings: strictSettings
        ),

        // The robustness suite's machinery (etcd's `tests/robustness` in small): a randomised etcd workload with
        // recorded history, a linearizability checker against a model of etcd's KV, watch validation, and a
        // killable `kubesim serve`; shared by the tests and the soak.
        .target(
            name: "RobustnessKit",
            dependencies: [
                "EtcdProto", "ProcessLaunch",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/Support/Robustness",
            exclude: ["README.md"],
            swiftSettings: strictSettings
        ),

        // The robustness soak: the suite's workload and faults for as long as you like (build the kubesim and
        // kubesim-robustness-soak products with `swift build -c release --product`, then run
        // `.build/release/kubesim-robustness-soak --minutes 30`; see Tests/Support/Robustness/README.md).
        .executableTarget(
            name: "kubesim-robustness-soak",
            dependencies: ["RobustnessKit"],
            path: "Benchmarks/RobustnessSoak",
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "EtcdCoreTests",
            dependencies: ["EtcdCore", "CSQLite", "etcd-crash-writer", "ProcessLaunch", "RobustnessKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubeAPITests",
            dependencies: [
                "KubeAPI", "EtcdCore", "RobustnessKit",
                // The ciphers kube-apiserver's envelopes are checked with, independently of KubeAPI's own.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "KubeOpenAPITests", dependencies: ["KubeOpenAPI", "KubeAPI", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strictSettings),
        .testTarget(
            name: "KubeAuthTests",
            dependencies: [
                "KubeAuth", "KubeAPI", "EtcdCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ], swiftSettings: strictSettings),
        .testTarget(name: "ControllersTests", dependencies: ["Controllers", "ClusterBootstrap", "KubeAPI", "KubeAuth", "EtcdCore", "EtcdPKI", "ComponentLogs", .product(name: "X509", package: "swift-certificates"), .product(name: "Crypto", package: "swift-crypto"), .product(name: "SwiftASN1", package: "swift-asn1")], swiftSettings: strictSettings),
        .testTarget(name: "ComponentLogsTests", dependencies: ["ComponentLogs", "KubeAPI"], swiftSettings: strictSettings),
        // The etcd v3 gRPC API against the same client and workload as the real etcd
        // (run with `swift run -c release etcd-grpc-bench`).
        .executableTarget(
            name: "etcd-grpc-bench",
            dependencies: [
                "EtcdProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/EtcdGRPCBenchmarks",
            exclude: ["README.md"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EtcdServerTests",
            dependencies: [
                "EtcdServer", "EtcdCore", "EtcdProto", "EtcdPKI", "EtcdClient", "EtcdSnapshot", "kubesim", "ProcessLaunch", "RobustnessKit",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EtcdSnapshotTests", dependencies: ["EtcdSnapshot", "EtcdCore", "RobustnessKit"], swiftSettings: strictSettings),
        .testTarget(
            name: "KubeSimCLITests",
            dependencies: [
                "KubeSimCLI", "KubeAuth", "EtcdCore", "ProcessLaunch", "RawConnection", "RobustnessKit", "ComponentLogs", "APIServer",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "APIServerTests",
            dependencies: [
                "APIServer", "KubeAPI", "KubeAuth", "EtcdCore", "EtcdPKI", "RawConnection", "ComponentLogs", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
