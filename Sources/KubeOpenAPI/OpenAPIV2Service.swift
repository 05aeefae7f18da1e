import Crypto
import Foundation
import KubeAPI
import SwiftProtobuf
import Synchronization

/// `/openapi/v2` as kube-apiserver serves it: the published 1.32 Swagger document cut to the group-versions the
/// catalog serves, with the custom resources' definitions and routes added, as JSON or as the gnostic protobuf
/// client-go asks for (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`).
///
/// Built on first use and again whenever the served types change; the rest of the time both encodings are cached.
public final class OpenAPIV2Service: Sendable {
    /// One encoding of the document and its ETag.
    public struct Encoded: Sendable {
        public let data: Data
        public let etag: String
    }

    private struct Built {
        let fingerprint: String
        let json: Encoded
        let protobuf: Encoded
    }

    private let catalog: ResourceCatalog
    private let built = Mutex<Built?>(nil)

    public init(catalog: ResourceCatalog) {
        self.catalog = catalog
    }

    /// The JSON document.
    public func json() throws -> Encoded { try current().json }

    /// The gnostic `openapi.v2.Document` protobuf.
    public func protobuf() throws -> Encoded { try current().protobuf }

    private func current() throws -> Built {
        let fingerprint = self.fingerprint()
        if let built = built.withLock({ $0 }), built.fingerprint == fingerprint { return built }
        let document = try self.document()
        let json = document.jsonData()
        let protobuf = try GnosticDocument(document).message.serializedData()
        let result = Built(
            fingerprint: fingerprint,
            json: Encoded(data: json, etag: OpenAPIV3Service.hash(of: json)),
            protobuf: Encoded(data: protobuf, etag: OpenAPIV3Service.hash(of: protobuf)))
        built.withLock { $0 = result }
        return result
    }

    /// What the document depends on: the served types and the custom resource definitions behind them.
    private func fingerprint() -> String {
        catalog.all.map { type in
            "\(type.groupVersionPath)/\(type.plural)" + (catalog.definition(of: type).map { "=" + $0.jsonString() } ?? "")
        }.joined(separator: "\n")
    }

    func document() throws -> JSONValue {
        var document = try PublishedSpec.v2Document().objectValue ?? [:]
        let served = Set(catalog.all.map(\.groupVersionPath))
        let servedGroups = Set(catalog.all.map(\.group))
        var paths = (document["paths"]?.objectValue ?? [:]).filter { path, _ in
            Self.isServed(path: path, groupVersions: served, groups: servedGroups)
        }
        var definitions: [String: JSONValue] = [:]
        for type in catalog.all {
            guard let definition = catalog.definition(of: type), let resource = CustomResourceSchema(type: type, definition: definition)
            else { continue }
            definitions[resource.definitionName(kind: type.kind)] = resource.kindSchema(v2: true)
            definitions[resource.definitionName(kind: resource.listKind)] = resource.listSchema(v2: true)
            for (path, item) in CustomResourcePaths(resource: resource, parameters: PublishedComponents.queryParameters).paths {
                paths[path] = SwaggerOperations.definitionReferences(SwaggerOperations.pathItem(item))
            }
        }
        // Every definition a route, a shared parameter or a custom resource's schema refers to, as kube-openapi
        // collects them.
        let prefix = CustomResourceSchema.referencePrefix(v2: true)
        let published = document["definitions"]?.objectValue ?? [:]
        let roots = [JSONValue.object(paths), document["parameters"] ?? .null, .object(definitions)]
            .flatMap { SchemaReferences.names(in: $0, prefix: prefix) }
        for name in SchemaReferences.closure(of: roots, in: published, prefix: prefix) where definitions[name] == nil {
            definitions[name] = published[name]
        }
        document["paths"] = .object(paths)
        document["definitions"] = .object(definitions)
        return .object(document)
    }

    /// Whether kube-apiserver serving these group-versions has a route at this path: resource routes of a served
    /// group-version, a served group's discovery, and the paths of no group (`/version/`, `/api/`, `/logs/`, ...).
    static func isServed(path: String, groupVersions: Set<String>, groups: Set<String>) -> Bool {
        let segments = path.split(separator: "/").map(String.init)
        switch segments.first {
        case "api" where segments.count >= 2:
            return groupVersions.contains("api/\(segments[1])")
        case "apis" where segments.count >= 3:
            return groupVersions.contains("apis/\(segments[1])/\(segments[2])")
        case "apis" where segments.count == 2:
            return groups.contains(segments[1])
        default:
            return true
        }
    }
}
