import Foundation

extension Registry {
    /// The autoscaling/v1 Scale of a deployment, replica set, stateful set or replication controller
    /// (`GET …/<name>/scale`): the object's name, namespace, uid, resourceVersion and creationTimestamp, its
    /// `spec.replicas`, and its `status.replicas` with its selector as a string (`app=web`).
    /// - Throws: `StatusError.unknownPath` for a type without a scale subresource; 404 for a missing object.
    public func getScale(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        try Self.requireScaleSubresource(type)
        return Self.scale(of: try await get(type, namespace: namespace, name: name), type: type)
    }

    /// Replaces the Scale (`PUT …/scale`): its `spec.replicas` (0 when absent) becomes the object's, written like an
    /// update; a resourceVersion in the Scale must be the object's current one.
    /// - Returns: the Scale of the object as written.
    /// - Throws: `StatusError`: `unknownPath`, 404, 400 for a name other than the URL's or replicas that are not an
    ///   int32, 422 for negative replicas, 409 for a stale resourceVersion or another uid.
    public func updateScale(
        _ type: ResourceType, namespace: String?, name: String, scale json: JSONValue, options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        try Self.requireScaleSubresource(type)
        guard json.objectValue != nil else { throw StatusError.badRequest("the object provided is not a JSON object") }
        let scale = KubeObject(json)
        guard scale.name == name else {
            throw StatusError.badRequest("the name of the object (\(scale.name)) does not match the name on the URL (\(name))")
        }
        let pinned = scale.resourceVersion != nil
        return try await writeScale(type, namespace: namespace, name: name, options: options, pinned: pinned) { _ in json }
    }

    /// Patches the Scale (`PATCH …/scale`) and writes its `spec.replicas` into the object like an update, patching
    /// the newer Scale again when another write wins, unless the patch names a resourceVersion. kubectl 1.32's
    /// `kubectl scale` sends the merge patch `{"spec":{"replicas":N}}` (kubectl `pkg/scale`, `ScaleSimple`).
    ///
    /// A JSON patch, merge patch or strategic merge patch applies to the Scale as to any object without list
    /// strategies. A server-side apply configuration is merged into it like a merge patch, without field
    /// ownership: it takes the replicas whoever manages them.
    /// - Returns: the Scale of the object as written.
    /// - Throws: `StatusError`: `unknownPath`, 400 for an undecodable patch, 404, 409, 422.
    public func patchScale(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data,
        options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        try Self.requireScaleSubresource(type)
        let document = try Self.patchDocument(body, patchType)
        if patchType == .apply && options.fieldManager.isEmpty {
            throw StatusError.badRequest("PATCH is not supported for this field manager: fieldManager is required for apply patch")
        }
        let pinned = Self.pinsResourceVersion(document, patchType)
        return try await writeScale(type, namespace: namespace, name: name, options: options, pinned: pinned) { old in
            try Self.applying(document, patchType == .apply ? .merge : patchType, to: old.json, strategies: .object)
        }
    }

    /// Writes the replicas of the Scale `newScale` makes from the object's current one into the object, through
    /// the update loop (kubernetes `scaleUpdatedObjectInfo` in `pkg/registry/apps/deployment/storage`).
    private func writeScale(
        _ type: ResourceType, namespace: String?, name: String, options: WriteOptions, pinned: Bool,
        newScale: (KubeObject) throws -> JSONValue
    ) async throws -> KubeObject {
        let object = try await replace(type, namespace: scopedNamespace(type, namespace), name: name, options: options) { current in
            let scale = KubeObject(try newScale(Self.scale(of: current, type: type)))
            let replicas = try Self.replicas(of: scale, name: current.name)
            if let uid = scale.uid, !uid.isEmpty, uid != current.uid {
                throw StatusError(
                    code: 409, reason: "Conflict",
                    message: "Operation cannot be fulfilled on \(type.plural)/scale\(type.group.isEmpty ? "" : ".\(type.group)") "
                        + "\(FieldError.quoted(current.name)): Precondition failed: UID in precondition: \(uid), "
                        + "UID in object meta: \(current.uid ?? "")",
                    name: current.name, group: type.group, kind: "\(type.plural)/scale")
            }
            var updated = current
            updated.json[Self.specReplicasPath(type)] = .int(replicas)
            updated.resourceVersion = pinned ? scale.resourceVersion : nil
            return updated
        }
        return Self.scale(of: object, type: type)
    }

