import Foundation
import KubeAPI
import KubeOpenAPI

extension Registry {
    /// The embedded `POST .../eviction`.
    func evict(namespace: String, name: String) async throws {
        _ = try await evict(namespace: namespace, name: name, options: DeleteOptions())
    }

    /// The embedded `PUT .../approval`, as `kubesim serve` answers it: only the conditions change.
    func updateApproval(_ name: String, object: JSONValue) async throws -> KubeObject {
        let type = BuiltinResources.certificateSigningRequests
        var stored = try await get(type, namespace: nil, name: name).json
        stored[["status", "conditions"]] = object[["status", "conditions"]]
        stored[["metadata", "resourceVersion"]] = object[["metadata", "resourceVersion"]]
        return try await replaceStatus(type, namespace: nil, name: name, object: stored, options: WriteOptions(fieldManager: "kubectl"))
    }

    /// The embedded answers to `GET <path>` for the server's own documents, built from the catalog as
    /// `kubesim serve`'s discovery handler builds them; other paths answer 404 as kube-apiserver does.
    func serverDocument(_ path: String) async throws -> JSONValue {
        let segments = path.split(separator: "/").map(String.init)
        let document: JSONValue?
        switch segments.first {
        case "version" where segments.count == 1:
            document = ServerVersion().json
        case "api" where segments.count == 1:
            document = LegacyDiscovery.apiVersions(serverAddress: "")
        case "api" where segments.count == 2:
            document = LegacyDiscovery.apiResourceList(catalog, group: "", version: segments[1])
        case "apis" where segments.count == 1:
            document = LegacyDiscovery.apiGroupList(catalog)
        case "apis" where segments.count == 2:
            document = LegacyDiscovery.apiGroup(catalog, name: segments[1])
        case "apis" where segments.count == 3:
            document = LegacyDiscovery.apiResourceList(catalog, group: segments[1], version: segments[2])
        case "openapi" where segments == ["openapi", "v3"]:
            document = OpenAPIV3Service(catalog: catalog).index()
        case "openapi" where segments.count > 2 && segments[1] == "v3":
            let data = OpenAPIV3Service(catalog: catalog).document(path: segments.dropFirst(2).joined(separator: "/"))
            document = try data.map { try JSONValue.parse(json: $0, maxDepth: NestingLimit.stored) }
        default:
            document = nil
        }
        guard let document else { throw StatusError.unknownPath }
        return document
    }
}
