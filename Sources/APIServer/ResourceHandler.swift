import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI

/// Serves the verbs on resource paths through the registry: get, list, watch, create, update, patch, delete
/// and deletecollection, the `scale`, `binding`, `eviction`, pods' `ephemeralcontainers` and namespaces' `finalize`
/// subresources, reads and writes of `status` and pods' `log` (`apiserver/pkg/endpoints/handlers`); pods' `exec`,
/// `attach` and `portforward` reach here only when they did not upgrade their connection (``PodStreamUpgradeHandler``).
struct ResourceHandler: Sendable {
    let registry: Registry
    let watches: WatchResponder
    let podLogs: PodLogHandler

    func respond(to request: Request, path: ResourcePath, origin: RequestOrigin) async throws -> Response {
        if path.group.isEmpty && path.resource == "bindings", let namespace = path.namespace, path.name == nil {
            // The legacy form of `pods/<name>/binding`, named by the Binding's own name (`LegacyBindingREST`).
            guard request.method == .post else {
                throw StatusError.methodNotAllowed("the server does not allow this method on the requested resource")
            }
            return try await bind(request, namespace: namespace, name: nil)
        }
        guard let type = registry.catalog.type(group: path.group, version: path.version, plural: path.resource),
            path.namespace == nil || type.namespaced
        else { throw StatusError.unknownPath }
        let query = QueryParameters(request.uri.query)
        let negotiation = ContentNegotiation(accept: request.headers[.accept])
        if type == BuiltinResources.componentStatuses {
            return try await componentStatuses(request, name: path.name, subresource: path.subresource, query: query, negotiation: negotiation)
        }
        let namespace = path.namespace
        if type.namespaced && namespace == nil && (path.name != nil || request.method == .post) {
            throw StatusError.unknownPath
        }
        if path.subresource == nil, let verb = Self.verb(request.method, named: path.name != nil, watch: query.flag("watch")),
            !type.verbs.contains(verb) {
            throw StatusError.methodNotAllowed("the server does not allow this method on the requested resource")
        }
        switch (request.method, path.name, path.subresource) {
        case (.get, nil, nil):
            if query.flag("watch") {
                return try await watches.respond(
                    type: type, namespace: namespace, query: query, negotiation: negotiation, client: origin.client,
                    departure: origin.departure)
            }
            return try await list(type, namespace: namespace, query: query, negotiation: negotiation)
        case (.get, let name?, nil), (.get, let name?, "status"):
            let object = try await registry.get(type, namespace: namespace, name: name)
            return try await objectResponse(object, type: type, query: query, negotiation: negotiation)
        case (.get, let name?, "scale"):
            return APIResponse.json(try await registry.getScale(type, namespace: namespace, name: name).json)
        case (.post, nil, nil):
            let (body, duplicates) = try await decodeObject(request)
            let warnings = try FieldValidation(query).check(
                body, type: type, patch: false, unknown: registry.unknownFields(in: body, type: type), duplicateFields: duplicates)
            let object = try await registry.create(type, namespace: namespace, object: body, options: writeOptions(request, query))
            return APIResponse.json(object.json, status: 201, warnings: warnings)
        case (let method, let name?, "log") where type == BuiltinResources.pods:
            guard method == .get else {
                throw StatusError.methodNotAllowed("the server does not allow this method on the requested resource")
            }
            return try await podLogs.respond(
                namespace: namespace ?? "default", name: name, query: query, departure: origin.departure)
        case (.post, let name?, "binding") where type == BuiltinResources.pods:
            return try await bind(request, namespace: namespace ?? "default", name: name)
        case (.post, let name?, "eviction") where type == BuiltinResources.pods:
            // kube-apiserver answers a create that returns a Status with that Status, its code set to 201.
            try await registry.evict(
                namespace: namespace, name: name, eviction: try await decodeObject(request).value,
                dryRun: query.all("dryRun").contains("All"))
            return APIResponse.json(
                ["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success", "code": 201], status: 201)
        case (.put, let name?, nil):
            let (body, duplicates) = try await decodeObject(request)
            let warnings = try FieldValidation(query).check(
                body, type: type, patch: false, unknown: registry.unknownFields(in: body, type: type), duplicateFields: duplicates)
            let object = try await registry.update(
                type, namespace: namespace, name: name, object: body, options: writeOptions(request, query))
            return APIResponse.json(object.json, warnings: warnings)
        case (.put, let name?, "status"):
            let object = try await registry.replaceStatus(
                type, namespace: namespace, name: name, object: try await decodeObject(request).value, options: writeOptions(request, query))
            return APIResponse.json(object.json)
        case (.patch, let name?, "status"):
            guard let contentType = request.headers[.contentType], let patchType = PatchType(contentType: contentType) else {
                throw PatchType.unsupportedMediaType(accepted: PatchType.accepted(for: type))
            }
            let object = try await registry.patchStatus(
                type, namespace: namespace, name: name, patchType: patchType, body: try await RequestBodyReader.read(request.body),
                options: writeOptions(request, query))
            return APIResponse.json(object.json)
        case (.put, let name?, "approval") where type == BuiltinResources.certificateSigningRequests:
            // Only the conditions change (the approval strategy); the certificate stays the signer's.
            var stored = try await registry.get(type, namespace: nil, name: name).json
            stored[["status", "conditions"]] = try await decodeObject(request).value[["status", "conditions"]]
            let object = try await registry.replaceStatus(type, namespace: nil, name: name, object: stored, options: writeOptions(request, query))
            return APIResponse.json(object.json)
        case (.put, let name?, "finalize") where type == BuiltinResources.namespaces:
            let object = try await registry.finalizeNamespace(
                name, object: try await decodeObject(request).value, options: writeOptions(request, query))
            return APIResponse.json(object.json)
        case (.put, let name?, "scale"):
            let scale = try await registry.updateScale(
                type, namespace: namespace, name: name, scale: try await decodeObject(request).value,
                options: writeOptions(request, query))
            return APIResponse.json(scale.json)
        case (.patch, let name?, let subresource) where subresource == nil || subresource == "scale":
            let patchType = try Self.patchType(request, type: type)
            let body = try await RequestBodyReader.read(request.body)
            var options = writeOptions(request, query)
            if patchType == .apply {
                guard query["fieldManager"].map({ !$0.isEmpty }) ?? false else {
                    throw StatusError.badRequest("fieldManager is required for apply requests")
                }
                options.force = query.flag("force")
            }
            if subresource == "scale" {
                let scale = try await registry.patchScale(
                    type, namespace: namespace, name: name, patchType: patchType, body: body, options: options)
                return APIResponse.json(scale.json)
            }
            var warnings: [String] = []
            if patchType != .json, let document = Self.patchDocument(body, patchType: patchType) {
                warnings = try FieldValidation(query).check(
                    document.value, type: type, patch: true,
                    unknown: registry.unknownFields(in: StrictFields.withoutDeletions(document.value), type: type),
                    duplicateFields: document.duplicateFields)
            }
            let (object, created) = try await registry.patch(
                type, namespace: namespace, name: name, patchType: patchType, body: body, options: options)
            return APIResponse.json(object.json, status: created ? 201 : 200, warnings: warnings)
        case (.delete, let name?, nil):
            let (options, orphanDependentsFalse) = try await deleteOptions(request, query)
            let object = try await registry.delete(type, namespace: namespace, name: name, options: options)
            return deleteResponse(object, type: type, orphanDependentsFalse: orphanDependentsFalse)
        case (.delete, nil, nil):
            return try await deleteCollection(type, namespace: namespace, request: request, query: query)
        case (.get, let name?, "ephemeralcontainers") where type == BuiltinResources.pods:
            return APIResponse.json(try await registry.get(type, namespace: namespace, name: name).json)
        case (let method, let name?, "ephemeralcontainers") where type == BuiltinResources.pods && (method == .patch || method == .put):
            let patchType = try method == .put ? nil : Self.patchType(request, type: type)
            let pod = try await registry.updateEphemeralContainers(
                namespace: namespace ?? "default", name: name, patchType: patchType,
                body: try await RequestBodyReader.read(request.body), options: writeOptions(request, query))
            return APIResponse.json(pod.json)
        case (_, let name?, let subresource?) where type == BuiltinResources.pods && PodStreamRequest.subresources.contains(subresource):
            // exec, attach and portforward that did not upgrade their connection (PodStreamUpgradeHandler).
            do {
                throw try await PodStreamRequest.resolve(
                    registry: registry, namespace: namespace ?? "default", name: name, subresource: subresource, query: query
                ).plainHTTPFailure()
            } catch let notFound as ContainerNotFound {
                return Response(
                    status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: notFound.message)))
            }
        case (_, _, nil):
            throw StatusError.methodNotAllowed("the server does not allow this method on the requested resource")
        default:
            throw StatusError.unknownPath
        }
    }

    /// The API verb a request on a resource path is (kube-apiserver's request info): nil for methods that are none.
    private static func verb(_ method: HTTPRequest.Method, named: Bool, watch: Bool) -> String? {
        switch method {
        case .get: watch ? "watch" : named ? "get" : "list"
        case .post: "create"
        case .put: "update"
        case .patch: "patch"
        case .delete: named ? "delete" : "deletecollection"
        default: nil
        }
    }

    /// The patch type a PATCH's Content-Type names.
    private static func patchType(_ request: Request, type: ResourceType) throws -> PatchType {
        guard let contentType = request.headers[.contentType], let patchType = PatchType(contentType: contentType) else {
            throw PatchType.unsupportedMediaType(accepted: PatchType.accepted(for: type))
        }
        return patchType
    }

    // MARK: - Reads

    private func list(
        _ type: ResourceType, namespace: String?, query: QueryParameters, negotiation: ContentNegotiation
    ) async throws -> Response {
        let version = try Self.listOptions(query).listVersion()
        let selectors = try Selectors(query, type: type)
        let limit = Int64(query["limit"] ?? "") ?? 0
        let continueToken = query["continue"].flatMap { $0.isEmpty ? nil : $0 }
        guard negotiation.wantsTable else {
            // A whole list is written as it is read; a page, a filtered or converted list is read first.
            if limit == 0, continueToken == nil, selectors.labels.isEverything, selectors.fields.isEverything,
                type.conversion == nil
            {
                let batches = try await registry.listJSONBatches(type, namespace: namespace, version: version)
                return APIResponse.jsonList(
                    kind: type.kind + "List", apiVersion: type.apiVersion,
                    metadata: Self.listMetadata(batches.resourceVersion, nil, nil), batches: batches)
            }
            let page = try await registry.listJSON(
                type, namespace: namespace, labelSelector: selectors.labels, fieldSelector: selectors.fields,
                limit: limit, continueToken: continueToken, version: version)
            return APIResponse.jsonList(kind: type.kind + "List", apiVersion: type.apiVersion, metadata: Self.listMetadata(page.resourceVersion, page.continueToken, page.remainingItemCount), items: page.items)
        }
        let list = try await registry.list(
            type, namespace: namespace, labelSelector: selectors.labels, fieldSelector: selectors.fields,
            limit: limit, continueToken: continueToken, version: version)
        var table = TableConverter.table(
            for: list.items, type: type, printerColumns: try await printerColumns(for: type),
            resourceVersion: list.resourceVersion, includeObject: includeObject(query), now: Date())
        table["metadata"] = Self.listMetadata(list.resourceVersion, list.continueToken, list.remainingItemCount)
        return APIResponse.json(table, contentType: ContentNegotiation.table)
    }

    /// A list's `metadata`: its resourceVersion, and the continue token and remaining count of a page.
    private static func listMetadata(_ resourceVersion: String, _ continueToken: String?, _ remainingItemCount: Int64?) -> JSONValue {
        var metadata: JSONValue = ["resourceVersion": .string(resourceVersion)]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        if let remainingItemCount { metadata["remainingItemCount"] = .int(remainingItemCount) }
        return metadata
    }

    /// `componentstatuses`: get and list only (not watch), answered from probes, with the deprecation warning.
    private func componentStatuses(
        _ request: Request, name: String?, subresource: String?, query: QueryParameters, negotiation: ContentNegotiation
    ) async throws -> Response {
        guard request.method == .get, subresource == nil, !(name == nil && query.flag("watch")) else {
            throw StatusError.methodNotAllowed("the server does not allow this method on the requested resource")
        }
        let type = BuiltinResources.componentStatuses
        let warnings = [Registry.componentStatusWarning]
        let items = if let name { [try await registry.componentStatus(name)] } else { await registry.componentStatuses() }
        if negotiation.wantsTable {
            let table = TableConverter.table(
                for: items, type: type, printerColumns: nil, resourceVersion: "", includeObject: includeObject(query), now: Date())
            return APIResponse.json(table, contentType: ContentNegotiation.table, warnings: warnings)
        }
        if name != nil { return APIResponse.json(items[0].json, warnings: warnings) }
        return APIResponse.json(
            ["kind": "ComponentStatusList", "apiVersion": "v1", "metadata": .emptyObject, "items": .array(items.map(\.json))],
            warnings: warnings)
    }

    /// The list options of a query (`resourceVersion`, `resourceVersionMatch`, `continue`, `sendInitialEvents`).
    static func listOptions(_ query: QueryParameters) -> ListOptions {
        ListOptions(
            resourceVersion: query["resourceVersion"] ?? "", resourceVersionMatch: query["resourceVersionMatch"] ?? "",
            continueToken: query["continue"] ?? "", sendInitialEvents: query["sendInitialEvents"])
    }

    private func objectResponse(
        _ object: KubeObject, type: ResourceType, query: QueryParameters, negotiation: ContentNegotiation
    ) async throws -> Response {
        guard negotiation.wantsTable else { return APIResponse.json(object.json) }
        let table = TableConverter.table(
            for: [object], type: type, printerColumns: try await printerColumns(for: type),
            resourceVersion: object.resourceVersion ?? "", includeObject: includeObject(query), now: Date())
        return APIResponse.json(table, contentType: ContentNegotiation.table)
    }

    private func printerColumns(for type: ResourceType) async throws -> [CustomResourceColumn]? {
        try await Self.printerColumns(for: type, registry: registry)
    }

    /// A custom resource's `additionalPrinterColumns`, from its definition; nil for built-in kinds.
    static func printerColumns(for type: ResourceType, registry: Registry) async throws -> [CustomResourceColumn]? {
        guard !BuiltinResources.all.contains(type),
            let definitions = registry.catalog.type(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"),
            let definition = try? await registry.get(definitions, namespace: nil, name: "\(type.plural).\(type.group)")
        else { return nil }
        return CustomResourceColumn.columns(fromDefinition: definition.json, version: type.version)
    }

    private func includeObject(_ query: QueryParameters) -> TableObjectInclusion {
        query["includeObject"].flatMap(TableObjectInclusion.init(rawValue:)) ?? .metadata
    }

    // MARK: - Writes

    /// The object a create or update sends, as JSON or YAML, and the fields a JSON body repeats.
    private func decodeObject(_ request: Request) async throws -> (value: JSONValue, duplicateFields: [String]) {
        let contentType = request.headers[.contentType] ?? ContentNegotiation.json
        let body = try await RequestBodyReader.read(request.body)
        if contentType.hasPrefix(KubernetesProtobuf.contentType) { return (try KubernetesProtobuf.decodeObject(body), []) }
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/yaml") else {
            throw StatusError(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf")
        }
        do {
            if contentType.hasPrefix("application/yaml") {
                return (try JSONValue.parseYAMLDocuments(String(decoding: body, as: UTF8.self)).first ?? .null, [])
            }
            return try JSONValue.parseNotingDuplicates(json: body)
        } catch {
            throw StatusError.badRequest("the body of the request could not be decoded: \(error)")
        }
    }

    /// Binds a pod (`POST …/pods/<name>/binding`, or `…/bindings` with the name from the body) and answers the
    /// `Status` of success kube-apiserver's create handler gives a subresource that returns one: code 201.
    private func bind(_ request: Request, namespace: String, name: String?) async throws -> Response {
        let body = try await decodeObject(request).value
        let query = QueryParameters(request.uri.query)
        try await registry.bind(
            namespace: namespace, name: name ?? body[["metadata", "name"]]?.stringValue ?? "", binding: body,
            options: writeOptions(request, query))
        return APIResponse.json(
            ["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success", "code": 201], status: 201)
    }

    /// A merge, strategic or apply patch as the object it partly is, and the fields a JSON one repeats; nil when
    /// it does not parse (the registry then answers the decoding error).
    private static func patchDocument(_ body: Data, patchType: PatchType) -> (value: JSONValue, duplicateFields: [String])? {
        if patchType == .apply {
            return (try? JSONValue.parseYAMLDocuments(String(decoding: body, as: UTF8.self)).first).map { ($0, []) }
        }
        return try? JSONValue.parseNotingDuplicates(json: body)
    }

    /// `dryRun` and `fieldManager`; without one, the manager is the client's User-Agent product, as
    /// kube-apiserver names it (`kubectl`, `curl`).
    private func writeOptions(_ request: Request, _ query: QueryParameters) -> WriteOptions {
        let agent = request.headers[.userAgent]?.split(separator: "/").first.map(String.init)
        let manager = query["fieldManager"].flatMap { $0.isEmpty ? nil : $0 } ?? agent ?? "unknown"
        return WriteOptions(dryRun: query.all("dryRun").contains("All"), fieldManager: manager)
    }

    /// `metav1.DeleteOptions` from the body and the query.
    /// The request's DeleteOptions, and whether they carried the deprecated `orphanDependents: false`.
    private func deleteOptions(
        _ request: Request, _ query: QueryParameters
    ) async throws -> (DeleteOptions, orphanDependentsFalse: Bool) {
        let body = try await RequestBodyReader.read(request.body)
        var options = DeleteOptions(dryRun: query.all("dryRun").contains("All"))
        var orphanDependentsFalse = query["orphanDependents"] == "false"
        var policy = query["propagationPolicy"]
        if let grace = query["gracePeriodSeconds"] {
            guard let seconds = Int64(grace) else {
                throw StatusError.badRequest("gracePeriodSeconds: invalid value \"\(grace)\": not an integer")
            }
            options.gracePeriodSeconds = seconds
        }
        if !body.isEmpty {
            let json: JSONValue
            do { json = try JSONValue.parse(json: body) } catch {
                throw StatusError.badRequest("the body of the request could not be decoded as DeleteOptions: \(error)")
            }
            policy = json["propagationPolicy"]?.stringValue ?? policy
            if json["orphanDependents"]?.boolValue == true { policy = PropagationPolicy.orphan.rawValue }
            if json["orphanDependents"]?.boolValue == false { orphanDependentsFalse = true }
            options.uid = json[["preconditions", "uid"]]?.stringValue
            options.resourceVersion = json[["preconditions", "resourceVersion"]]?.stringValue
            if let grace = json["gracePeriodSeconds"]?.intValue { options.gracePeriodSeconds = grace }
            if (json["dryRun"]?.arrayValue ?? []).contains(.string("All")) { options.dryRun = true }
        }
        if let policy {
            guard let parsed = PropagationPolicy(rawValue: policy) else {
                throw StatusError.badRequest(
                    "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
            }
            options.propagationPolicy = parsed
        }
        return (options, orphanDependentsFalse)
    }

    /// What a delete answers (kube-apiserver's `DeleteResource`): the object as marked while it waits for
    /// finalizers, 200 (202 only for the deprecated `orphanDependents: false`); the object for kinds
    /// kube-apiserver returns (pods, namespaces); else a `Status` of success.
    private func deleteResponse(_ object: KubeObject, type: ResourceType, orphanDependentsFalse: Bool) -> Response {
        if object.deletionTimestamp != nil && !object.finalizers.isEmpty {
            return APIResponse.json(object.json, status: orphanDependentsFalse ? 202 : 200)
        }
        if type.group.isEmpty && (type.kind == "Pod" || type.kind == "Namespace") { return APIResponse.json(object.json) }
        return APIResponse.success(object, type: type)
    }

    private func deleteCollection(
        _ type: ResourceType, namespace: String?, request: Request, query: QueryParameters
    ) async throws -> Response {
        let selectors = try Selectors(query, type: type)
        let (options, _) = try await deleteOptions(request, query)
        let list = try await registry.list(
            type, namespace: namespace, labelSelector: selectors.labels, fieldSelector: selectors.fields)
        var deleted: [JSONValue] = []
        for object in list.items {
            do {
                deleted.append(try await registry.delete(type, namespace: object.namespace, name: object.name, options: options).json)
            } catch let error as StatusError where error.code == 404 {
                continue
            }
        }
        return APIResponse.json([
            "kind": .string(type.kind + "List"), "apiVersion": .string(type.apiVersion),
            "metadata": ["resourceVersion": .string(list.resourceVersion)], "items": .array(deleted),
        ])
    }
}

/// `fieldValidation`: what to do with fields the kind does not have: `Strict` refuses the request (400),
/// `Warn` (kube-apiserver's default) answers with `Warning` headers, `Ignore` drops them silently.
struct FieldValidation {
    enum Directive: String { case strict = "Strict", warn = "Warn", ignore = "Ignore" }

    let directive: Directive

    init(_ query: QueryParameters) throws {
        let value = query["fieldValidation"] ?? ""
        guard let directive = value.isEmpty ? .warn : Directive(rawValue: value) else {
            throw StatusError.badRequest(
                "fieldValidation parameter unsupported: \(value), valid options are: Ignore, Warn, Strict")
        }
        self.directive = directive
    }

    /// The warnings to answer with: the fields the body repeats (`duplicateFields`), then those the kind lacks
    /// (`unknown`).
    /// - Throws: the strict decoding error.
    func check(_ object: JSONValue, type: ResourceType, patch: Bool, unknown: [String], duplicateFields: [String] = []) throws -> [String] {
        guard directive != .ignore else { return [] }
        guard !unknown.isEmpty || !duplicateFields.isEmpty else { return [] }
        if directive == .strict {
            throw StrictFields.decodingError(unknown, duplicates: duplicateFields, type: type, patch: patch)
        }
        return duplicateFields.map { "duplicate field \"\($0)\"" } + unknown.map { "unknown field \"\($0)\"" }
    }
}

/// The `labelSelector` and `fieldSelector` of a request; a malformed one is a 400.
struct Selectors {
    var labels: LabelSelector
    var fields: FieldSelector

    init(_ query: QueryParameters, type: ResourceType) throws {
        do {
            labels = try query["labelSelector"].map(LabelSelector.init(parsing:)) ?? .everything
            fields = try query["fieldSelector"].map { try FieldSelector(parsing: $0, for: type) } ?? .everything
        } catch let error as StatusError {
            throw error
        } catch {
            throw StatusError.badRequest("unable to parse requirement: \(error)")
        }
    }
}
