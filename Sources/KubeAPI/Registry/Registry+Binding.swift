import EtcdCore
import Foundation

extension Registry {
    /// Binds a pod to a node through its `binding` subresource (`POST …/pods/<name>/binding`, or the legacy
    /// `POST …/bindings`), as kube-scheduler's default binder does: kubernetes `BindingREST.Create` in
    /// `pkg/registry/core/pod/storage/storage.go`.
    ///
    /// The Binding's name must be the pod's; its `target` names the node (`kind` empty or `Node`). Its uid and
    /// resourceVersion, when given, are preconditions on the pod. The pod gets `spec.nodeName`, the Binding's
    /// annotations, and `PodScheduled=True` (the condition replaced, its lastTransitionTime kept only if it was
    /// True already), written straight to storage without an update's validation or managedFields, as
    /// `GuaranteedUpdate` does; another write in between makes it read again and retry.
    /// - Returns: the pod as bound (the HTTP answer is a `Status` of success, code 201).
    /// - Throws: `StatusError`: 400 for a name other than the URL's; 404 for a missing pod; 409 Conflict for a
    ///   pod being deleted, already bound, still gated, or failing a precondition; 500 for an invalid target
    ///   (the validation's plain error, as kube-apiserver answers it).
    @discardableResult
    public func bind(
        namespace: String, name: String, binding json: JSONValue, options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        guard json.objectValue != nil else { throw StatusError.badRequest("the object provided is not a JSON object") }
        let binding = KubeObject(json)
        if let bindingNamespace = binding.namespace, !bindingNamespace.isEmpty, bindingNamespace != namespace {
            throw StatusError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        guard binding.name == name else { throw StatusError.badRequest("name in URL does not match name in Binding object") }
        let node = json[["target", "name"]]?.stringValue ?? ""
        try Self.validateBindingTarget(kind: json[["target", "kind"]]?.stringValue ?? "", name: node)
        let type = BuiltinResources.pods
        let key = key(type, namespace: namespace, name: name)
        while true {
            guard let kv = try await store.get(key) else { throw StatusError.notFound(type, name: name) }
            let current = try decode(kv, as: type)
            if let uid = binding.uid, !uid.isEmpty, uid != current.uid {
                throw StatusError.conflict(
                    type, name: name, detail: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(current.uid ?? "")")
            }
            if let version = binding.resourceVersion, !version.isEmpty, version != current.resourceVersion {
                throw StatusError.conflict(
                    type, name: name,
                    detail: "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: \(current.resourceVersion ?? "")")
            }
            var pod = current
            try Self.assign(&pod, to: node, annotations: binding.annotations, now: RFC3339Timestamp.string(from: now()))
            if options.dryRun { return pod }
            let response = try await store.txn(
                TxnRequest(
                    compare: [Compare(key: key, target: .modRevision(kv.modRevision), result: .equal)],
                    success: [.put(PutRequest(key: key, value: try encode(pod, type: type, key: key)))]))
            if response.succeeded {
                pod.resourceVersion = String(response.header.revision)
                return pod
            }
        }
    }

    /// What `ValidatePodBinding` checks, as the plain error (not a Status) kube-apiserver turns into a 500.
    private static func validateBindingTarget(kind: String, name: String) throws {
        var errors: [FieldError] = []
        if !kind.isEmpty && kind != "Node" {
            errors.append(FieldError(.notSupported, "target.kind", value: FieldError.quoted(kind), "supported values: \"Node\", \"<empty>\""))
        }
        if name.isEmpty { errors.append(FieldError(.required, "target.name")) }
        guard !errors.isEmpty else { return }
        let message = errors.count == 1 ? errors[0].description : "[\(errors.map(\.description).joined(separator: ", "))]"
        throw StatusError(code: 500, reason: "", message: message)
    }

    /// Sets the pod's node, merges the annotations and marks it scheduled, refusing what `setPodHostAndAnnotations`
    /// refuses.
    private static func assign(_ pod: inout KubeObject, to node: String, annotations: [String: String], now: String) throws {
        func conflict(_ detail: String) -> StatusError {
            StatusError(
                code: 409, reason: "Conflict",
                message: "Operation cannot be fulfilled on pods/binding \(FieldError.quoted(pod.name)): \(detail)",
                name: pod.name, kind: "pods/binding")
        }
        if pod.deletionTimestamp != nil {
            throw conflict("pod \(pod.name) is being deleted, cannot be assigned to a host")
        }
        if let assigned = pod.spec?["nodeName"]?.stringValue, !assigned.isEmpty {
            throw conflict("pod \(pod.name) is already assigned to node \(FieldError.quoted(assigned))")
        }
        if let gates = pod.spec?["schedulingGates"]?.arrayValue, !gates.isEmpty {
            throw conflict("pod \(pod.name) has non-empty .spec.schedulingGates")
        }
        pod.json[["spec", "nodeName"]] = .string(node)
        for (key, value) in annotations.sorted(by: { $0.key < $1.key }) {
            pod.json[["metadata", "annotations", key]] = .string(value)
        }
        var conditions = pod.json[["status", "conditions"]]?.arrayValue ?? []
        let index = conditions.firstIndex { $0["type"]?.stringValue == "PodScheduled" }
        var transition = JSONValue.string(now)
        if let index, conditions[index]["status"]?.stringValue == "True", let old = conditions[index]["lastTransitionTime"] {
            transition = old
        }
        let condition: JSONValue = [
            "type": "PodScheduled", "status": "True", "lastProbeTime": .null, "lastTransitionTime": transition,
        ]
        if let index { conditions[index] = condition } else { conditions.append(condition) }
        pod.json[["status", "conditions"]] = .array(conditions)
    }
}
