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
        let document = try Self.patchDocument(body, patchType)
        if patchType != .json {
            try enforceFieldValidation(StrictFields.withoutDeletions(document), type: type, options: options, patch: true)
        }
        if patchType == .apply {
            return try await applyServerSide(type, namespace: namespace, name: name, configuration: document, options: options)
        }
        let pinsVersion = Self.pinsResourceVersion(document, patchType)
        // Custom resources have no strategies, and were refused a strategic merge patch above.
        let strategies = PatchMetadata(for: type) ?? .object
        let object = try await replace(type, namespace: scopedNamespace(type, namespace), name: name, options: options) { current in
            var result = KubeObject(try decoded(Self.applying(document, patchType, to: current.json, strategies: strategies), as: type))
            // A JSON patch can nest one client document in another: the result must still read back, with the
            // field sets the server keeps beside it (managedFields, left out here as they mirror the object).
            var measured = result.json
            measured[["metadata", "managedFields"]] = nil
            if measured.nestingDepth > NestingLimit.request {
                throw StatusError.badRequest(
                    "the patched object nests deeper than the maximum depth of \(NestingLimit.request)")
            }
            if result.name != current.name || result.namespace != current.namespace {
                throw StatusError.badRequest("metadata.name and metadata.namespace cannot be changed by a patch")
            }
            if !pinsVersion { result.resourceVersion = nil }
            return result
        }
        return (object, false)
    }

    /// The document a PATCH body holds: JSON, or YAML for server-side apply.
    /// - Throws: `StatusError.badRequest` for an undecodable body.
    static func patchDocument(_ body: Data, _ patchType: PatchType) throws -> JSONValue {
        do {
            return patchType == .apply
                ? try JSONValue.parseYAMLDocuments(String(decoding: body, as: UTF8.self)).first ?? .null
                : try JSONValue.parse(json: body)
        } catch {
            throw StatusError.badRequest("error decoding patch: \(error)")
        }
    }

    /// Whether a patch names the resourceVersion it applies to: then losing the write to another is a conflict,
    /// not a reason to patch the newer object.
    static func pinsResourceVersion(_ document: JSONValue, _ patchType: PatchType) -> Bool {
        switch patchType {
        case .json: (document.arrayValue ?? []).contains { $0["path"]?.stringValue == "/metadata/resourceVersion" }
        default: document[["metadata", "resourceVersion"]] != nil
        }
    }

    /// A JSON patch, merge patch or strategic merge patch (with the kind's `strategies`) applied to an object.
    /// - Throws: the `StatusError` of a patch that does not apply.
    static func applying(
        _ document: JSONValue, _ patchType: PatchType, to json: JSONValue, strategies: PatchMetadata
    ) throws -> JSONValue {
        do throws(PatchError) {
            switch patchType {
            case .json: return try JSONPatch(document: document).apply(to: json)
            case .merge: return try MergePatch.apply(document, to: json)
            case .strategicMerge: return try StrategicMergePatch.apply(document, to: json, metadata: strategies)
            case .apply: preconditionFailure("server-side apply is not a patch of the object")
            }
        } catch {
            throw error.status
        }
    }
}
