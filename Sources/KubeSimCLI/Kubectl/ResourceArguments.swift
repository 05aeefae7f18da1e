import KubeAPI

/// The objects kubectl's TYPE and NAME arguments name: `TYPE`, `TYPE NAME...`, `TYPE1,TYPE2`, `TYPE/NAME...`,
/// and `all` for the types in the "all" category.
struct ResourceArguments {
    /// A type and the names asked for (empty: every object of the type).
    struct Selection {
        var type: ResourceType
        var names: [String]
        /// The namespace the objects were named in (objects read from files), else nil for the command's.
        var namespace: String?
    }

    var selections: [Selection]
    /// Whether more than one type was asked for (kubectl then prints `TYPE/NAME`).
    var multipleTypes: Bool { Set(selections.map(\.type)).count > 1 }

    /// The objects documents read with `-f` or `-k` name: one selection per run of documents of one type and
    /// namespace, in order.
    /// - Throws: `CommandError` with kubectl's message for a kind the catalog does not have.
    init(documents: [ManifestDocument], namespace: String?, catalog: ResourceCatalog) throws {
        var selections: [Selection] = []
        for document in documents {
            let object = KubeObject(document.object)
            guard let type = catalog.type(apiVersion: object.apiVersion, kind: object.kind) else {
                throw CommandError(
                    "resource mapping not found for name: \(FieldError.quoted(object.name)) namespace: \(FieldError.quoted(object.namespace ?? "")) from \(FieldError.quoted(document.source)): no matches for kind \(FieldError.quoted(object.kind)) in version \(FieldError.quoted(object.apiVersion))\nensure CRDs are installed first")
            }
            let scope = type.namespaced ? object.namespace ?? namespace ?? "default" : nil
            if let last = selections.indices.last, selections[last].type == type, selections[last].namespace == scope {
                selections[last].names.append(object.name)
            } else {
                selections.append(Selection(type: type, names: [object.name], namespace: scope))
            }
        }
        self.selections = selections
    }

    /// Resolves the arguments against the catalog.
    /// - Throws: `CommandError` with kubectl's message for an unknown type or a malformed argument.
    init(_ arguments: [String], catalog: ResourceCatalog) throws {
        guard let first = arguments.first else {
            throw CommandError("You must specify the type of resource to get. Use \"kubesim api-resources\" for a complete list of supported resources.")
        }
        func resolve(_ name: String) throws -> [ResourceType] {
            if name == "all" { return catalog.types(inCategory: "all") }
            guard let type = catalog.type(named: name) else {
                throw CommandError("the server doesn't have a resource type \(FieldError.quoted(name))")
            }
            return [type]
        }
        if arguments.allSatisfy({ $0.contains("/") }) {
            var selections: [Selection] = []
            for argument in arguments {
                let parts = argument.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[1].isEmpty else {
                    throw CommandError("arguments in resource/name form must have a single resource and name")
                }
                for type in try resolve(parts[0]) {
                    if let index = selections.firstIndex(where: { $0.type == type }) {
                        selections[index].names.append(parts[1])
                    } else {
                        selections.append(Selection(type: type, names: [parts[1]]))
                    }
                }
            }
            self.selections = selections
            return
        }
        if arguments.contains(where: { $0.contains("/") }) {
            throw CommandError("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubesim get resource/<resource_name>' instead of 'kubesim get resource resource/<resource_name>'")
        }
        let names = Array(arguments.dropFirst())
        var types: [ResourceType] = []
        for name in first.split(separator: ",").map(String.init) {
            for type in try resolve(name) where !types.contains(type) { types.append(type) }
        }
        selections = types.map { Selection(type: $0, names: names) }
    }
}
