import EtcdCore
import Foundation

extension Registry {
    /// Adds ephemeral containers to a pod through its `ephemeralcontainers` subresource (PATCH or PUT
    /// `.../pods/<name>/ephemeralcontainers`, what `kubectl debug` sends): only `spec.ephemeralContainers` is taken
    /// from the request, everything else stays as stored (`podEphemeralContainersStrategy`,
    /// `dropNonEphemeralContainerUpdates`); the new list is defaulted like containers and validated as
    /// `ValidatePodEphemeralContainersUpdate` does: existing ones may be neither changed nor removed.
    /// - Parameters:
    ///   - patchType: the patch a PATCH sends; nil for a PUT of the whole pod in `body`.
    /// - Returns: the pod as stored.
    /// - Throws: `StatusError`: 404 NotFound, 409 Conflict, 415, 400, 422 Invalid.
    public func updateEphemeralContainers(
        namespace: String, name: String, patchType: PatchType?, body: Data, options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        let type = BuiltinResources.pods
        if let patchType, patchType == .apply || !PatchType.accepted(for: type).contains(patchType) {
            throw PatchType.unsupportedMediaType(accepted: PatchType.accepted(for: type).filter { $0 != .apply })
        }
        let document: JSONValue
        do {
            document = try JSONValue.parse(json: body)
        } catch {
            throw StatusError.badRequest("error decoding patch: \(error)")
        }
        let key = key(type, namespace: namespace, name: name)
        while true {
            guard let kv = try await store.get(key) else { throw StatusError.notFound(type, name: name) }
            let current = try decode(kv, as: type)
            let requested: JSONValue =
                if let patchType {
                    try Self.applying(document, patchType, to: current.json, strategies: PatchMetadata(for: type) ?? .object)
                } else {
                    document
                }
            if let version = requested[["metadata", "resourceVersion"]]?.stringValue, !version.isEmpty,
                version != current.resourceVersion
            {
                throw StatusError.conflict(type, name: name)
            }
            var candidate = current
            candidate.json[["spec", "ephemeralContainers"]] = requested[["spec", "ephemeralContainers"]]
            Defaulting.apply(to: &candidate, type: type)
            let errors = Self.validateEphemeralContainers(candidate, old: current)
            if !errors.isEmpty { throw StatusError.invalid(type, name: name, errors: errors) }
            if let written = try await commitSubresource(
                candidate, current: current, readAt: kv, type: type, options: options, subresource: "ephemeralcontainers")
            {
                return written
            }
        }
    }

    /// `ValidatePodEphemeralContainersUpdate` in small: names are DNS labels unique among all the pod's
    /// containers, an image is given, the fields an ephemeral container may not have are absent, a target
    /// container exists, and the ephemeral containers already there stay as they are.
    static func validateEphemeralContainers(_ pod: KubeObject, old: KubeObject) -> [FieldError] {
        let path = FieldPath("spec").child("ephemeralContainers")
        let spec = pod.json["spec"] ?? .emptyObject
        let list = spec["ephemeralContainers"]?.arrayValue ?? []
        let others = ["containers", "initContainers"].flatMap { (spec[$0]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } }
        var errors: [FieldError] = []
        var seen = Set(others)
        for (index, container) in list.enumerated() {
            let at = path.index(index)
            let name = container["name"]?.stringValue ?? ""
            if name.isEmpty {
                errors.append(.required(at.child("name")))
            } else {
                for message in NameRules.isDNS1123Label(name) { errors.append(.invalid(at.child("name"), string: name, message)) }
                if !seen.insert(name).inserted { errors.append(.duplicate(at.child("name"), GoSyntax.string(name))) }
            }
            if (container["image"]?.stringValue ?? "").isEmpty { errors.append(.required(at.child("image"))) }
            for field in ["ports", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "resizePolicy"]
            where container[field] != nil && container[field] != .array([]) {
                errors.append(.forbidden(at.child(field), "cannot be set for an Ephemeral Container"))
            }
            if let limits = container[["resources", "limits"]], limits != .emptyObject {
                errors.append(.forbidden(at.child("resources"), "cannot be set for an Ephemeral Container"))
            }
            if let target = container["targetContainerName"]?.stringValue, !others.contains(target) {
                errors.append(.notFound(at.child("targetContainerName"), GoSyntax.string(target)))
            }
        }
        let stored = old.json[["spec", "ephemeralContainers"]]?.arrayValue ?? []
        let byName = Dictionary(list.map { ($0["name"]?.stringValue ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        for container in stored {
            let name = container["name"]?.stringValue ?? ""
            if byName[name] == nil {
                errors.append(.forbidden(path, "existing ephemeral containers \(FieldError.quoted(name)) may not be removed\n"))
            } else if byName[name] != container {
                errors.append(.forbidden(path, "existing ephemeral containers \(FieldError.quoted(name)) may not be changed\n"))
            }
        }
        return errors
    }
}
