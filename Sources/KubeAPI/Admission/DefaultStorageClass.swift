import Foundation

/// The DefaultStorageClass plugin (kubernetes `plugin/pkg/admission/storage/storageclass/setdefault`): a new
/// PersistentVolumeClaim that names no class (no `spec.storageClassName`, not even empty, and no beta
/// annotation) gets the default StorageClass, the newest when several are marked default.
public struct DefaultStorageClass: AdmissionPlugin {
    public let name = "DefaultStorageClass"
    public let operations: Set<AdmissionOperation> = [.create]

    public init() {}

    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws {
        guard request.type == BuiltinResources.persistentVolumeClaims,
            request.object.json[["spec", "storageClassName"]] == nil,
            request.object.annotations["volume.beta.kubernetes.io/storage-class"] == nil
        else { return }
        let classes = try await context.reader.objects(BuiltinResources.storageClasses, namespace: nil)
        guard let chosen = Self.newestDefault(classes.filter(KindTable.isDefaultStorageClass)) else { return }
        request.object.json[["spec", "storageClassName"]] = .string(chosen.name)
    }

    /// The newest of several default classes, by creation time then name (`GetDefaultClass`).
    static func newestDefault(_ classes: [KubeObject]) -> KubeObject? {
        classes.min { a, b in
            // RFC 3339 UTC seconds, so the strings order as the times do.
            let (timeA, timeB) = (a.creationTimestamp ?? "", b.creationTimestamp ?? "")
            return timeA != timeB ? timeA > timeB : a.name < b.name
        }
    }
}
