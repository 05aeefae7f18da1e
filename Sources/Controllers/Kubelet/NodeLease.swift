import Foundation
import KubeAPI

/// The kubelet's node Lease (`staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go`):
/// `kube-node-lease/<node>`, held by the node, `leaseDurationSeconds` 40, owned by the Node, its `renewTime`
/// (a MicroTime) renewed every quarter of the duration (10 s).
struct NodeLease {
    static let namespace = "kube-node-lease"

    var durationSeconds: Int64

    var renewInterval: TimeInterval { Double(durationSeconds) / 4 }

    /// When the lease is next due for renewal.
    func nextRenewal(_ lease: KubeObject?) -> Date? {
        lease?.spec?["renewTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:)).map {
            $0.addingTimeInterval(renewInterval)
        }
    }

    /// Creates the lease, or renews it when due; returns when it is next due.
    func renew(for node: KubeObject, context: ControllerContext) async throws -> Date {
        let now = context.clock.now()
        let lease = context.cache.get(BuiltinResources.leases, namespace: Self.namespace, name: node.name)
        if let due = nextRenewal(lease), due > now, lease?.spec?["holderIdentity"]?.stringValue == node.name {
            return due
        }
        let spec: JSONValue = [
            "holderIdentity": .string(node.name), "leaseDurationSeconds": .int(durationSeconds),
            "renewTime": .string(Self.microTime(now)),
        ]
        if var lease {
            lease.json["spec"] = (lease.spec ?? .emptyObject).merging(spec)
            _ = try await context.api.update(
                BuiltinResources.leases, namespace: Self.namespace, name: node.name, object: lease.json,
                options: context.writeOptions)
        } else {
            var owner: JSONValue = ["apiVersion": "v1", "kind": "Node", "name": .string(node.name)]
            if let uid = node.uid { owner["uid"] = .string(uid) }
            let object: JSONValue = [
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                "metadata": ["name": .string(node.name), "namespace": .string(Self.namespace), "ownerReferences": [owner]],
                "spec": spec,
            ]
            _ = try await context.api.create(
                BuiltinResources.leases, namespace: Self.namespace, object: object, options: context.writeOptions)
        }
        return now.addingTimeInterval(renewInterval)
    }

    /// RFC 3339 with microseconds, as metav1.MicroTime serializes.
    static func microTime(_ date: Date) -> String {
        let seconds = floor(date.timeIntervalSince1970)
        let base = RFC3339Timestamp.string(from: Date(timeIntervalSince1970: seconds)).dropLast()
        let micros = Int64(((date.timeIntervalSince1970 - seconds) * 1e6).rounded(.down))
        return "\(base).\(String(format: "%06lld", micros))Z"
    }
}

extension JSONValue {
    /// The object with `other`'s fields set over its own.
    fileprivate func merging(_ other: JSONValue) -> JSONValue {
        var result = self
        for (key, value) in other.objectValue ?? [:] { result[key] = value }
        return result
    }
}
