import EtcdCore
import Foundation

extension Registry {
    /// Patches an object with a JSON patch, a JSON merge patch or a strategic merge patch, or applies a
    /// configuration server-side (`PatchType.apply`, which creates the object when missing).
    ///
    /// The patch is applied to the object as read and the result written like an update; when another write
    /// wins the patch is applied again to the new object, unless the patch names a resourceVersion.
    /// - Returns: the object and whether the call created it.
    /// - Throws: `StatusError`: 415 for a patch type the resource does not take, 400 for an undecodable body,
    ///   404, 409, 422.
    public func patch(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data,
        options: WriteOptions = WriteOptions()
    ) async throws -> (object: KubeObject, created: Bool) {
        guard PatchType.accepted(for: type).contains(patchType) else {
            throw PatchType.unsupportedMediaType(accepted: PatchType.accepted(for: type))
        }
        let document: JSONValue
        do {
            document =
                patchType == .apply
                ? try JSONValue.parseYAMLDocuments(String(decoding: body, as: UTF8.self)).first ?? .null
                : try JSONValue.parse(json: body)
        } catch {
            throw StatusError.badRequest("error decoding patch: \(error)")
        }
        if patchType == .apply {
            return try await applyServerSide(type, namespace: namespace, name: name, configuration: document, options: options)
        }
        let pinsVersion: Bool
        switch patchType {
        case .json:
            pinsVersion = (document.arrayValue ?? []).contains { $0["path"]?.stringValue == "/metadata/resourceVersion" }
        default:
            pinsVersion = document[["metadata", "resourceVersion"]] != nil
        }
        let object = try await replace(type, namespace: scopedNamespace(type, namespace), name: name, options: options) { current in
            let patched: JSONValue
            do throws(PatchError) {
                switch patchType {
                case .json: patched = try JSONPatch(document: document).apply(to: current.json)
                case .merge: patched = try MergePatch.apply(document, to: current.json)
                case .strategicMerge: patched = try StrategicMergePatch.apply(document, to: current.json, type: type)
                case .apply: preconditionFailure("handled above")
                }
            } catch {
                throw error.status
            }
            var result = KubeObject(patched)
            if result.name != current.name || result.namespace != current.namespace {
                throw StatusError.badRequest("metadata.name and metadata.namespace cannot be changed by a patch")
            }
            if !pinsVersion { result.resourceVersion = nil }
            return result
        }
        return (object, false)
    }
}
