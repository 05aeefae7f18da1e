import KubeAPI
import Testing

/// Catalogs with custom resources, as the discovery tests register them.
enum DiscoveryFixture {
    /// A CustomResourceDefinition serving `plural`.`group` at `version`.
    static func definition(
        group: String = "example.com", version: String = "v1", kind: String = "Widget", plural: String = "widgets",
        scope: String = "Namespaced", shortNames: [String] = ["wd"]
    ) -> JSONValue {
        [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": .string("\(plural).\(group)")],
            "spec": [
                "group": .string(group), "scope": .string(scope),
                "names": [
                    "plural": .string(plural), "singular": .string(kind.lowercased()), "kind": .string(kind),
                    "shortNames": .array(shortNames.map(JSONValue.string)),
                ],
                "versions": [["name": .string(version), "served": true, "storage": true]],
            ],
        ]
    }

    /// The built-in catalog plus the given definitions.
    static func catalog(_ definitions: JSONValue...) -> ResourceCatalog {
        let catalog = ResourceCatalog()
        for definition in definitions { catalog.register(definition: definition) }
        return catalog
    }

    /// The entry named `name` of an APIResourceList, or the item of a list whose `key` is `name`.
    static func entry(_ list: JSONValue?, _ field: String, _ key: String, _ name: String) -> JSONValue? {
        list?[field]?.arrayValue?.first { $0[key]?.stringValue == name }
    }
}

