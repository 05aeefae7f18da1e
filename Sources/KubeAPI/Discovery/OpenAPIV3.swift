import Crypto
import Foundation

/// The smallest OpenAPI v3 that kubectl 1.32 needs to validate on the server: an index of group-versions and, per
/// group-version, one document whose item paths each carry a `patch` operation with the kind's
/// `x-kubernetes-group-version-kind` and a `fieldValidation` query parameter.
///
/// That is what cli-runtime's `queryParamVerifierV3` looks for (`pkg/resource/query_param_verifier_v3.go`): finding
/// it, `apply`, `create` and `replace` send `fieldValidation=Strict` instead of validating against OpenAPI v2, which
/// KubeSim does not serve. A kind missing from its group-version's document would fail those commands.
///
/// The operations have no `requestBody`, so kubectl's apply and diff find no strategic merge patch support in v3
/// (`patcher.go`, `gvkSupportsPatchOpenAPIV3`) and build their patches from the Go types compiled into kubectl,
/// merge patches for custom resources. There are no schemas, so `kubectl explain` has nothing to show.
public enum OpenAPIV3 {
    /// `GET /openapi/v3`: `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=<HASH>"}, …}}`, every
    /// group-version the catalog serves.
    public static func index(_ catalog: ResourceCatalog) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for group in DiscoveryGroup.all(in: catalog) {
            for version in group.versions {
                let path = version.types[0].groupVersionPath
                let url = "/openapi/v3/\(path)?hash=\(hash(of: document(version.types)))"
                paths[path] = ["serverRelativeURL": .string(url)]
            }
        }
        return ["paths": .object(paths)]
    }

    /// `GET /openapi/v3/<path>` for an index key such as `api/v1` or `apis/apps/v1`; nil when the catalog serves no
    /// such group-version.
    ///
    /// kube-openapi answers a request whose `hash` is not the document's current one with a 301 to the current URL.
    public static func document(_ catalog: ResourceCatalog, path: String) -> JSONValue? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let groupVersion: (group: String, version: String)
        switch (parts.first, parts.count) {
        case ("api", 2): groupVersion = ("", parts[1])
        case ("apis", 3) where !parts[1].isEmpty: groupVersion = (parts[1], parts[2])
        default: return nil
        }
        return DiscoveryGroup.find(in: catalog, group: groupVersion.group, version: groupVersion.version).map { document($0.types) }
    }

    /// The hash in a document's URL: the SHA-512 of its JSON (as `JSONValue.jsonData()` writes it, so it must be
    /// served as written there) in uppercase hex, as kube-openapi's `computeETag` makes it.
    public static func hash(of document: JSONValue) -> String {
        SHA512.hash(data: document.jsonData()).map { String(format: "%02X", $0) }.joined()
    }

    private static func document(_ types: [ResourceType]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for type in types {
            var parameters: [JSONValue] = [pathParameter("name")]
            var path = "/\(type.groupVersionPath)/\(type.plural)/{name}"
            if type.namespaced {
                parameters.append(pathParameter("namespace"))
                path = "/\(type.groupVersionPath)/namespaces/{namespace}/\(type.plural)/{name}"
            }
            paths[path] = ["parameters": .array(parameters), "patch": patchOperation(type)]
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string(ServerVersion().gitVersion)],
            "paths": .object(paths),
        ]
    }

    /// The item path's PATCH with the query parameters kube-apiserver takes on it.
    private static func patchOperation(_ type: ResourceType) -> JSONValue {
        [
            "description": .string("partially update the specified \(type.kind)"),
            "parameters": [
                queryParameter("dryRun", type: "string"), queryParameter("fieldManager", type: "string"),
                queryParameter("fieldValidation", type: "string"), queryParameter("force", type: "boolean"),
            ],
            "responses": ["200": ["description": "OK"], "201": ["description": "Created"]],
            "x-kubernetes-action": "patch",
            "x-kubernetes-group-version-kind": [
                "group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind),
            ],
        ]
    }

    private static func pathParameter(_ name: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string", "uniqueItems": true]]
    }

    private static func queryParameter(_ name: String, type: String) -> JSONValue {
        ["name": .string(name), "in": "query", "schema": ["type": .string(type), "uniqueItems": true]]
    }
}
