import Crypto
import Foundation
import KubeAPI
import Synchronization

/// `/openapi/v3` as kube-apiserver serves it: an index of the served group-versions and, per group-version, the
/// published 1.32 document (byte for byte), or for custom resources' group-versions the document built from their
/// definitions' schemas, published while the definition is served and gone when it is deleted.
public struct OpenAPIV3Service: Sendable {
    let catalog: ResourceCatalog
    private static let publishedHashes = Mutex<[String: String]>([:])

    public init(catalog: ResourceCatalog) {
        self.catalog = catalog
    }

    /// `GET /openapi/v3`: `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=<HASH>"}, …}}`.
    public func index() -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for path in Set(catalog.all.map(\.groupVersionPath)) {
            guard let hash = hash(path: path) else { continue }
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash)")]
        }
        return ["paths": .object(paths)]
    }

    /// `GET /openapi/v3/<path>` for an index key such as `api/v1`; nil when no served group-version has that path.
    public func document(path: String) -> Data? {
        let types = catalog.all.filter { $0.groupVersionPath == path }
        guard !types.isEmpty else { return nil }
        let custom = types.compactMap { type in catalog.definition(of: type).flatMap { CustomResourceSchema(type: type, definition: $0) } }
        if custom.isEmpty { return PublishedSpec.v3Document(path: path) }
        return Self.customDocument(custom).jsonData()
    }

    /// The document's hash, as kube-openapi's `computeETag` makes it: SHA-512 of the served bytes, uppercase hex.
    public func hash(path: String) -> String? {
        let isPublished = catalog.all.contains { $0.groupVersionPath == path && catalog.definition(of: $0) == nil }
        if isPublished, let hash = Self.publishedHashes.withLock({ $0[path] }) { return hash }
        guard let data = document(path: path) else { return nil }
        let hash = Self.hash(of: data)
        if isPublished { Self.publishedHashes.withLock { $0[path] = hash } }
        return hash
    }

    static func hash(of data: Data) -> String {
        SHA512.hash(data: data).map { String(format: "%02X", $0) }.joined()
    }

    /// One group-version's custom resources, with the standard schemas their paths refer to.
    static func customDocument(_ resources: [CustomResourceSchema]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        for resource in resources {
            paths.merge(CustomResourcePaths(resource: resource, parameters: PublishedComponents.queryParameters).paths) { a, _ in a }
            schemas[resource.definitionName(kind: resource.type.kind)] = resource.kindSchema(v2: false)
            schemas[resource.definitionName(kind: resource.listKind)] = resource.listSchema(v2: false)
        }
        let prefix = CustomResourceSchema.referencePrefix(v2: false)
        let standard = PublishedComponents.schemas
        let needed = SchemaReferences.closure(
            of: SchemaReferences.names(in: .object(paths), prefix: prefix) + SchemaReferences.names(in: .object(schemas), prefix: prefix),
            in: standard, prefix: prefix)
        for name in needed where schemas[name] == nil { schemas[name] = standard[name] }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes CRD Swagger", "version": "v0.1.0"],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "securitySchemes": ["BearerToken": ["type": "apiKey", "name": "authorization", "in": "header", "description": "Bearer Token authentication"]],
            ],
        ]
    }
}

/// Schemas and query parameters that every group-version shares, read from the published `apps/v1` document,
/// which has them all (meta/v1's and autoscaling/v1's `Scale`).
enum PublishedComponents {
    private static let document: JSONValue = PublishedSpec.v3Document(path: "apis/apps/v1").flatMap { try? JSONValue.parse(json: $0) } ?? .null

    static let schemas: [String: JSONValue] = document["components"]?["schemas"]?.objectValue ?? [:]

    /// Query parameters by name, from the first operation that has each.
    static let queryParameters: [String: JSONValue] = {
        var found: [String: JSONValue] = [:]
        let paths = document["paths"]?.objectValue ?? [:]
        for path in paths.keys.sorted() {
            guard let item = paths[path]?.objectValue else { continue }
            var candidates = item["parameters"]?.arrayValue ?? []
            for method in item.keys.sorted() { candidates += item[method]?["parameters"]?.arrayValue ?? [] }
            for parameter in candidates where parameter["in"]?.stringValue == "query" {
                if let name = parameter["name"]?.stringValue, found[name] == nil { found[name] = parameter }
            }
        }
        return found
    }()
}
