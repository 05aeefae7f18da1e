import EtcdCore
import Foundation

extension Registry {
    /// Replaces an object's status through its `status` subresource (PUT `.../status`), as a kubelet reports a
    /// pod's or node's state and controllers report what they observed: `If(mod_revision(key) == read) Then Put`,
    /// read again and retried when another write won.
    ///
    /// Only `status` changes; spec and metadata stay as stored (the status strategies' `PrepareForUpdate`). The
    /// object is validated as an update; the write is recorded in managedFields as an Update of the `status`
    /// subresource by the options' field manager. A status that changes nothing writes nothing.
    /// - Returns: the object as stored, with its resourceVersion.
    /// - Throws: `StatusError`: 404 NotFound, 422 Invalid; 405 MethodNotAllowed for kinds without a status
    ///   subresource.
    public func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        try await updateStatus(type, namespace: namespace, name: name, status: status, annotations: nil, options: options)
    }

    /// Replaces an object's status and, for kinds whose status strategy keeps the request's annotations (a
    /// Deployment's: only spec and labels are reset), its annotations too: the deployment controller writes
    /// `deployment.kubernetes.io/revision` this way, in the same write as the status, without moving
    /// `generation`. Nil `annotations` keeps the stored ones.
    public func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, annotations: [String: String]?,
        options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        try await updateStatus(
            type, namespace: namespace, name: name, status: status, annotations: annotations, expecting: nil, options: options)
    }

    /// Replaces an object's status only if it is still at resourceVersion `expecting` (nil: whatever is stored).
    /// - Throws: 409 Conflict when the stored object moved on.
    func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, annotations: [String: String]? = nil,
        expecting: String?, options: WriteOptions
    ) async throws -> KubeObject {
        guard ObjectLifecycle.hasStatusSubresource(type) else {
            throw StatusError.methodNotAllowed("\(type.plural).\(type.group) have no status subresource")
        }
        let key = key(type, namespace: scopedNamespace(type, namespace), name: name)
        while true {
            guard let kv = try await store.get(key) else { throw StatusError.notFound(type, name: name) }
            if let expecting, expecting != String(kv.modRevision) { throw StatusError.conflict(type, name: name) }
            let current = try decode(kv, as: type)
            var candidate = current
            candidate.json["status"] = status
            if let annotations { candidate.annotations = annotations }
            let errors = Validation.validateUpdate(candidate, old: current, type: type)
            + schemaErrors(candidate, old: current, type: type)
            if !errors.isEmpty { throw StatusError.invalid(type, name: name, errors: errors) }
            if let written = try await commitSubresource(
                candidate, current: current, readAt: kv, type: type, options: options, subresource: "status")
            {
                return written
            }
        }
    }

    /// Writes a subresource's change to an object read at `kv`: nothing when it changes nothing, the candidate
    /// on a dry run, else `If(mod_revision(key) == read) Then Put`, recorded in managedFields as an Update of
    /// `subresource`. Nil when another write won, for the caller to read again.
    func commitSubresource(
        _ candidate: KubeObject, current: KubeObject, readAt kv: KeyValue, type: ResourceType, options: WriteOptions,
        subresource: String
    ) async throws -> KubeObject? {
        if Self.sameContent(candidate, current) { return current }
        var candidate = candidate
        recordUpdate(&candidate, current: current, type: type, options: options, subresource: subresource)
        if options.dryRun { return candidate }
        let response = try await store.txn(
            TxnRequest(
                compare: [Compare(key: kv.key, target: .modRevision(kv.modRevision), result: .equal)],
                success: [.put(PutRequest(key: kv.key, value: try encode(candidate, type: type, key: kv.key)))]))
        guard response.succeeded else { return nil }
        candidate.resourceVersion = String(response.header.revision)
        return candidate
    }
}

extension Registry {
    /// `PUT .../status` with a whole object: its status replaces the stored one, everything else is ignored; a
    /// resourceVersion in the object must be the stored one.
    /// - Throws: `StatusError`: 400 (not an object, another name, undecodable), 404, 405, 409, 422.
    public func replaceStatus(
        _ type: ResourceType, namespace: String?, name: String, object json: JSONValue, options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        guard json.objectValue != nil else { throw StatusError.badRequest("the object provided is not a JSON object") }
        let object = KubeObject(try decoded(json, as: type))
        guard object.name.isEmpty || object.name == name else {
            throw StatusError.badRequest("the name of the object (\(object.name)) does not match the name on the URL (\(name))")
        }
        return try await updateStatus(
            type, namespace: namespace, name: name, status: object.json["status"] ?? .null, expecting: object.resourceVersion,
            options: options)
    }

    /// `PATCH .../status`: the patch applies to the stored object and the status it then has is written, patched
    /// again on the newer object when another write wins (unless the patch names a resourceVersion). A
    /// server-side apply configuration merges into the status like a merge patch, without field ownership.
    public func patchStatus(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data,
        options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        let document = try Self.patchDocument(body, patchType)
        let pinned = Self.pinsResourceVersion(document, patchType)
        let strategies = PatchMetadata(for: type) ?? .object
        while true {
            let current = try await get(type, namespace: namespace, name: name)
            let patched = KubeObject(
                try decoded(Self.applying(document, patchType == .apply ? .merge : patchType, to: current.json, strategies: strategies), as: type))
            do {
                return try await updateStatus(
                    type, namespace: namespace, name: name, status: patched.json["status"] ?? .null,
                    expecting: pinned ? patched.resourceVersion : current.resourceVersion, options: options)
            } catch let error as StatusError where error.code == 409 && !pinned {
                continue
            }
        }
    }
}
