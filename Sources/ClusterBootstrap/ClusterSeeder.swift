import EtcdCore
import EtcdPKI
import Foundation
import KubeAPI
import KubeAuth

/// Writes a `KubeadmCluster` into a store through the `Registry`, phase by phase, so every object is
/// defaulted, validated and keyed as any other: created by the component that makes it, then given its status
/// through the `status` subresource.
public struct ClusterSeeder {
    let registry: Registry

    public init(registry: Registry) {
        self.registry = registry
    }

    /// The key under which `kube-system/kubeadm-config` marks a store holding a cluster made by `kubesim init`.
    static let initialisedMarker = "/registry/configmaps/kube-system/kubeadm-config"

    /// What a seeding wrote.
    public struct Summary: Sendable {
        public var objects: Int
        public var revision: Int64
    }

    /// Whether the store already holds a cluster made by `kubesim init`.
    public func isInitialised() async throws -> Bool {
        try await registry.store.get(Data(Self.initialisedMarker.utf8)) != nil
    }

    /// The keys the cluster would create that the store already holds, in order: kubeadm's preflight check.
    public func conflicts(with cluster: KubeadmCluster) async throws -> [String] {
        let prefix = Data("/registry/".utf8)
        let existing = try await registry.store.range(
            RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), keysOnly: true))
        let keys = Set(existing.kvs.map { String(decoding: $0.key, as: UTF8.self) })
        return try plannedKeys(cluster).filter(keys.contains)
    }

    /// The keys the cluster's objects are stored under, in the order they are written.
    func plannedKeys(_ cluster: KubeadmCluster) throws -> [String] {
        try cluster.phases.flatMap { $0.objects(.placeholder) }.map { seed in
            try resourceType(of: seed).key(namespace: seed.namespace, name: seed.name)
        }
    }

    /// Writes every object of `cluster`, telling `progress` each phase as it starts and running `afterPhase`
    /// when it is written (where the control loops settle, so each phase finds the cluster its real
    /// counterpart finds).
    /// - Throws: the registry's `StatusError` for an object it rejects (409 AlreadyExists when a key is taken).
    public func seed(
        _ cluster: KubeadmCluster, progress: (SeedPhase) -> Void = { _ in }, afterPhase: () async throws -> Void = {}
    ) async throws -> Summary {
        var seeded = SeededObjects()
        var count = 0
        var revision: Int64 = 0
        for phase in cluster.phases {
            progress(phase)
            for seed in phase.objects(seeded) {
                let written = try await write(seed, type: try resourceType(of: seed))
                if let uid = written.uid { seeded.record(kind: seed.kind, namespace: seed.namespace, name: seed.name, uid: uid) }
                revision = Int64(written.resourceVersion ?? "") ?? revision
                count += 1
            }
            try await afterPhase()
        }
        return Summary(objects: count, revision: revision)
    }

    private func write(_ seed: SeedObject, type: ResourceType) async throws -> KubeObject {
        let created = try await registry.create(
            type, namespace: seed.namespace, object: seed.object, options: WriteOptions(fieldManager: seed.manager))
        guard let manager = seed.statusManager, let desired = seed.object["status"]?.objectValue else { return created }
        // The status the API server set on create (a pod's phase and QoS class), overlaid with the reported one.
        var status = created.json["status"]?.objectValue ?? [:]
        status.merge(desired) { $1 }
        return try await registry.updateStatus(
            type, namespace: created.namespace, name: created.name, status: .object(status),
            options: WriteOptions(fieldManager: manager))
    }

    private func resourceType(of seed: SeedObject) throws -> ResourceType {
        let apiVersion = seed.object["apiVersion"]?.stringValue ?? ""
        guard let type = registry.catalog.type(apiVersion: apiVersion, kind: seed.kind) else {
            throw BootstrapError("the catalog has no \(seed.kind) in \(apiVersion)")
        }
        return type
    }
}

extension ClusterSeeder {
    /// The cluster a data directory gets: the CA of its PKI (`<data-dir>/pki`, created when missing, with the
    /// service-account key pair `sa.key`, `sa.pub`) and the given shape. With several control-plane nodes, each
    /// etcd member also gets its own server and peer certificates from the etcd CA (`<data-dir>/pki/etcd`), as
    /// `kubeadm join --control-plane` issues them on its node (`EtcdMemberCertificates`).
    public static func cluster(
        dataDirectory: String, nodeName: String = KubeadmCluster.defaultNodeName, workers: Int = KubeadmCluster.defaultWorkers,
        advertiseAddress: String = KubeadmCluster.defaultAdvertiseAddress,
        podSubnet: String = KubeadmCluster.defaultPodSubnet, controlPlaneNodes: Int = 1, controlPlaneEndpoint: String? = nil
    ) async throws -> KubeadmCluster {
        let pki = try await KubePKI.ensure(directory: URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki").path)
        // The service-account signing key pair, as `kubeadm init phase certs sa`.
        try ServiceAccountKey.ensure(directory: pki.directory)
        let cluster = try KubeadmCluster(
            nodeName: nodeName, workers: workers, advertiseAddress: advertiseAddress, podSubnet: podSubnet,
            controlPlaneNodes: controlPlaneNodes, controlPlaneEndpoint: controlPlaneEndpoint,
            caCertificatePEM: try pki.caCertificatePEM())
        if controlPlaneNodes > 1 {
            let etcd = try await EtcdPKI.ensure(directory: "\(pki.directory)/etcd")
            for node in cluster.controlPlanes {
                _ = try EtcdMemberCertificates.ensure(dataDirectory: dataDirectory, name: node.name, address: node.address, pki: etcd)
            }
        }
        return cluster
    }
}
