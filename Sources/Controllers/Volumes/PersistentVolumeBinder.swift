import Foundation
import KubeAPI
import Synchronization

/// kube-controller-manager's persistent volume controller (`pkg/controller/volume/persistentvolume`,
/// `persistent-volume-binder`) for statically provisioned volumes: a Pending claim is bound to the smallest
/// Available PersistentVolume that matches it (storage class, access modes, volume mode, capacity, selector):
/// the volume's `claimRef` and `Bound` phase first, then the claim's `volumeName`, annotations and `Bound`
/// status. A claim nothing matches gets one `FailedBinding` event (kube-controller-manager repeats it on every
/// 15 s resync). When a bound claim goes, its volume is `Released` (Retain) or deleted (Delete). KubeSim runs no
/// provisioner: a claim of a StorageClass stays Pending.
public struct PersistentVolumeBinder: Controller {
    public init() {}

    /// The claims this process has reported unbindable, so a settled cluster is not written again.
    private let reported = ReportedClaims()

    public var name: String { "persistentvolume-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.persistentVolumeClaims, BuiltinResources.persistentVolumes] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        if change.type == BuiltinResources.persistentVolumeClaims {
            if change.event == .deleted, let volume = Self.volumeName(change.object) {
                return [ObjectKey(namespace: nil, name: volume)]
            }
            return [ObjectKey(change.object)]
        }
        // A volume made or released can satisfy waiting claims; a volume's own key checks its claim.
        let waiting = cache.list(BuiltinResources.persistentVolumeClaims).filter { Self.volumeName($0) == nil }.map(ObjectKey.init)
        return [ObjectKey(change.object)] + waiting
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        if key.namespace == nil {
            try await reconcileVolume(key.name, context: context)
        } else if let claim = context.cache.get(BuiltinResources.persistentVolumeClaims, key), claim.deletionTimestamp == nil {
            try await bind(claim, context: context)
        }
    }

    static func volumeName(_ claim: KubeObject) -> String? {
        guard let name = claim.spec?["volumeName"]?.stringValue, !name.isEmpty else { return nil }
        return name
    }

    /// `syncUnboundClaim` for a claim with no volume yet.
    private func bind(_ claim: KubeObject, context: ControllerContext) async throws {
        guard Self.volumeName(claim) == nil else { return }
        let volumes = context.cache.list(BuiltinResources.persistentVolumes)
        guard let volume = VolumeMatch.best(for: claim, among: volumes) else {
            let storageClass = claim.spec?["storageClassName"]?.stringValue ?? ""
            if storageClass.isEmpty && reported.insert(claim.uid ?? claim.name) {
                await context.events.record(
                    claim, reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set")
            }
            return
        }
        // The volume first, so no other claim takes it.
        var bound = volume.json
        bound[["spec", "claimRef"]] = [
            "kind": "PersistentVolumeClaim", "namespace": .string(claim.namespace ?? ""), "name": .string(claim.name),
            "uid": .string(claim.uid ?? ""), "apiVersion": "v1", "resourceVersion": .string(claim.resourceVersion ?? ""),
        ]
        bound[["metadata", "annotations", "pv.kubernetes.io/bound-by-controller"]] = "yes"
        let updated = try await context.api.update(
            BuiltinResources.persistentVolumes, namespace: nil, name: volume.name, object: bound, options: context.writeOptions)
        _ = try await context.api.updateStatus(
            BuiltinResources.persistentVolumes, namespace: nil, name: updated.name, status: ["phase": "Bound"],
            options: context.writeOptions)
        var claimed = claim.json
        claimed[["spec", "volumeName"]] = .string(volume.name)
        claimed[["metadata", "annotations", "pv.kubernetes.io/bind-completed"]] = "yes"
        claimed[["metadata", "annotations", "pv.kubernetes.io/bound-by-controller"]] = "yes"
        _ = try await context.api.update(
            BuiltinResources.persistentVolumeClaims, namespace: claim.namespace, name: claim.name, object: claimed,
            options: context.writeOptions)
        var status: JSONValue = ["phase": "Bound", "capacity": volume.spec?["capacity"] ?? .emptyObject]
        if let modes = volume.spec?["accessModes"] { status["accessModes"] = modes }
        _ = try await context.api.updateStatus(
            BuiltinResources.persistentVolumeClaims, namespace: claim.namespace, name: claim.name, status: status,
            options: context.writeOptions)
    }

    /// `syncVolume`: a new volume with no claim becomes `Available`; one whose bound claim is gone is released
    /// (Retain) or deleted (Delete).
    private func reconcileVolume(_ name: String, context: ControllerContext) async throws {
        guard let volume = context.cache.get(BuiltinResources.persistentVolumes, namespace: nil, name: name),
            volume.deletionTimestamp == nil
        else { return }
        let phase = volume.json[["status", "phase"]]?.stringValue
        guard let reference = volume.spec?["claimRef"], !reference.isNull else {
            if phase != "Available" {
                _ = try await context.api.updateStatus(
                    BuiltinResources.persistentVolumes, namespace: nil, name: name, status: ["phase": "Available"],
                    options: context.writeOptions)
            }
            return
        }
        guard phase == "Bound" else { return }
        let claim = context.cache.get(
            BuiltinResources.persistentVolumeClaims, namespace: reference["namespace"]?.stringValue,
            name: reference["name"]?.stringValue ?? "")
        guard claim == nil || claim?.uid != reference["uid"]?.stringValue else { return }
        if volume.spec?["persistentVolumeReclaimPolicy"]?.stringValue == "Delete" {
            _ = try await context.api.delete(BuiltinResources.persistentVolumes, namespace: nil, name: name, options: DeleteOptions())
        } else {
            _ = try await context.api.updateStatus(
                BuiltinResources.persistentVolumes, namespace: nil, name: name, status: ["phase": "Released"],
                options: context.writeOptions)
        }
    }
}

/// The uids of claims already given their `FailedBinding` event.
private final class ReportedClaims: Sendable {
    private let uids = Mutex<Set<String>>([])

    /// Whether `uid` was not reported before (and is now).
    func insert(_ uid: String) -> Bool { uids.withLock { $0.insert(uid).inserted } }
}
