import KubeAPI

/// The OpenAPI v3 paths kube-apiserver publishes for one version of a custom resource, route for route as
/// apiextensions-apiserver's `controller/openapi/builder` declares them: list (also across namespaces), create,
/// deletecollection, read, replace, delete and patch, and the `status` and `scale` subresources the CRD enables.
struct CustomResourcePaths {
    let resource: CustomResourceSchema
    /// Query parameters by name, as the published specification describes them.
    let parameters: [String: JSONValue]

    private var type: ResourceType { resource.type }
    private var kindReference: String { "#/components/schemas/" + resource.definitionName(kind: type.kind) }
    private var listReference: String { "#/components/schemas/" + resource.definitionName(kind: resource.listKind) }
    private static let status = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status"
    private static let patch = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"
    private static let scale = "#/components/schemas/io.k8s.api.autoscaling.v1.Scale"
    private static let deleteOptions = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"

    /// The query parameters each kind of route takes (`endpoints.AddObjectParams` of the options type).
    private static let optionParameters: [String: [String]] = [
        "get": [],
        "list": [
            "allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion",
            "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch",
        ],
        "put": ["dryRun", "fieldManager", "fieldValidation"],
        "post": ["dryRun", "fieldManager", "fieldValidation"],
        "delete": ["dryRun", "gracePeriodSeconds", "ignoreStoreReadErrorWithClusterBreakingPotential", "orphanDependents", "propagationPolicy"],
    ]

    var paths: [String: JSONValue] {
        var paths: [String: [String: JSONValue]] = [:]
        func add(_ root: String, _ path: String, _ method: String, _ operation: JSONValue) {
            if paths[root + path] == nil {
                paths[root + path] = ["parameters": .array(pathParameters(root + path) + [parameters["pretty"]].compactMap { $0 })]
            }
            paths[root + path]![method] = operation
        }
        let base = "/apis/\(type.group)/\(type.version)"
        var root = "\(base)/\(type.plural)"
        if type.namespaced {
            add(root, "", "get", operation("", action: "list", verb: "list", response: listReference, idSuffix: "ForAllNamespaces"))
            root = "\(base)/namespaces/{namespace}/\(type.plural)"
        }
        add(root, "", "get", operation("", action: "list", verb: "list", response: listReference))
        add(root, "", "post", operation("", action: "post", verb: "create", response: kindReference, body: kindReference))
        add(root, "", "delete", operation("", action: "deletecollection", verb: "deletecollection", response: Self.status))
        add(root, "/{name}", "get", operation("", action: "get", verb: "read", response: kindReference))
        add(root, "/{name}", "put", operation("", action: "put", verb: "replace", response: kindReference, body: kindReference))
        add(root, "/{name}", "delete", operation("", action: "delete", verb: "delete", response: Self.status))
        add(root, "/{name}", "patch", operation("", action: "patch", verb: "patch", response: kindReference, body: Self.patch))
        for (subresource, reference) in [("status", kindReference), ("scale", Self.scale)]
        where resource.subresources?[subresource] != nil {
            let path = "/{name}/\(subresource)"
            add(root, path, "get", operation(subresource, action: "get", verb: "read", response: reference))
            add(root, path, "put", operation(subresource, action: "put", verb: "replace", response: reference, body: reference))
            add(root, path, "patch", operation(subresource, action: "patch", verb: "patch", response: reference, body: Self.patch))
        }
        return paths.mapValues { .object($0) }
    }

    /// One route's operation, as `buildRoute` describes it.
    private func operation(
        _ subresource: String, action: String, verb: String, response: String, body: String? = nil, idSuffix: String = ""
    ) -> JSONValue {
        let scope = type.namespaced && idSuffix.isEmpty ? "Namespaced" : ""
        let contentTypes = ["application/json", "application/yaml"]
        var responses: [String: JSONValue] = [
            "200": ["description": "OK", "content": content(contentTypes, response)],
            "401": ["description": "Unauthorized"],
        ]
        switch action {
        case "post":
            responses["201"] = ["description": "Created", "content": content(contentTypes, response)]
            responses["202"] = ["description": "Accepted", "content": content(contentTypes, response)]
        case "delete":
            responses["202"] = ["description": "Accepted", "content": content(contentTypes, response)]
        case "put":
            responses["201"] = ["description": "Created", "content": content(contentTypes, response)]
        default:
            break
        }
        let optionsKind = action == "deletecollection" ? "list" : action == "patch" ? "put" : action
        var fields: [String: JSONValue] = [
            "description": .string(description(verb: verb, subresource: subresource)),
            "operationId": .string(verb + groupVersionIdentifier + scope + type.kind + subresource.capitalizedFirst + idSuffix),
            "parameters": .array((Self.optionParameters[optionsKind] ?? []).compactMap { parameters[$0] }),
            "responses": .object(responses),
            "tags": [.string(tag)],
            "x-kubernetes-action": .string(action),
            "x-kubernetes-group-version-kind": ["group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind)],
        ]
        if let body {
            let types = action == "patch"
                ? ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"] : contentTypes
            fields["requestBody"] = ["content": content(types, body), "required": true]
        } else if action == "delete" {
            fields["requestBody"] = ["content": content(contentTypes, Self.deleteOptions)]
        }
        return .object(fields)
    }

    private func content(_ types: [String], _ reference: String) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: types.map { ($0, ["schema": ["$ref": .string(reference)]]) }))
    }

    private func pathParameters(_ path: String) -> [JSONValue] {
        var result: [JSONValue] = []
        if path.contains("{name}") {
            result.append(pathParameter("name", "name of the \(type.kind)"))
        }
        if path.contains("{namespace}") {
            result.append(pathParameter("namespace", "object name and auth scope, such as for teams and projects"))
        }
        return result
    }

    private func pathParameter(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description),
         "schema": ["type": "string", "uniqueItems": true]]
    }

    /// `descriptionFor`: "read the specified CronTab", "create a CronTab", "partially update status of the specified CronTab".
    private func description(verb: String, subresource: String) -> String {
        let article: String
        switch verb {
        case "list": article = " objects of kind "
        case "read", "replace", "patch": article = " the specified "
        case "create", "delete": article = " " + (type.kind.first.map { "AEIOU".contains($0) } == true ? "an" : "a") + " "
        default: article = ""
        }
        let of = subresource.isEmpty ? "" : " \(subresource) of"
        switch verb {
        case "patch": return "partially update" + of + article + type.kind
        case "deletecollection": return "delete collection of" + (of.isEmpty ? "" : of + " a") + " " + type.kind
        default: return verb + of + article + type.kind
        }
    }

    /// `stable.example.com`, `v1` → `StableExampleComV1` (kube-apiserver's operation IDs).
    private var groupVersionIdentifier: String {
        type.group.split(separator: ".").map { String($0).capitalizedFirst }.joined() + type.version.capitalizedFirst
    }

    /// `stable.example.com`, `v1` → `stableExampleCom_v1`.
    private var tag: String {
        let parts = type.group.split(separator: ".").map(String.init)
        return (parts.first ?? "") + parts.dropFirst().map(\.capitalizedFirst).joined() + "_" + type.version
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
