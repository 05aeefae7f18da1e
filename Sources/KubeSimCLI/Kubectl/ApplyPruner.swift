import ComponentLogs
import Foundation
import KubeAPI

/// `kubectl apply --prune`: after the apply, the objects of kubectl's default allowlist that an earlier apply
/// made (they carry `last-applied-configuration`), match the selector, and were not applied now, are deleted
/// (background propagation) and printed `<type>/<name> pruned`: namespaced kinds in the namespaces applied to,
/// cluster-scoped kinds everywhere.
struct ApplyPruner {
    var selector: LabelSelector
    var dryRun: DryRun

    /// kubectl 1.32's default prune allowlist, in its order.
    static let allowlist: [(apiVersion: String, kind: String)] = [
        ("v1", "ConfigMap"), ("v1", "Endpoints"), ("v1", "Namespace"), ("v1", "PersistentVolumeClaim"),
        ("v1", "PersistentVolume"), ("v1", "Pod"), ("v1", "ReplicationController"), ("v1", "Secret"), ("v1", "Service"),
        ("batch/v1", "Job"), ("batch/v1", "CronJob"), ("networking.k8s.io/v1", "Ingress"), ("apps/v1", "DaemonSet"),
        ("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet"), ("apps/v1", "StatefulSet"),
    ]

    /// The warning kubectl 1.32 logs (klog, on stderr) whenever it prunes with its default allowlist.
    static var deprecationWarning: String {
        KlogFormat.plainLine(
            .warning, time: Date(), source: "prune.go:71",
            text: "Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.",
            processID: Int(ProcessInfo.processInfo.processIdentifier))
    }

    /// Prunes what `applied` (the objects this apply wrote, by uid, and the namespaces they are in) leaves out;
    /// `printed` gets each pruned object's line.
    func prune(
        client: any KubeClient, appliedUIDs: Set<String>, namespaces: [String], printed: (String) -> Void
    ) async throws {
        let types = Self.allowlist.compactMap { client.catalog.type(apiVersion: $0.apiVersion, kind: $0.kind) }
        for namespace in namespaces {
            for type in types where type.namespaced {
                try await prune(type, namespace: namespace, client: client, appliedUIDs: appliedUIDs, printed: printed)
            }
        }
        for type in types where !type.namespaced {
            try await prune(type, namespace: nil, client: client, appliedUIDs: appliedUIDs, printed: printed)
        }
    }

    private func prune(
        _ type: ResourceType, namespace: String?, client: any KubeClient, appliedUIDs: Set<String>,
        printed: (String) -> Void
    ) async throws {
        let list = try await client.list(
            type, namespace: namespace, labelSelector: selector, fieldSelector: .everything, limit: 0, continueToken: nil)
        for object in list.items {
            guard object.json[["metadata", "annotations", LastAppliedConfiguration.annotation]] != nil,
                !appliedUIDs.contains(object.uid ?? "")
            else { continue }
            if dryRun != .client {
                _ = try await client.delete(
                    type, namespace: namespace, name: object.name,
                    options: DeleteOptions(propagationPolicy: .background, dryRun: dryRun == .server))
            }
            printed("\(type.kubectlName)/\(object.name) pruned\(dryRun.suffix)")
        }
    }
}
