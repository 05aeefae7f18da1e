import Foundation
import KubeAPI

/// `findBestMatchForClaim` (`persistentvolume/util`): the smallest Available volume that satisfies a claim.
enum VolumeMatch {
    static func best(for claim: KubeObject, among volumes: [KubeObject]) -> KubeObject? {
        let spec = claim.spec ?? .emptyObject
        let wanted = ResourceQuantity.value(spec[["resources", "requests", "storage"]]) ?? 0
        let modes = Set((spec["accessModes"]?.arrayValue ?? []).compactMap(\.stringValue))
        let storageClass = spec["storageClassName"]?.stringValue ?? ""
        let volumeMode = spec["volumeMode"]?.stringValue ?? "Filesystem"
        let selector = spec["selector"].flatMap { $0.isNull ? nil : try? LabelSelector(object: $0) }
        let candidates = volumes.compactMap { volume -> (Int64, KubeObject)? in
            let volumeSpec = volume.spec ?? .emptyObject
            guard volume.deletionTimestamp == nil, volumeSpec["claimRef"] == nil || volumeSpec["claimRef"]?.isNull == true,
                ["Pending", "Available"].contains(volume.json[["status", "phase"]]?.stringValue ?? "Available"),
                (volumeSpec["storageClassName"]?.stringValue ?? "") == storageClass,
                (volumeSpec["volumeMode"]?.stringValue ?? "Filesystem") == volumeMode,
                modes.isSubset(of: Set((volumeSpec["accessModes"]?.arrayValue ?? []).compactMap(\.stringValue))),
                selector?.matches(volume.labels) ?? true,
                let capacity = ResourceQuantity.value(volumeSpec[["capacity", "storage"]]), capacity >= wanted
            else { return nil }
            return (capacity, volume)
        }
        return candidates.min { ($0.0, $0.1.name) < ($1.0, $1.1.name) }?.1
    }
}
