import EtcdCore
import Foundation
import KubeAPI
import Testing

@Suite("Registry", .serialized)
struct RegistryTests {
    @Test func bootstrapWritesWhatAFreshAPIServerDoes() async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        #expect(try await fixture.keys() == [
            "/registry/namespaces/default", "/registry/namespaces/kube-node-lease", "/registry/namespaces/kube-public",
            "/registry/namespaces/kube-system", "/registry/ranges/serviceips", "/registry/ranges/servicenodeports",
        ])
        let revision = try await fixture.revision()
        try await fixture.registry.bootstrap()
        #expect(try await fixture.revision() == revision, "a second bootstrap writes nothing")
        await fixture.finish()
    }

    @Test(arguments: [
        (RegistryFixture.pod("web"), "/registry/pods/default/web"),
        (["apiVersion": "v1", "kind": "Node", "metadata": ["name": "n1"]], "/registry/minions/n1"),
        (["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "cfg", "namespace": "kube-system"]],
         "/registry/configmaps/kube-system/cfg"),
        (["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "svc"]], "/registry/services/endpoints/default/svc"),
        (["apiVersion": "v1", "kind": "ReplicationController", "metadata": ["name": "rc"],
          "spec": ["selector": ["a": "b"], "template": ["metadata": ["labels": ["a": "b"]],
                                                         "spec": ["containers": [["name": "c", "image": "i"]]]]]],
         "/registry/controllers/default/rc"),
        (RegistryFixture.deployment("web"), "/registry/deployments/default/web"),
        (["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "reader"], "rules": []],
         "/registry/clusterroles/reader"),
        (["apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": ["name": "ing"],
          "spec": ["defaultBackend": ["service": ["name": "web", "port": ["number": 80]]]]],
         "/registry/ingress/default/ing"),
    ] as [(JSONValue, String)])
    func objectsAreStoredUnderKubeApiserversKeys(object: JSONValue, key: String) async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.create(object)
        let stored = try #require(try await fixture.stored(key))
        #expect(stored[["metadata", "resourceVersion"]] == nil, "the stored value has resourceVersion blanked")
        #expect(stored[["metadata", "uid"]]?.stringValue == created.uid)
        let kv = try #require(try await fixture.store.get(Data(key.utf8)))
        #expect(created.resourceVersion == String(kv.modRevision))
        await fixture.finish()
    }

    @Test func createSetsServerFields() async throws {
        let fixture = try await RegistryFixture()
        let pod = try await fixture.create(RegistryFixture.pod("web"))
        #expect(pod.namespace == "default")
        #expect(pod.uid?.count == 36)
        #expect(pod.creationTimestamp.flatMap(RFC3339Timestamp.date(from:)) != nil)
        #expect(pod.generation == nil, "pods carry no generation in 1.32")
        #expect(pod.json[["status", "phase"]] == "Pending")
        let deployment = try await fixture.create(RegistryFixture.deployment("web"))
        #expect(deployment.generation == 1)
        await fixture.finish()
    }

    @Test func createTwiceIsAlreadyExists() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(RegistryFixture.pod("web"))
        let revision = try await fixture.revision()
        let error = await #expect(throws: StatusError.self) { try await fixture.create(RegistryFixture.pod("web")) }
        #expect(error?.code == 409 && error?.reason == "AlreadyExists")
        #expect(error?.message == #"pods "web" already exists"#)
        #expect(try await fixture.revision() == revision)
        await fixture.finish()
    }

    @Test func createInAMissingNamespaceIsNotFoundAndWritesNothing() async throws {
        let fixture = try await RegistryFixture()
        let revision = try await fixture.revision()
        let error = await #expect(throws: StatusError.self) {
            try await fixture.create(RegistryFixture.pod("web", namespace: "nope"))
        }
        #expect(error?.code == 404 && error?.message == #"namespaces "nope" not found"#)
        #expect(try await fixture.revision() == revision)
        await fixture.finish()
    }

    @Test func namespaceMismatchIsBadRequest() async throws {
        let fixture = try await RegistryFixture()
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.create(fixture.type("pods"), namespace: "kube-system", object: RegistryFixture.pod("web", namespace: "default"))
        }
        #expect(error?.code == 400)
        await fixture.finish()
    }

    @Test func servicesGetClusterIPsAndNodePortsInTheSameCommit() async throws {
        let fixture = try await RegistryFixture()
        let service: JSONValue = [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
            "spec": ["type": "NodePort", "selector": ["app": "web"], "ports": [["port": 80]]],
        ]
        let first = try await fixture.create(service)
        #expect(first.spec?["clusterIP"] == "10.96.1.1")
        #expect(first.spec?["ports"]?.arrayValue?.first?["nodePort"] == 30128)
        var second = service
        second[["metadata", "name"]] = "web2"
        #expect(try await fixture.create(second).spec?["clusterIP"] == "10.96.1.2")
        let ranges = try #require(try await fixture.stored("/registry/ranges/serviceips"))
        #expect(ranges["kind"] == "RangeAllocation" && ranges["range"] == "10.96.0.0/12")
        #expect(try await fixture.stored("/registry/services/specs/default/web") != nil)

        try await fixture.registry.delete(fixture.type("svc"), namespace: "default", name: "web")
        var third = service
        third[["metadata", "name"]] = "web3"
        #expect(try await fixture.create(third).spec?["clusterIP"] == "10.96.1.1", "a deleted service's address is free again")
        await fixture.finish()
    }

    @Test func customResourcesAreServedOnceTheirDefinitionExists() async throws {
        let fixture = try await RegistryFixture()
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "widgets.example.com"],
            "spec": [
                "group": "example.com", "scope": "Namespaced",
                "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wd"]],
                "versions": [["name": "v1", "served": true, "storage": true,
                              "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]]],
            ],
        ]
        try await fixture.create(crd)
        let widget: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w1"], "spec": ["size": 3]]
        try await fixture.create(widget)
        #expect(try await fixture.stored("/registry/example.com/widgets/default/w1") != nil)
        #expect(try await fixture.stored("/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com") != nil)
        #expect(fixture.registry.catalog.type(named: "wd")?.kind == "Widget")

        // A new registry on the same store serves it too.
        let again = Registry(store: fixture.store)
        try await again.bootstrap()
        #expect(again.catalog.type(named: "widgets")?.group == "example.com")

        try await fixture.registry.delete(fixture.type("crd"), namespace: nil, name: "widgets.example.com")
        #expect(try await fixture.stored("/registry/example.com/widgets/default/w1") == nil)
        #expect(fixture.registry.catalog.type(named: "wd") == nil)
        await fixture.finish()
    }

    @Test func updateWithAStaleResourceVersionIsConflict() async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.create(RegistryFixture.deployment("web"))
        var changed = created
        changed.json[["spec", "replicas"]] = 3
        let updated = try await fixture.registry.update(fixture.type("deploy"), namespace: "default", name: "web", object: changed.json)
        #expect(updated.generation == 2)
        #expect(Int(updated.resourceVersion!)! > Int(created.resourceVersion!)!)
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.update(fixture.type("deploy"), namespace: "default", name: "web", object: changed.json)
        }
        #expect(error?.code == 409)
        #expect(error?.message == #"Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again"#)
        await fixture.finish()
    }

    @Test func anUpdateThatChangesNothingWritesNothing() async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.create(RegistryFixture.pod("web"))
        let revision = try await fixture.revision()
        let same = try await fixture.registry.update(fixture.type("po"), namespace: "default", name: "web", object: created.json)
        #expect(same.resourceVersion == created.resourceVersion)
        #expect(try await fixture.revision() == revision)
        await fixture.finish()
    }

    @Test func listFiltersAndPagesConsistently() async throws {
        let fixture = try await RegistryFixture()
        for index in 0..<5 {
            try await fixture.create(RegistryFixture.pod("p\(index)", labels: ["app": index % 2 == 0 ? "even" : "odd"]))
        }
        try await fixture.create(RegistryFixture.pod("other", namespace: "kube-system"))
        let pods = fixture.type("pods")
        #expect(try await fixture.registry.list(pods, namespace: "default").items.count == 5)
        #expect(try await fixture.registry.list(pods, namespace: nil).items.count == 6)
        let even = try await fixture.registry.list(pods, namespace: "default", labelSelector: LabelSelector(parsing: "app=even"))
        #expect(even.items.map(\.name) == ["p0", "p2", "p4"])
        let named = try await fixture.registry.list(
            pods, namespace: nil, fieldSelector: FieldSelector(parsing: "metadata.name=other", for: pods))
        #expect(named.items.map(\.namespace) == ["kube-system"])

        let first = try await fixture.registry.list(pods, namespace: "default", limit: 2)
        #expect(first.items.map(\.name) == ["p0", "p1"] && first.remainingItemCount == 3)
        try await fixture.create(RegistryFixture.pod("p10"))  // after the first page: not in this list
        let second = try await fixture.registry.list(pods, namespace: "default", limit: 2, continueToken: first.continueToken)
        let third = try await fixture.registry.list(pods, namespace: "default", limit: 2, continueToken: second.continueToken)
        #expect(second.items.map(\.name) == ["p2", "p3"] && third.items.map(\.name) == ["p4"] && third.continueToken == nil)
        #expect(second.resourceVersion == first.resourceVersion)
        await fixture.finish()
    }

    @Test func anOldContinueTokenIsExpired() async throws {
        let fixture = try await RegistryFixture()
        for index in 0..<3 { try await fixture.create(RegistryFixture.pod("p\(index)")) }
        let first = try await fixture.registry.list(fixture.type("pods"), namespace: "default", limit: 1)
        try await fixture.create(RegistryFixture.pod("late"))
        _ = try await fixture.store.compact(try await fixture.revision())
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.list(fixture.type("pods"), namespace: "default", limit: 1, continueToken: first.continueToken)
        }
        #expect(error?.code == 410)
        await fixture.finish()
    }

    @Test(arguments: ["app", "!app", "app in (web, api)", "app notin (db)", "app!=db", "app==web", "tier=fe,app=web"])
    func labelSelectorsParse(selector: String) throws {
        let parsed = try LabelSelector(parsing: selector)
        let labels = ["app": "web", "tier": "fe"]
        #expect(parsed.matches(labels) == (selector != "!app"))
    }

    @Test func unsupportedFieldSelectorsAreRejected() throws {
        let fixture = ResourceCatalog()
        #expect(throws: StatusError.self) { try FieldSelector(parsing: "spec.foo=bar", for: fixture.type(named: "pods")!) }
        _ = try FieldSelector(parsing: "status.phase!=Running", for: fixture.type(named: "pods")!)
    }

    @Test func finalizersHoldADeleteUntilRemoved() async throws {
        let fixture = try await RegistryFixture()
        var pod = RegistryFixture.pod("held")
        pod[["metadata", "finalizers"]] = ["example.com/hold"]
        try await fixture.create(pod)
        let marked = try await fixture.registry.delete(fixture.type("po"), namespace: "default", name: "held")
        #expect(marked.deletionTimestamp != nil)
        var current = try await fixture.registry.get(fixture.type("po"), namespace: "default", name: "held")
        current.finalizers = []
        _ = try await fixture.registry.update(fixture.type("po"), namespace: "default", name: "held", object: current.json)
        await #expect(throws: StatusError.self) { try await fixture.registry.get(fixture.type("po"), namespace: "default", name: "held") }
        await fixture.finish()
    }

    /// The namespace strategy, not defaulting, adds the `kubernetes` finalizer and phase Active on create, after
    /// the managed fields are taken (a real namespace's managedFields name only its label); updates keep them.
    @Test func namespacesGetTheKubernetesFinalizerFromTheirStrategy() async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team"]])
        #expect(created.json[["spec", "finalizers"]] == ["kubernetes"])
        #expect(created.json[["status", "phase"]] == "Active")
        let managed = try #require(created.json[["metadata", "managedFields"]]?.arrayValue?.first)
        #expect(managed["fieldsV1"] == ["f:metadata": ["f:labels": [".": .emptyObject, "f:kubernetes.io/metadata.name": .emptyObject]]])
        var changed = created
        changed.labels["tier"] = "web"
        changed.json["spec"] = nil
        let updated = try await fixture.registry.update(fixture.type("ns"), namespace: nil, name: "team", object: changed.json)
        #expect(updated.json[["spec", "finalizers"]] == ["kubernetes"])
        await fixture.finish()
    }

    /// kube-apiserver only marks a namespace: emptying it is the namespace controller's (ControllersTests).
    @Test func deletingANamespaceMarksItTerminatingAndLeavesItsContents() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team"]])
        try await fixture.createDefaultServiceAccount(in: "team")
        try await fixture.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c", "namespace": "team"]])
        let before = try await fixture.keys().filter { $0.contains("team") }
        let marked = try await fixture.registry.delete(fixture.type("ns"), namespace: nil, name: "team")
        #expect(marked.json[["status", "phase"]] == "Terminating")
        #expect(marked.deletionTimestamp != nil)
        #expect(try await fixture.keys().filter { $0.contains("team") } == before)
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.delete(fixture.type("ns"), namespace: nil, name: "default")
        }
        #expect(error?.code == 403)
        await fixture.finish()
    }

    /// The API server deletes the owner alone; its dependents are the garbage collector's (ControllersTests).
    @Test func deletingAnOwnerLeavesItsDependentsToTheGarbageCollector() async throws {
        let fixture = try await RegistryFixture()
        let owner = try await fixture.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "owner"]])
        var dependent = RegistryFixture.pod("child")
        dependent[["metadata", "ownerReferences"]] = [[
            "apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": .string(owner.uid!),
        ]]
        try await fixture.create(dependent)
        try await fixture.registry.delete(fixture.type("cm"), namespace: "default", name: "owner")
        #expect(try await fixture.registry.list(fixture.type("po"), namespace: "default").items.map(\.name) == ["child"])
        await #expect(throws: StatusError.self) { try await fixture.registry.get(fixture.type("cm"), namespace: "default", name: "owner") }
        await fixture.finish()
    }

    /// Foreground and orphan propagation mark the owner with the garbage collector's finalizer and write nothing else.
    @Test(arguments: [(PropagationPolicy.foreground, "foregroundDeletion"), (.orphan, "orphan")])
    func propagationPoliciesMarkTheOwnerWithTheirFinalizer(policy: PropagationPolicy, finalizer: String) async throws {
        let fixture = try await RegistryFixture()
        let owner = try await fixture.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "owner"]])
        var dependent = RegistryFixture.pod("child")
        dependent[["metadata", "ownerReferences"]] = [[
            "apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": .string(owner.uid!),
        ]]
        try await fixture.create(dependent)
        let before = try await fixture.revision()
        let answered = try await fixture.registry.delete(
            fixture.type("cm"), namespace: "default", name: "owner", options: DeleteOptions(propagationPolicy: policy))
        #expect(answered.finalizers == [finalizer])
        #expect(answered.deletionTimestamp != nil)
        #expect(answered.metadata["deletionGracePeriodSeconds"] == 0)
        #expect(try await fixture.revision() == before + 1)
        #expect(try await fixture.registry.get(fixture.type("po"), namespace: "default", name: "child").ownerReferences.count == 1)
        await fixture.finish()
    }

    @Test func watchReportsAddedModifiedDeleted() async throws {
        let fixture = try await RegistryFixture()
        let pods = fixture.type("po")
        let start = try await fixture.registry.list(pods, namespace: "default").resourceVersion
        let events = try await fixture.registry.watch(pods, namespace: "default", resourceVersion: start)
        let created = try await fixture.create(RegistryFixture.pod("w"))
        var changed = created
        changed.labels["extra"] = "1"
        _ = try await fixture.registry.update(pods, namespace: "default", name: "w", object: changed.json)
        try await fixture.registry.delete(pods, namespace: "default", name: "w")
        var seen: [ObjectEvent.EventType] = []
        for try await event in events {
            seen.append(event.type)
            if seen.count == 3 { break }
        }
        #expect(seen == [.added, .modified, .deleted])
        await fixture.finish()
    }
}
