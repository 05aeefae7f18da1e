import KubeAPI
import Testing

@Suite("Discovery: aggregated apidiscovery.k8s.io/v2")
struct DiscoveryAggregatedTests {
    static let kubectlAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    @Test(arguments: [
        (kubectlAccept, true),
        ("application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList", true),
        ("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", false),
        ("application/json, */*", false),
        ("application/json,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", false),
        ("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json", false),
        ("", false),
    ])
    func aggregatedDiscoveryIsSentOnlyWhenAskedForFirst(accept: String, expected: Bool) {
        #expect(AggregatedDiscovery.isRequested(byAccept: accept) == expected)
    }

    @Test func noAcceptHeaderGetsLegacyDiscovery() {
        #expect(!AggregatedDiscovery.isRequested(byAccept: nil))
    }

    @Test func coreGroupHasNoNameAndListsPodsWithTheirSubresources() throws {
        let list = AggregatedDiscovery.coreGroupList(ResourceCatalog())
        #expect(list["kind"] == "APIGroupDiscoveryList")
        #expect(list["apiVersion"] == "apidiscovery.k8s.io/v2")
        #expect(list["metadata"] == .emptyObject)
        let items = try #require(list["items"]?.arrayValue)
        #expect(items.count == 1)
        #expect(items[0]["metadata"] == ["creationTimestamp": .null], "the core group's name is empty, so omitted")
        let version = try #require(items[0]["versions"]?.arrayValue?.first)
        #expect(version["version"] == "v1")
        #expect(version["freshness"] == "Current")
        let pods = try #require(DiscoveryFixture.entry(version, "resources", "resource", "pods"))
        #expect(pods["responseKind"] == ["group": "", "version": "", "kind": "Pod"])
        #expect(pods["scope"] == "Namespaced")
        #expect(pods["singularResource"] == "pod")
        #expect(pods["shortNames"] == ["po"])
        #expect(pods["categories"] == ["all"])
        #expect(pods["verbs"] == ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"])
        let subresources = (pods["subresources"]?.arrayValue ?? []).compactMap { $0["subresource"]?.stringValue }
        #expect(subresources == ["attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "status"])
        #expect(DiscoveryFixture.entry(pods, "subresources", "subresource", "eviction") == [
            "subresource": "eviction", "responseKind": ["group": "policy", "version": "v1", "kind": "Eviction"], "verbs": ["create"],
        ])
        #expect(DiscoveryFixture.entry(pods, "subresources", "subresource", "status") == [
            "subresource": "status", "responseKind": ["group": "", "version": "", "kind": "Pod"], "verbs": ["get", "patch", "update"],
        ])
    }

    @Test(arguments: [("nodes", "Cluster"), ("namespaces", "Cluster"), ("persistentvolumes", "Cluster"), ("services", "Namespaced")])
    func scopeFollowsTheResource(resource: String, scope: JSONValue) throws {
        let version = AggregatedDiscovery.coreGroupList(ResourceCatalog())["items"]?.arrayValue?.first?["versions"]?.arrayValue?.first
        #expect(DiscoveryFixture.entry(version, "resources", "resource", resource)?["scope"] == scope)
    }

    @Test func resourcesWithoutShortNamesOrSubresourcesLeaveThemOut() throws {
        let version = AggregatedDiscovery.coreGroupList(ResourceCatalog())["items"]?.arrayValue?.first?["versions"]?.arrayValue?.first
        let secrets = try #require(DiscoveryFixture.entry(version, "resources", "resource", "secrets"))
        #expect(secrets == [
            "resource": "secrets", "responseKind": ["group": "", "version": "", "kind": "Secret"], "scope": "Namespaced",
            "singularResource": "secret",
            "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        ])
    }

    @Test func deploymentsScaleAnswersWithAutoscalingV1Scale() throws {
        let list = AggregatedDiscovery.groupList(ResourceCatalog())
        let apps = try #require(list["items"]?.arrayValue?.first { $0[["metadata", "name"]] == "apps" })
        #expect(apps["metadata"] == ["creationTimestamp": .null, "name": "apps"])
        let deployments = try #require(
            DiscoveryFixture.entry(apps["versions"]?.arrayValue?.first, "resources", "resource", "deployments"))
        #expect(deployments["subresources"] == [
            ["subresource": "scale", "responseKind": ["group": "autoscaling", "version": "v1", "kind": "Scale"],
             "verbs": ["get", "patch", "update"]],
            ["subresource": "status", "responseKind": ["group": "", "version": "", "kind": "Deployment"],
             "verbs": ["get", "patch", "update"]],
        ])
    }

    @Test func groupListHasEveryNamedGroupAndNoCoreGroup() {
        let list = AggregatedDiscovery.groupList(DiscoveryFixture.catalog(DiscoveryFixture.definition()))
        let names = (list["items"]?.arrayValue ?? []).map { $0[["metadata", "name"]]?.stringValue }
        #expect(names == [
            "apiregistration.k8s.io", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy",
            "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io",
            "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io", "flowcontrol.apiserver.k8s.io", "example.com",
        ])
    }

    @Test func registeredCustomResourceNamesItsOwnGroupVersionKind() throws {
        let list = AggregatedDiscovery.groupList(DiscoveryFixture.catalog(DiscoveryFixture.definition()))
        let group = try #require(list["items"]?.arrayValue?.first { $0[["metadata", "name"]] == "example.com" })
        #expect(group["versions"] == [[
            "version": "v1", "freshness": "Current",
            "resources": [[
                "resource": "widgets", "responseKind": ["group": "example.com", "version": "v1", "kind": "Widget"],
                "scope": "Namespaced", "singularResource": "widget", "shortNames": ["wd"],
                "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            ]],
        ]])
    }

    @Test func unregisteringADefinitionRemovesItsGroup() {
        let catalog = DiscoveryFixture.catalog(DiscoveryFixture.definition())
        catalog.unregister(definition: DiscoveryFixture.definition())
        let names = (AggregatedDiscovery.groupList(catalog)["items"]?.arrayValue ?? []).map { $0[["metadata", "name"]] }
        #expect(!names.contains("example.com"))
    }
}