    /// The Scale of an object (kubernetes `scaleFromDeployment` and its siblings; for a custom resource, read
    /// through its definition's scale paths). `spec.replicas` is left out when 0 and `status.selector` when
    /// empty, as their `omitempty` tags do.
    static func scale(of object: KubeObject, type: ResourceType) -> KubeObject {
        var metadata: JSONValue = ["name": .string(object.name)]
        for field in ["namespace", "uid", "resourceVersion", "creationTimestamp"] {
            metadata[field] = object.metadata[field]
        }
        let replicas = object.json[specReplicasPath(type)]?.intValue ?? 0
        let selectorText: String?
        var status: JSONValue
        if let paths = type.scalePaths {
            status = ["replicas": .int(object.json[jsonPath(paths.statusReplicas)]?.intValue ?? 0)]
            selectorText = paths.labelSelector.flatMap { object.json[jsonPath($0)]?.stringValue }
        } else {
            // A replication controller's selector is a map of labels, the others' a metav1.LabelSelector.
            let selector: JSONValue? =
                type.kind == "ReplicationController" ? ["matchLabels": object.spec?["selector"] ?? .null] : object.spec?["selector"]
            status = ["replicas": .int(object.json[["status", "replicas"]]?.intValue ?? 0)]
            selectorText = LabelFormatting.selector(selector)
        }
        if let text = selectorText, !text.isEmpty { status["selector"] = .string(text) }
        return KubeObject([
            "apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": metadata,
            "spec": replicas == 0 ? .emptyObject : ["replicas": .int(replicas)], "status": status,
        ])
    }

    /// Where the type keeps its desired replicas: `spec.replicas`, or a custom resource's `specReplicasPath`.
    private static func specReplicasPath(_ type: ResourceType) -> [String] {
        type.scalePaths.map { jsonPath($0.specReplicas) } ?? ["spec", "replicas"]
    }

    /// `.spec.replicas` → `["spec", "replicas"]`.
    private static func jsonPath(_ path: String) -> [String] {
        path.split(separator: ".").map(String.init)
    }

    /// `spec.replicas` of a Scale as its int32 decodes, validated as `ValidateScale` does.
    private static func replicas(of scale: KubeObject, name: String) throws -> Int64 {
        guard let value = scale.json[["spec", "replicas"]], value != .null else { return 0 }
        guard case .int(let replicas) = value, Int64(Int32.min)...Int64(Int32.max) ~= replicas else {
            let found = value.typeName == "number" ? "number \(value.jsonString())" : value.typeName
            throw StatusError.badRequest("json: cannot unmarshal \(found) into Go struct field ScaleSpec.spec.replicas of type int32")
        }
        let errors = RuleMessage.nonNegative(replicas, FieldPath("spec").child("replicas"))
        if !errors.isEmpty { throw StatusError.invalid(scaleType, name: name, errors: errors) }
        return replicas
    }

    /// autoscaling/v1 Scale, as its errors name it (`Scale.autoscaling "web" is invalid: …`).
    private static let scaleType = ResourceType(group: "autoscaling", version: "v1", kind: "Scale", plural: "scales", namespaced: true)

    private static func requireScaleSubresource(_ type: ResourceType) throws {
        guard type.subresources.contains(where: { $0.name == "scale" }) else { throw StatusError.unknownPath }
    }
}