@Suite("Discovery: legacy documents")
struct DiscoveryLegacyTests {
    @Test func apiNamesTheCoreVersionAndTheServerForEveryClient() {
        #expect(LegacyDiscovery.apiVersions(serverAddress: "127.0.0.1:6443") == [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"]],
        ])
    }

    @Test func coreResourceListHasNoAPIVersionAndListsPodsAsKubeApiserverDoes() throws {
        let list = try #require(LegacyDiscovery.apiResourceList(ResourceCatalog(), group: "", version: "v1"))
        #expect(list["kind"] == "APIResourceList")
        #expect(list["groupVersion"] == "v1")
        #expect(list["apiVersion"] == nil, "kube-apiserver strips the version of /api/v1")
        #expect(DiscoveryFixture.entry(list, "resources", "name", "pods") == [
            "name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
            "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            "shortNames": ["po"], "categories": ["all"],
        ])
        #expect(DiscoveryFixture.entry(list, "resources", "name", "pods/log") == [
            "name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"],
        ])
        #expect(DiscoveryFixture.entry(list, "resources", "name", "pods/eviction") == [
            "name": "pods/eviction", "singularName": "", "namespaced": true, "kind": "Eviction", "verbs": ["create"],
            "group": "policy", "version": "v1",
        ])
        #expect(DiscoveryFixture.entry(list, "resources", "name", "nodes")?["namespaced"] == false)
        #expect(DiscoveryFixture.entry(list, "resources", "name", "secrets")?["shortNames"] == nil, "empty short names are left out")
    }

    @Test func resourcesAreSortedByNameWithSubresourcesAfterTheirResource() throws {
        let list = try #require(LegacyDiscovery.apiResourceList(ResourceCatalog(), group: "", version: "v1"))
        let names = (list["resources"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names == names.sorted())
        #expect(Array(names.drop { $0 != "namespaces" }.prefix(3)) == ["namespaces", "namespaces/finalize", "namespaces/status"])
        #expect(names.filter { $0.hasPrefix("replicationcontrollers") } == [
            "replicationcontrollers", "replicationcontrollers/scale", "replicationcontrollers/status",
        ])
    }

    @Test func appsResourceListCarriesItsAPIVersionAndScaleSubresources() throws {
        let list = try #require(LegacyDiscovery.apiResourceList(ResourceCatalog(), group: "apps", version: "v1"))
        #expect(list["apiVersion"] == "v1")
        #expect(list["groupVersion"] == "apps/v1")
        for resource in ["deployments", "replicasets", "statefulsets"] {
            #expect(DiscoveryFixture.entry(list, "resources", "name", "\(resource)/scale") == [
                "name": .string("\(resource)/scale"), "singularName": "", "namespaced": true, "kind": "Scale",
                "group": "autoscaling", "version": "v1", "verbs": ["get", "patch", "update"],
            ])
        }
        #expect(DiscoveryFixture.entry(list, "resources", "name", "daemonsets/scale") == nil)
        #expect(DiscoveryFixture.entry(list, "resources", "name", "daemonsets/status")?["kind"] == "DaemonSet")
    }

    @Test func groupListOrdersGroupsByPriorityThenName() {
        let catalog = DiscoveryFixture.catalog(
            DiscoveryFixture.definition(group: "zeta.io"), DiscoveryFixture.definition(group: "alpha.io"))
        let list = LegacyDiscovery.apiGroupList(catalog)
        #expect(list["kind"] == "APIGroupList")
        #expect(list["apiVersion"] == "v1")
        let names = (list["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names == [
            "apiregistration.k8s.io", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy",
            "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io",
            "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io", "flowcontrol.apiserver.k8s.io", "alpha.io", "zeta.io",
        ])
        #expect(DiscoveryFixture.entry(list, "groups", "name", "apps") == [
            "name": "apps", "versions": [["groupVersion": "apps/v1", "version": "v1"]],
            "preferredVersion": ["groupVersion": "apps/v1", "version": "v1"],
        ])
        // autoscaling serves v2 (its storage version, preferred) and v1, as kube-apiserver 1.32 lists them.
        #expect(DiscoveryFixture.entry(list, "groups", "name", "autoscaling") == [
            "name": "autoscaling",
            "versions": [["groupVersion": "autoscaling/v2", "version": "v2"], ["groupVersion": "autoscaling/v1", "version": "v1"]],
            "preferredVersion": ["groupVersion": "autoscaling/v2", "version": "v2"],
        ])
    }

    @Test func customResourcesAppearInTheirGroup() throws {
        let catalog = DiscoveryFixture.catalog(DiscoveryFixture.definition(scope: "Cluster"))
        #expect(LegacyDiscovery.apiGroup(catalog, name: "example.com") == [
            "kind": "APIGroup", "apiVersion": "v1", "name": "example.com",
            "versions": [["groupVersion": "example.com/v1", "version": "v1"]],
            "preferredVersion": ["groupVersion": "example.com/v1", "version": "v1"],
        ])
        let list = try #require(LegacyDiscovery.apiResourceList(catalog, group: "example.com", version: "v1"))
        #expect(list["resources"] == [[
            "name": "widgets", "singularName": "widget", "namespaced": false, "kind": "Widget",
            "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], "shortNames": ["wd"],
        ]])
    }

    @Test func versionsOfAGroupPutGABeforeBetaBeforeAlpha() {
        let catalog = DiscoveryFixture.catalog(
            DiscoveryFixture.definition(version: "v1alpha1", kind: "A", plural: "as"),
            DiscoveryFixture.definition(version: "v1", kind: "B", plural: "bs"),
            DiscoveryFixture.definition(version: "v2beta1", kind: "C", plural: "cs"),
            DiscoveryFixture.definition(version: "v1beta2", kind: "D", plural: "ds"))
        let group = LegacyDiscovery.apiGroup(catalog, name: "example.com")
        let versions = (group?["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue }
        #expect(versions == ["v1", "v2beta1", "v1beta2", "v1alpha1"])
        #expect(group?["preferredVersion"]?["version"] == "v1")
    }

    @Test(arguments: [("", "v2"), ("apps", "v1beta1"), ("nope.io", "v1")])
    func unservedGroupVersionsHaveNoDocument(group: String, version: String) {
        #expect(LegacyDiscovery.apiResourceList(ResourceCatalog(), group: group, version: version) == nil)
    }

    @Test func theCoreGroupIsNoNamedGroup() {
        #expect(LegacyDiscovery.apiGroup(ResourceCatalog(), name: "") == nil)
        #expect(LegacyDiscovery.apiGroup(ResourceCatalog(), name: "nope.io") == nil)
    }
}
