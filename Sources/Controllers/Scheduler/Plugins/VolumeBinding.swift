import KubeAPI

/// VolumeBinding's PreFilter (`plugins/volumebinding`): a pod whose PersistentVolumeClaims are missing, being
/// deleted or not yet bound to a volume (with immediate binding) fits no node, and preemption cannot help.
/// Claims of a `WaitForFirstConsumer` class would be bound after scheduling by a provisioner; KubeSim has no
/// provisioner, so such claims are not checked here.
struct VolumeBinding {
    static let unboundImmediate = "pod has unbound immediate PersistentVolumeClaims"

    /// The claims the pod names, from its `persistentVolumeClaim` and `ephemeral` volumes.
    static func claimNames(_ pod: KubeObject) -> [String] {
        (pod.spec?["volumes"]?.arrayValue ?? []).compactMap { volume in
            if let name = volume[["persistentVolumeClaim", "claimName"]]?.stringValue { return name }
            if volume["ephemeral"] != nil, let volumeName = volume["name"]?.stringValue { return "\(pod.name)-\(volumeName)" }
            return nil
        }
    }

    /// The PreFilter's rejection, or nil when every claim is bound (or waits for its first consumer).
    /// - Parameters:
    ///   - claims: the pod's claims found in its namespace, by name.
    ///   - delayedClasses: the StorageClasses whose `volumeBindingMode` is `WaitForFirstConsumer`.
    static func preFilter(_ pod: KubeObject, claims: [String: KubeObject], delayedClasses: Set<String>) -> FilterStatus? {
        var unbound = false
        for name in claimNames(pod) {
            guard let claim = claims[name] else { return .unresolvable("persistentvolumeclaim \(FieldError.quoted(name)) not found") }
            if claim.deletionTimestamp != nil {
                return .unresolvable("persistentvolumeclaim \(FieldError.quoted(name)) is being deleted")
            }
            let volume = claim.spec?["volumeName"]?.stringValue ?? ""
            let storageClass = claim.spec?["storageClassName"]?.stringValue ?? ""
            if volume.isEmpty && !delayedClasses.contains(storageClass) { unbound = true }
        }
        return unbound ? .unresolvable(unboundImmediate) : nil
    }
}
