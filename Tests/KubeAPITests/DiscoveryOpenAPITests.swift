import KubeAPI
import Testing

@Suite("Discovery: OpenAPI v3 and /version")
struct DiscoveryOpenAPITests {
    @Test(arguments: [("pods", "api/v1"), ("deploy", "apis/apps/v1"), ("crd", "apis/apiextensions.k8s.io/v1")])
    func groupVersionPathIsTheIndexKey(type: String, path: String) throws {
        #expect(try #require(ResourceCatalog().type(named: type)).groupVersionPath == path)
    }

    @Test func indexListsEveryGroupVersionWithItsDocumentsHash() throws {
        let catalog = DiscoveryFixture.catalog(DiscoveryFixture.definition())
        let paths = try #require(OpenAPIV3.index(catalog)["paths"]?.objectValue)
        #expect(Set(paths.keys) == Set(catalog.all.map(\.groupVersionPath)))
        #expect(paths.keys.contains("apis/example.com/v1"))
        for (path, entry) in paths {
            let document = try #require(OpenAPIV3.document(catalog, path: path))
            let hash = OpenAPIV3.hash(of: document)
            #expect(entry == ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash)")])
            #expect(hash.count == 128, "SHA-512 in hex, as kube-openapi's computeETag")
            #expect(hash.allSatisfy { "0123456789ABCDEF".contains($0) })
        }
    }

    @Test func hashesAreStableAndFollowTheDocument() throws {
        let catalog = ResourceCatalog()
        #expect(OpenAPIV3.index(catalog) == OpenAPIV3.index(ResourceCatalog()))
        let apps = try #require(OpenAPIV3.document(catalog, path: "apis/apps/v1"))
        let core = try #require(OpenAPIV3.document(catalog, path: "api/v1"))
        #expect(OpenAPIV3.hash(of: apps) == OpenAPIV3.hash(of: apps))
        #expect(OpenAPIV3.hash(of: apps) != OpenAPIV3.hash(of: core))
        catalog.register(definition: DiscoveryFixture.definition(group: "apps.example.com"))
        #expect(OpenAPIV3.document(catalog, path: "apis/apps/v1") == apps, "another group leaves the document as it was")
    }

    /// What cli-runtime's `queryParamVerifierV3.HasSupport` finds for every kind: in its group-version's document,
    /// the first `patch` operation carrying the kind's `x-kubernetes-group-version-kind` takes `fieldValidation`
    /// in the query. Otherwise `kubectl apply` (`--validate=strict`) falls back to OpenAPI v2 and fails.
    @Test func everyKindsPatchTakesFieldValidation() throws {
        let catalog = DiscoveryFixture.catalog(DiscoveryFixture.definition(), DiscoveryFixture.definition(kind: "Gadget", plural: "gadgets"))
        for type in catalog.all {
            let document = try #require(OpenAPIV3.document(catalog, path: type.groupVersionPath))
            #expect(document["openapi"] == "3.0.0")
            let paths = try #require(document["paths"]?.objectValue)
            #expect(paths.keys.allSatisfy { $0.hasPrefix("/") }, "spec3.Paths keeps only keys starting with /")
            let gvk: JSONValue = ["group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind)]
            let patches = paths.values.compactMap { $0["patch"] }.filter { $0["x-kubernetes-group-version-kind"] == gvk }
            #expect(patches.count == 1, "\(type.kind)")
            let parameters = patches.first?["parameters"]?.arrayValue ?? []
            #expect(parameters.contains { $0["name"] == "fieldValidation" && $0["in"] == "query" }, "\(type.kind)")
        }
    }

    @Test func itemPathsFollowTheResourcesScope() throws {
        let core = try #require(OpenAPIV3.document(ResourceCatalog(), path: "api/v1")?["paths"])
        let pod = try #require(core["/api/v1/namespaces/{namespace}/pods/{name}"])
        #expect(pod["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["name", "namespace"])
        #expect(pod[["patch", "x-kubernetes-action"]] == "patch")
        #expect(pod[["patch", "requestBody"]] == nil, "kubectl then builds patches from its compiled-in types")
        let node = try #require(core["/api/v1/nodes/{name}"])
        #expect(node[["patch", "x-kubernetes-group-version-kind"]] == ["group": "", "version": "v1", "kind": "Node"])
    }

    @Test(arguments: ["apis/nope.io/v1", "api/v2", "apis/apps", "apis//v1", "api", "", "apis/apps/v1/extra"])
    func unservedPathsHaveNoDocument(path: String) {
        #expect(OpenAPIV3.document(ResourceCatalog(), path: path) == nil)
    }

    @Test func versionAnswersAsKubernetes132() throws {
        let version = ServerVersion().json
        #expect(Set(try #require(version.objectValue).keys) == [
            "major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform",
        ])
        #expect(version["major"] == "1")
        #expect(version["minor"] == "32")
        let gitVersion = try #require(version["gitVersion"]?.stringValue)
        #expect(gitVersion.hasPrefix("v1.32."), "kubectl version parses it as a semantic version")
        #expect(version["platform"]?.stringValue?.split(separator: "/").count == 2)
    }
}
