import Foundation
import KubeAPI

/// A StatefulSet's stable identities (`stateful_set_utils.go`): pod `<set>-<ordinal>` with hostname and
/// subdomain, the `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index` labels, the revision in
/// `controller-revision-hash`, and one PersistentVolumeClaim `<template>-<set>-<ordinal>` per claim template,
/// mounted as the volume named after its template.
struct StatefulSetIdentity {
    static let podNameLabel = "statefulset.kubernetes.io/pod-name"
    static let podIndexLabel = "apps.kubernetes.io/pod-index"
    static let revisionLabel = "controller-revision-hash"
    static let ownKind = (apiVersion: "apps/v1", kind: "StatefulSet")

    let set: KubeObject

    /// `getParentNameAndOrdinal`: the name's `(.*)-([0-9]+)$` split; ordinal -1 when it has none.
    static func parentAndOrdinal(_ name: String) -> (parent: String, ordinal: Int) {
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < name.count,
            name.dropLast(digits.count).last == "-", let ordinal = Int32(String(digits.reversed()))
        else { return ("", -1) }
        return (String(name.dropLast(digits.count + 1)), Int(ordinal))
    }

    static func ordinal(of pod: KubeObject) -> Int { parentAndOrdinal(pod.name).ordinal }

    static func revision(of pod: KubeObject) -> String { pod.labels[revisionLabel] ?? "" }

    /// `spec.ordinals.start`, or 0.
    var startOrdinal: Int { Int(set.spec?[["ordinals", "start"]]?.intValue ?? 0) }
    var replicas: Int { Int(set.specInt("replicas", default: 1)) }
    /// The last ordinal the set keeps (inclusive).
    var endOrdinal: Int { startOrdinal + replicas - 1 }

    /// `isMemberOf`: the pod's name says it is one of the set's.
    func isMember(_ pod: KubeObject) -> Bool { Self.parentAndOrdinal(pod.name).parent == set.name }

    func inRange(_ pod: KubeObject) -> Bool {
        let ordinal = Self.ordinal(of: pod)
        return ordinal >= startOrdinal && ordinal <= endOrdinal
    }

    func podName(_ ordinal: Int) -> String { "\(set.name)-\(ordinal)" }

    var claimTemplates: [JSONValue] { self.set.spec?["volumeClaimTemplates"]?.arrayValue ?? [] }

    func claimName(template: JSONValue, ordinal: Int) -> String {
        "\(template[["metadata", "name"]]?.stringValue ?? "")-\(set.name)-\(ordinal)"
    }

    /// The claims a member needs (`getPersistentVolumeClaims`), by template name in template order: the
    /// template with the pod's name, the set's namespace and the selector's matchLabels over its labels.
    func claims(ordinal: Int) -> [(volume: String, claim: JSONValue)] {
        let selectorLabels = set.spec?[["selector", "matchLabels"]]?.objectValue ?? [:]
        return claimTemplates.map { template in
            var metadata = template["metadata"] ?? .emptyObject
            metadata["name"] = .string(claimName(template: template, ordinal: ordinal))
            metadata["namespace"] = set.metadata["namespace"]
            metadata["creationTimestamp"] = nil
            var labels = metadata["labels"]?.objectValue ?? [:]
            labels.merge(selectorLabels) { _, selector in selector }
            if !labels.isEmpty { metadata["labels"] = .object(labels) }
            var claim: JSONValue = ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": metadata]
            claim["spec"] = template["spec"]
            return (template[["metadata", "name"]]?.stringValue ?? "", claim)
        }
    }

    /// `identityMatches`: name, namespace and the pod-name label are the member's.
    func identityMatches(_ pod: KubeObject) -> Bool {
        let (parent, ordinal) = Self.parentAndOrdinal(pod.name)
        return ordinal >= 0 && parent == set.name && pod.namespace == set.namespace && pod.labels[Self.podNameLabel] == pod.name
    }

    /// `storageMatches`: every claim template is mounted from the member's claim.
    func storageMatches(_ pod: KubeObject) -> Bool {
        let ordinal = Self.ordinal(of: pod)
        guard ordinal >= 0 else { return false }
        let volumes = pod.spec?["volumes"]?.arrayValue ?? []
        return claims(ordinal: ordinal).allSatisfy { volume, claim in
            volumes.contains {
                $0["name"]?.stringValue == volume
                    && $0[["persistentVolumeClaim", "claimName"]] == claim[["metadata", "name"]]
            }
        }
    }

    /// `updateIdentity`: the pod-name and pod-index labels.
    static func setIdentityLabels(_ pod: inout JSONValue, name: String, ordinal: Int) {
        pod[["metadata", "labels", podNameLabel]] = .string(name)
        pod[["metadata", "labels", podIndexLabel]] = .string(String(ordinal))
    }

    /// `updateStorage`: a volume per claim template, then the pod's other volumes.
    func setStorage(_ pod: inout JSONValue, ordinal: Int) {
        let claims = claims(ordinal: ordinal)
        let names = Set(claims.map(\.volume))
        var volumes: [JSONValue] = claims.map { volume, claim in
            ["name": .string(volume), "persistentVolumeClaim": ["claimName": claim[["metadata", "name"]] ?? .null]]
        }
        volumes += (pod[["spec", "volumes"]]?.arrayValue ?? []).filter { !names.contains($0["name"]?.stringValue ?? "") }
        pod[["spec", "volumes"]] = volumes.isEmpty ? nil : .array(volumes)
    }

    /// `newVersionedStatefulSetPod`: the member `ordinal` made from `template` (the current or the update
    /// revision's), as `controller.GetPodFromTemplate` makes pods, with its identity, storage and revision.
    func newPod(ordinal: Int, template: JSONValue, revision: String) -> JSONValue {
        let name = podName(ordinal)
        var metadata: JSONValue = [
            "name": .string(name), "generateName": .string("\(set.name)-"),
            "labels": template[["metadata", "labels"]] ?? .emptyObject,
            "ownerReferences": [ControllerRef.make(to: set, apiVersion: Self.ownKind.apiVersion, kind: Self.ownKind.kind)],
        ]
        for field in ["annotations", "finalizers"] {
            if let value = template[["metadata", field]], !value.isNull { metadata[field] = value }
        }
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": template["spec"] ?? .emptyObject]
        Self.setIdentityLabels(&pod, name: name, ordinal: ordinal)
        pod[["spec", "hostname"]] = .string(name)
        if let service = set.spec?["serviceName"]?.stringValue, !service.isEmpty {
            pod[["spec", "subdomain"]] = .string(service)
        }
        setStorage(&pod, ordinal: ordinal)
        pod[["metadata", "labels", Self.revisionLabel]] = .string(revision)
        return pod
    }
}
