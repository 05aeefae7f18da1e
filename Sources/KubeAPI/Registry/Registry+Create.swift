import EtcdCore
import Foundation

extension Registry {
    /// Creates an object: `If(mod_revision(key) == 0) Then Put`, as kube-apiserver's etcd3 store does.
    ///
    /// In order: the namespace is checked against the request and must exist and not be terminating; defaults
    /// are applied; the admission plugins' mutating phase runs; `generateName` makes a name; status and
    /// generation are prepared; uid and creationTimestamp are set; the object is validated, then passes the
    /// admission plugins' validating phase; managedFields are set; services get their cluster IP and node ports;
    /// events are attached to a lease that expires them (`--event-ttl`).
    /// - Returns: the object as stored, with its resourceVersion.
    /// - Throws: `StatusError`: 400 BadRequest, 404 NotFound (namespace), 403 Forbidden (terminating namespace,
    ///   admission), 409 AlreadyExists, 422 Invalid.
    public func create(
        _ type: ResourceType, namespace: String?, object json: JSONValue, options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        try await create(type, namespace: namespace, object: json, options: options, operation: .update)
    }

    /// Creates an object whose managedFields record `operation` by the options' field manager (server-side
    /// apply creates with an Apply entry).
    func create(
        _ type: ResourceType, namespace: String?, object json: JSONValue, options: WriteOptions,
        operation: ManagedFieldsEntry.Operation
    ) async throws -> KubeObject {
        try enforceFieldValidation(json, type: type, options: options, patch: false)
        var object = try admit(json, as: type, namespace: namespace)
        if object.resourceVersion != nil {
            throw StatusError.internalError("resourceVersion should not be set on objects to be created")
        }
        try await checkNamespace(of: object, type: type)
        ObjectLifecycle.convert(&object, type: type)
        Defaulting.apply(to: &object, type: type)
        // kube-apiserver takes the managed fields of the decoded, defaulted object, before admission and its
        // strategy run: what admission adds belongs to no manager.
        let declared = object.json
        try await runMutatingAdmission(&object, operation: .create, type: type)
        ObjectLifecycle.encode(&object, type: type)
        // A generated name that is taken is drawn again, up to 8 times (RetryGenerateName, GA in 1.32).
        let generatedFrom = object.name.isEmpty ? object.generateName.flatMap { $0.isEmpty ? nil : $0 } : nil
        var draws = 0
        if let prefix = generatedFrom { object.name = generatedName(prefix) }
        ObjectLifecycle.prepareForCreate(&object, type: type)
        object.json[["metadata", "uid"]] = .string(names.uuid())
        let time = RFC3339Timestamp.string(from: now())
        object.json[["metadata", "creationTimestamp"]] = .string(time)
        object.json[["metadata", "deletionTimestamp"]] = nil
        if type.group == "batch" && type.kind == "Job" { Defaulting.prepareJobForCreate(&object) }
        let errors = Validation.validate(object, type: type) + schemaErrors(object, old: nil, type: type)
        if !errors.isEmpty { throw StatusError.invalid(type, name: object.name, errors: errors) }
        try await runValidatingAdmission(object, operation: .create, type: type, dryRun: options.dryRun)
        var managed = ManagedFieldsEntry.record(
            manager: options.fieldManager, operation: operation, apiVersion: type.apiVersion, time: time,
            old: nil, new: KubeObject(operation == .apply ? json : declared), entries: [])
        if options.fieldManager.isEmpty { managed = [] }
        object.json[["metadata", "managedFields"]] = managed.isEmpty ? nil : .array(managed.map(\.json))

        var key = key(type, namespace: object.namespace, name: object.name)
        while true {
            var candidate = object
            var compares = [Compare(key: key, target: .modRevision(0), result: .equal)]
            var extra: [RequestOp] = []
            if type == BuiltinResources.services {
                var allocator = try await ServiceAllocator.load(store)
                try allocator.allocate(&candidate, type: type)
                let ops = allocator.commitOps
                compares += ops.compares
                extra = ops.puts
            }
            if options.dryRun { return candidate }
            let lease = type.storageType == BuiltinResources.events ? try await eventLeases.lease() : 0
            let response = try await store.txn(
                TxnRequest(
                    compare: compares, success: [.put(PutRequest(key: key, value: try encode(candidate, type: type, key: key), lease: lease))] + extra,
                    failure: [.range(RangeRequest(key: key))]))
            if response.succeeded {
                candidate.resourceVersion = String(response.header.revision)
                if type == BuiltinResources.customResourceDefinitions { catalog.register(definition: candidate.json) }
                return candidate
            }
            if case .range(let existing) = response.responses.first, !existing.kvs.isEmpty {
                draws += 1
                guard let prefix = generatedFrom, draws < 8 else { throw StatusError.alreadyExists(type, name: object.name) }
                object.name = generatedName(prefix)
                key = self.key(type, namespace: object.namespace, name: object.name)
                continue
            }
            // An allocation changed under us: allocate again.
        }
    }

    /// The request's object as a `KubeObject` of `type`, with its namespace settled.
    func admit(_ json: JSONValue, as type: ResourceType, namespace: String?) throws -> KubeObject {
        guard json.objectValue != nil else {
            throw StatusError.badRequest("the object provided is not a JSON object")
        }
        var object = KubeObject(try decoded(json, as: type))
        if object.apiVersion.isEmpty { object.apiVersion = type.apiVersion }
        if object.kind.isEmpty { object.kind = type.kind }
        guard object.apiVersion == type.apiVersion, object.kind == type.kind else {
            throw StatusError.badRequest(
                "the API version in the data (\(object.apiVersion)) does not match the expected API version (\(type.apiVersion))")
        }
        do { _ = try type.toStorage(object) } catch {
            throw StatusError.badRequest("\(error)")
        }
        if type.namespaced {
            let requested = namespace ?? object.namespace ?? "default"
            if let own = object.namespace, own != requested {
                throw StatusError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
            object.namespace = requested
        } else {
            object.namespace = nil
        }
        return object
    }

    /// The NamespaceLifecycle admission check: the object's namespace exists and is not being deleted.
    func checkNamespace(of object: KubeObject, type: ResourceType) async throws {
        guard let namespace = object.namespace else { return }
        guard let kv = try await store.get(key(BuiltinResources.namespaces, namespace: nil, name: namespace)) else {
            throw StatusError.notFound(BuiltinResources.namespaces, name: namespace)
        }
        if try decode(kv, as: BuiltinResources.namespaces).deletionTimestamp != nil {
            throw StatusError.forbidden(
                type, name: object.name,
                detail: "unable to create new content in namespace \(namespace) because it is being terminated")
        }
    }

    /// A name from `generateName` as `names.SimpleNameGenerator` makes it: the prefix cut to 58 characters,
    /// then five from the registry's name generator.
    func generatedName(_ prefix: String) -> String {
        String(prefix.prefix(58)) + names.suffix()
    }
}
