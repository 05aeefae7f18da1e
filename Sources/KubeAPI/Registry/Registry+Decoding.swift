extension Registry {
    /// What kube-apiserver's decoding does to a request's object before anything else: a value its Go field cannot
    /// hold is a 400 with encoding/json's message; fields the kind does not have are dropped (built-in kinds by
    /// their Kubernetes 1.32 types, custom resources by their structural schema, which also fills `default`s).
    func decoded(_ json: JSONValue, as type: ResourceType) throws -> JSONValue {
        if let mismatch = GoJSONTypes.mismatch(in: json, type: type) {
            throw StatusError.badRequest("\(type.kind) in version \"\(type.version)\" cannot be handled as a \(type.kind): \(mismatch)")
        }
        if let schema = structuralSchema(of: type) {
            return schema.defaulted(schema.pruned(json).object)
        }
        return StrictFields.pruned(json, type: type)
    }

    /// Refuses, under `fieldValidation=Strict`, an object (or patch document) with fields its kind does not have,
    /// with kube-apiserver's strict decoding error.
    func enforceFieldValidation(_ json: JSONValue, type: ResourceType, options: WriteOptions, patch: Bool) throws {
        guard options.fieldValidation == .strict else { return }
        let unknown = unknownFields(in: json, type: type)
        if !unknown.isEmpty { throw StrictFields.decodingError(unknown, type: type, patch: patch) }
    }

    /// The fields of a request's object that its kind does not have, for `fieldValidation`.
    public func unknownFields(in json: JSONValue, type: ResourceType) -> [String] {
        if let schema = structuralSchema(of: type) { return schema.pruned(json).unknown }
        return StrictFields.unknownFields(in: json, type: type)
    }

    /// A custom resource's problems with its version's schema (none for built-in kinds).
    func schemaErrors(_ object: KubeObject, old: KubeObject?, type: ResourceType) -> [FieldError] {
        structuralSchema(of: type)?.validate(object.json, old: old?.json) ?? []
    }

    private func structuralSchema(of type: ResourceType) -> StructuralSchema? {
        catalog.definition(of: type).flatMap { StructuralSchema(definition: $0, version: type.version) }
    }
}
