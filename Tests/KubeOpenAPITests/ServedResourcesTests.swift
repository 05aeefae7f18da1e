import Foundation
import KubeAPI
import Testing

@testable import KubeOpenAPI

/// The resources a kubeadm 1.32 cluster serves, read from kube-apiserver 1.32's published OpenAPI v3 documents
/// (every GA group-version: alpha and beta ones are off by default in 1.32), against the catalog: the same
/// group-versions, and in each the same resources with the same kind and scope, so `kubectl api-versions` and
/// `kubectl api-resources` list what a 1.32 cluster lists.
@Suite("The served resources are kube-apiserver 1.32's")
struct ServedResourcesTests {
    struct Resource: Hashable, CustomStringConvertible {
        var groupVersion: String
        var plural: String
        var kind: String
        var namespaced: Bool
        var description: String { "\(groupVersion) \(plural) \(kind) namespaced=\(namespaced)" }
    }

    /// Every resource path of a published GA document (`/<gv>/[namespaces/{namespace}/]<plural>[/{name}]`) whose
    /// operations carry a group-version-kind.
    static func published() throws -> Set<Resource> {
        var result = Set<Resource>()
        for path in PublishedSpec.v3Paths where path.range(of: #"v\d+(alpha|beta)\d+$"#, options: .regularExpression) == nil {
            let document = try JSONValue.parse(json: try #require(PublishedSpec.v3Document(path: path)))
            let groupVersion = String(path.split(separator: "/").dropFirst().joined(separator: "/"))
            var namespacedByPlural: [String: (kind: String, namespaced: Bool)] = [:]
            for (route, item) in document["paths"]?.objectValue ?? [:] where !route.contains("/watch/") {
                let rest = route.dropFirst(path.count + 2).split(separator: "/").map(String.init)
                let namespaced = rest.first == "namespaces" && rest.count >= 3 && rest[1] == "{namespace}"
                let tail = namespaced ? Array(rest.dropFirst(2)) : rest
                guard let plural = tail.first, tail.count <= 2, tail.count == 1 || tail[1] == "{name}" else { continue }
                if plural == "namespaces" && namespaced { continue }
                let kinds = (item.objectValue ?? [:]).values.compactMap { $0["x-kubernetes-group-version-kind"]?["kind"]?.stringValue }
                guard let kind = kinds.first else { continue }
                let known = namespacedByPlural[plural]
                namespacedByPlural[plural] = (kind, (known?.namespaced ?? false) || namespaced)
            }
            for (plural, entry) in namespacedByPlural {
                result.insert(Resource(groupVersion: groupVersion, plural: plural, kind: entry.kind, namespaced: entry.namespaced))
            }
        }
        return result
    }

    @Test func theCatalogServesExactly132sGAResources() throws {
        let published = try Self.published()
        let served = Set(BuiltinResources.all.map {
            Resource(groupVersion: $0.apiVersion, plural: $0.plural, kind: $0.kind, namespaced: $0.namespaced)
        })
        let missing = published.subtracting(served)
        #expect(missing.isEmpty, "not served: \(missing.map(\.description).sorted())")
        #expect(served.subtracting(published).isEmpty, "not in 1.32: \(served.subtracting(published).map(\.description).sorted())")
        #expect(Set(published.map(\.groupVersion)) == Set(BuiltinResources.all.map(\.apiVersion)))
    }
}
