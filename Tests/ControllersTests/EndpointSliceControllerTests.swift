import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct EndpointSliceControllerTests {
    @Test func aSliceHoldsOneEndpointPerPodOwnedByTheService() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        let service = try await fixture.service("web")
        let pod = try await fixture.pod("a", ip: "10.0.0.1")
        try await fixture.pod("no-ip", ip: nil)
        try await fixture.harness.settle()

        let slices = try await fixture.slices(of: "web")
        #expect(slices.count == 1)
        let slice = try #require(slices.first)
        #expect(slice.name.hasPrefix("web-") && slice.name.count == "web-".count + 5)
        #expect(slice.generateName == "web-")
        #expect(
            slice.labels == [
                "tier": "fe", "kubernetes.io/service-name": "web",
                "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
            ])
        #expect(
            slice.ownerReferences == [
                [
                    "apiVersion": "v1", "kind": "Service", "name": "web", "uid": .string(service.uid ?? ""), "controller": true,
                    "blockOwnerDeletion": true,
                ]
            ])
        #expect(slice.annotations["endpoints.kubernetes.io/last-change-trigger-time"] == service.creationTimestamp)
        #expect(slice.json["addressType"] == "IPv4")
        #expect(
            slice.json["endpoints"] == [
                [
                    "addresses": ["10.0.0.1"], "conditions": ["ready": true, "serving": true, "terminating": false],
                    "nodeName": "node-1", "zone": "zone-a",
                    "targetRef": ["kind": "Pod", "namespace": "default", "name": "a", "uid": .string(pod.uid ?? "")],
                ]
            ])
        // Ports in the controller's hash order, each with its (possibly empty) name.
        #expect(
            slice.json["ports"] == [
                ["name": "http", "port": 8080, "protocol": "TCP"], ["name": "metrics", "port": 9090, "protocol": "TCP"],
            ])
    }

    @Test func aServiceWithoutEndpointsGetsOneEmptyPlaceholderSlice() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.harness.settle()
        let slices = try await fixture.slices(of: "web")
        #expect(slices.count == 1)
        #expect(slices.first?.json["endpoints"] == .null)
        #expect(slices.first?.json["ports"] == .null)
    }

    @Test func slicesAreUpdatedInPlaceAsPodsChange() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.pod("a", ip: "10.0.0.1")
        try await fixture.pod("b", ip: "10.0.0.2")
        try await fixture.harness.settle()
        let name = try #require(try await fixture.slices(of: "web").first?.name)

        try await fixture.setStatus("a", ip: "10.0.0.1", ready: false)
        try await fixture.harness.settle()
        var slices = try await fixture.slices(of: "web")
        #expect(slices.map(\.name) == [name])
        let conditions = slices.first?.json["endpoints"]?.arrayValue?.first { $0["targetRef"]?["name"] == "a" }?["conditions"]
        #expect(conditions == ["ready": false, "serving": false, "terminating": false])

        try await fixture.relabel("a", ["app": "other"])
        try await fixture.relabel("b", ["app": "other"])
        try await fixture.harness.settle()
        slices = try await fixture.slices(of: "web")
        // The emptied slice becomes the placeholder, under the same name.
        #expect(slices.map(\.name) == [name])
        #expect(slices.first?.json["endpoints"] == .null)
        #expect(slices.first?.json["ports"] == .null)
    }

    @Test func terminatingPodsStayInSlicesAsTerminating() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.pod("a", ip: "10.0.0.1", finalizers: ["example.com/hold"])
        try await fixture.harness.settle()
        _ = try await fixture.registry.delete(BuiltinResources.pods, namespace: "default", name: "a")
        try await fixture.harness.settle()
        let endpoint = try await fixture.slices(of: "web").first?.json["endpoints"]?.arrayValue?.first
        #expect(endpoint?["conditions"] == ["ready": false, "serving": true, "terminating": true])
    }

    @Test func endpointsBeyondTheLimitGoToAnotherSlice() async throws {
        let fixture = try await EndpointsFixture(maxEndpointsPerSlice: 2)
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        for index in 1...3 { try await fixture.pod("p\(index)", ip: "10.0.0.\(index)") }
        try await fixture.harness.settle()
        let counts = try await fixture.slices(of: "web").map { $0.json["endpoints"]?.arrayValue?.count ?? 0 }
        #expect(counts.sorted() == [1, 2])
    }

    @Test func headlessServiceSlicesCarryTheHeadlessLabel() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("db", ports: [], clusterIP: "None")
        try await fixture.pod("db-0", ip: "10.0.0.5", hostname: "db-0", subdomain: "db")
        try await fixture.harness.settle()
        let slices = try await fixture.slices(of: "db").filter { $0.json["addressType"] == "IPv4" }
        #expect(slices.count == 1)
        #expect(slices.first?.labels["service.kubernetes.io/headless"] == "")
        #expect(slices.first?.json["endpoints"]?.arrayValue?.first?["hostname"] == "db-0")
    }

    /// kube-dns as `kubesim init` seeds it: its Endpoints and EndpointSlice already say what the controllers
    /// would write (ports in another order in the slice), so nothing is rewritten; the `kubernetes` service's
    /// objects, kept by kube-apiserver, are left alone.
    @Test func seededKubeDNSAndKubernetesObjectsAreLeftAsTheyAre() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        let registry = fixture.registry
        let dnsPorts: [JSONValue] = [
            ["name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53], ["name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53],
            ["name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153],
        ]
        let service = try await fixture.service(
            "kube-dns", namespace: "kube-system", selector: ["k8s-app": "kube-dns"], labels: ["k8s-app": "kube-dns"], ports: dnsPorts)
        let pod = try await fixture.pod("coredns-1", namespace: "kube-system", labels: ["k8s-app": "kube-dns"], ip: "10.244.0.2")
        let targetRef: JSONValue = ["kind": "Pod", "name": "coredns-1", "namespace": "kube-system", "uid": .string(pod.uid ?? "")]
        _ = try await registry.create(
            BuiltinResources.endpoints, namespace: "kube-system",
            object: [
                "apiVersion": "v1", "kind": "Endpoints",
                "metadata": ["name": "kube-dns", "labels": ["k8s-app": "kube-dns"], "annotations": ["endpoints.kubernetes.io/last-change-trigger-time": "2025-01-01T00:00:00Z"]],
                "subsets": [[
                    "addresses": [["ip": "10.244.0.2", "nodeName": "node-1", "targetRef": targetRef]],
                    "ports": [
                        ["name": "dns-tcp", "port": 53, "protocol": "TCP"], ["name": "dns", "port": 53, "protocol": "UDP"],
                        ["name": "metrics", "port": 9153, "protocol": "TCP"],
                    ],
                ]],
            ])
        _ = try await registry.create(
            BuiltinResources.endpointSlices, namespace: "kube-system",
            object: [
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": [
                    "name": "kube-dns-abcde", "generateName": "kube-dns-",
                    "labels": [
                        "k8s-app": "kube-dns", "kubernetes.io/service-name": "kube-dns",
                        "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                    ],
                    "ownerReferences": [
                        ["apiVersion": "v1", "kind": "Service", "name": "kube-dns", "uid": .string(service.uid ?? ""), "controller": true, "blockOwnerDeletion": true]
                    ],
                ],
                "addressType": "IPv4",
                "endpoints": [[
                    "addresses": ["10.244.0.2"], "conditions": ["ready": true, "serving": true, "terminating": false], "nodeName": "node-1",
                    "zone": "zone-a", "targetRef": targetRef,
                ]],
                "ports": [
                    ["name": "dns-tcp", "port": 53, "protocol": "TCP"], ["name": "dns", "port": 53, "protocol": "UDP"],
                    ["name": "metrics", "port": 9153, "protocol": "TCP"],
                ],
            ])
        try await fixture.service("kubernetes", selector: nil, labels: ["component": "apiserver", "provider": "kubernetes"], ports: [["name": "https", "port": 443, "targetPort": 6443]])
        _ = try await registry.create(
            BuiltinResources.endpointSlices, namespace: "default",
            object: [
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": ["name": "kubernetes", "labels": ["kubernetes.io/service-name": "kubernetes"]], "addressType": "IPv4",
                "endpoints": [["addresses": ["192.0.2.1"], "conditions": ["ready": true]]],
                "ports": [["name": "https", "port": 6443, "protocol": "TCP"]],
            ])
        let seeded = try await fixture.harness.revision()
        try await fixture.harness.settle()
        #expect(try await fixture.harness.revision() == seeded)
        #expect(try await fixture.slices(of: "kubernetes").map(\.name) == ["kubernetes"])
    }

    @Test func aSettledClusterStaysAtItsRevision() async throws {
        let fixture = try await EndpointsFixture(maxEndpointsPerSlice: 2)
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.service("empty", selector: ["app": "none"])
        for index in 1...5 { try await fixture.pod("p\(index)", ip: "10.0.0.\(index)", ready: index != 3) }
        try await fixture.harness.settle()
        let settled = try await fixture.harness.revision()
        #expect(try await fixture.harness.settle().settled)
        #expect(try await fixture.harness.revision() == settled)
    }
}
