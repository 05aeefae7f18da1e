import ArgumentParser
import ClusterBootstrap
import EtcdCore
import Foundation
import KubeAPI

/// Where the embedded store lives: `--data-dir`, else `$KUBESIM_DATA_DIR`, else `~/.kubesim`.
///
/// A data directory without a store yet gets one on first use, seeded with the cluster `kubesim init` makes
/// (a kubeadm 1.32 control plane with its add-ons), unless `--bare` asks for an empty one (the four system
/// namespaces only).
public struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "The data directory of the embedded store (default: $KUBESIM_DATA_DIR, else ~/.kubesim).",
            valueName: "directory"))
    public var dataDirectory: String?

    @Flag(
        name: .customLong("bare"),
        help: "On a new data directory, start an empty cluster (only the system namespaces) instead of a kubeadm-like one.")
    public var bare = false

    @Option(
        name: .customLong("encryption-provider-config"),
        help: ArgumentHelp(
            "kube-apiserver's EncryptionConfiguration (apiserver.config.k8s.io/v1): how Secrets and other resources are encrypted at rest.",
            valueName: "file"))
    public var encryptionProviderConfig: String?

    @Option(
        name: .customLong("storage-media-type"),
        help: ArgumentHelp(
            "How objects are encoded in the store: application/json or application/vnd.kubernetes.protobuf (built-in kinds; custom resources stay JSON). Default: what the data directory recorded when it was made; a new one uses kube-apiserver's default, protobuf. Either encoding is read.",
            valueName: "media-type"))
    public var storageMediaType: StorageMediaType?

    @Flag(
        name: .customLong("no-controllers"),
        help: "Only store what the command writes: do not run the control loops (deployments, scheduler, kubelets) after it.")
    public var noControllers = false

    public init() {}

    /// The data directory to use, as an absolute path.
    public func resolvedDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let path =
            dataDirectory
            ?? environment["KUBESIM_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".kubesim").path
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The encryption at rest of `--encryption-provider-config`; without the flag, of the configuration
    /// `kubesim init --encryption-provider-config` recorded in the data directory (`enc/enc.yaml`, the node's
    /// `/etc/kubernetes/enc/enc.yaml`); else identity for every resource.
    /// - Throws: `CommandError` with kube-apiserver's message for a file it would refuse.
    func transformers() throws -> any ResourceTransformers {
        let recorded = Self.recordedEncryptionConfig(in: resolvedDataDirectory())
        guard let path = encryptionProviderConfig ?? (FileManager.default.fileExists(atPath: recorded) ? recorded : nil) else {
            return IdentityTransformer()
        }
        do {
            return try EncryptionConfiguration(contentsOfFile: path)
        } catch {
            throw CommandError("--encryption-provider-config: \(error)")
        }
    }

    /// Where a data directory keeps the EncryptionConfiguration `kubesim init` recorded, as kubeadm users keep
    /// theirs in `/etc/kubernetes/enc/enc.yaml` (the data directory's `pki/` is the node's `/etc/kubernetes/pki`).
    static func recordedEncryptionConfig(in dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("enc/enc.yaml").path
    }

    /// The media type objects are written in: `--storage-media-type`, else the one the data directory recorded
    /// when its store was made; else, for a new store, kube-apiserver's default (protobuf), and for a store made
    /// before the choice was recorded, the JSON it holds.
    func resolvedStorageMediaType() -> StorageMediaType {
        if let storageMediaType { return storageMediaType }
        let directory = resolvedDataDirectory()
        let recorded = try? String(contentsOfFile: Self.recordedStorageMediaType(in: directory), encoding: .utf8)
        if let recorded, let mediaType = StorageMediaType(rawValue: recorded.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return mediaType
        }
        return isNewStore(directory) ? .kubeAPIServerDefault : .json
    }

    /// Where a data directory records the media type its store was made with.
    static func recordedStorageMediaType(in dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("storage-media-type").path
    }

    /// Whether the data directory holds no store yet.
    func isNewStore(_ directory: String) -> Bool {
        !FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent(SQLiteStore.fileName).path)
    }

    /// Opens the store (creating it if missing, and then seeding it unless `--bare` or `seed` is false).
    /// A server (`asMember`) starts as etcd's leader does, giving every lease its full TTL again; a one-shot
    /// command is a client of the store and revokes the leases that ran out since the last process renewed them.
    /// `quotaBackendBytes` is etcd's `--quota-backend-bytes` (0: 2 GiB).
    func open(seed: Bool = true, asMember: Bool = false, quotaBackendBytes: Int64 = 0) async throws -> SQLiteStore {
        let directory = resolvedDataDirectory()
        let isNew = isNewStore(directory)
        let mediaType = resolvedStorageMediaType()
        var configuration = SQLiteStore.Configuration()
        configuration.warn = { warning in
            let console = Console.standard
            console.err.line("kubesim: warning: \(warning)")
            console.err.flush()
        }
        if !asMember { configuration.leasePromotion = nil }
        configuration.quotaBackendBytes = quotaBackendBytes
        let store = try SQLiteStore.open(dataDirectory: directory, configuration: configuration)
        do {
            if isNew {
                try Data((mediaType.rawValue + "\n").utf8)
                    .write(to: URL(fileURLWithPath: Self.recordedStorageMediaType(in: directory)))
            }
            try await store.revokeExpiredLeases()
            if isNew && seed && !bare { try await seedFirstUse(store, dataDirectory: directory) }
            return store
        } catch {
            await store.close()
            throw error
        }
    }

    /// Opens the store, runs `body` with it, and closes it, also when `body` throws.
    public func withStore<T>(_ body: (SQLiteStore) async throws -> T) async throws -> T {
        try await withStore(seed: true, body)
    }

    /// Opens the store (seeding a new one only when `seed` is true), runs `body` with it, and closes it, also when
    /// `body` throws.
    func withStore<T>(seed: Bool, _ body: (SQLiteStore) async throws -> T) async throws -> T {
        try await withClosing(try await open(seed: seed), close: { await $0.close() }, body)
    }

    /// Seeds a store this process has just created with the default `kubesim init` cluster. Another process
    /// that created the same store at the same moment may be seeding it too: whoever finds the cluster's keys
    /// taken leaves the seeding to the other.
    private func seedFirstUse(_ store: SQLiteStore, dataDirectory: String) async throws {
        let controlPlane = try await EmbeddedControlPlane.open(
            store, dataDirectory: dataDirectory, runningLoops: !noControllers, transformers: try transformers(),
            storageMediaType: resolvedStorageMediaType())
        let seeder = ClusterSeeder(registry: controlPlane.registry)
        var cluster = try await ClusterSeeder.cluster(dataDirectory: dataDirectory)
        let mediaType = resolvedStorageMediaType()
        cluster.storageMediaType = mediaType == .kubeAPIServerDefault ? nil : mediaType.rawValue
        guard try await seeder.conflicts(with: cluster).isEmpty else { return }
        do {
            let summary = try await seeder.seed(cluster) { _ in } afterPhase: {
                try await controlPlane.settle(keepingInformers: true)
            }
            if isatty(STDERR_FILENO) != 0 {
                let console = Console.standard
                console.err.line(
                    "kubesim: new data directory \(dataDirectory): seeded a kubeadm-like cluster "
                        + "(\(summary.objects) objects, as `kubesim init`); --bare starts an empty one")
                console.err.flush()
            }
        } catch let error as StatusError where error.reason == "AlreadyExists" {
            // Another process is seeding the same new store.
        }
    }
}

extension StorageMediaType: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
