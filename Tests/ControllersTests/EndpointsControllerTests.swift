@testable import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct EndpointsControllerTests {
    @Test func readyPodsGoToAddressesAndOthersToNotReadyAddressesWithPortsResolvedByName() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        let service = try await fixture.service("web")
        try await fixture.pod("a", ip: "10.0.0.3")
        let b = try await fixture.pod("b", ip: "10.0.0.1")
        try await fixture.pod("c", ip: "10.0.0.2", ready: false)
        try await fixture.pod("no-ip", ip: nil)
        try await fixture.pod("other", labels: ["app": "db"], ip: "10.0.0.9")
        try await fixture.harness.settle()

        let endpoints = try await fixture.endpoints("web")
        // Ports sorted by the MD5 of their Go rendering, as RepackSubsets sorts them.
        #expect(EndpointsFixture.summary(endpoints) == ["ready=[10.0.0.1,10.0.0.3] notReady=[10.0.0.2] ports=[metrics:9090,http:8080]"])
        #expect(endpoints.labels == ["tier": "fe"])
        #expect(endpoints.annotations["endpoints.kubernetes.io/last-change-trigger-time"] == service.creationTimestamp)
        let first = endpoints.json["subsets"]?.arrayValue?.first?["addresses"]?.arrayValue?.first
        #expect(
            first == [
                "ip": "10.0.0.1", "nodeName": "node-1",
                "targetRef": ["kind": "Pod", "namespace": "default", "name": "b", "uid": .string(b.uid ?? "")],
            ])
        #expect(endpoints.metadata["managedFields"]?.arrayValue?.first?["manager"] == "kube-controller-manager")
    }

    /// RepackSubsets groups by port: each set of addresses offering the same ports shares a subset.
    @Test func aPodLackingANamedPortIsPublishedOnlyOnTheOtherPorts() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.pod("a", ip: "10.0.0.1")
        try await fixture.pod("plain", ip: "10.0.0.2", namedPort: false)
        try await fixture.harness.settle()
        let summary = EndpointsFixture.summary(try await fixture.endpoints("web"))
        #expect(
            Set(summary) == [
                "ready=[10.0.0.1,10.0.0.2] notReady=[] ports=[metrics:9090]", "ready=[10.0.0.1] notReady=[] ports=[http:8080]",
            ])
    }

    @Test func portsAreOrderedAsARealClusterOrdersKubeDNS() {
        let address = EndpointAddress(ip: "10.244.0.2", hostname: "", nodeName: "cp", targetRef: nil)
        let entries = [("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP")].map { name, port, proto in
            EndpointSubsetPacking.Entry(address: address, port: EndpointPort(name: name, port: Int64(port), protocol: proto, appProtocol: nil), ready: true)
        }
        #expect(EndpointSubsetPacking.repack(entries).first?.ports.map(\.name) == ["dns-tcp", "dns", "metrics"])
    }

    @Test func aServiceMatchingNoPodGetsEndpointsWithoutSubsets() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.harness.settle()
        let endpoints = try await fixture.endpoints("web")
        #expect(endpoints.json["subsets"] == nil)
        #expect(endpoints.labels == ["tier": "fe"])
    }

    @Test func endpointsFollowReadinessRelabellingAndDeletion() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.pod("a", ip: "10.0.0.1")
        try await fixture.pod("b", ip: "10.0.0.2")
        try await fixture.pod("c", ip: "10.0.0.3")
        try await fixture.harness.settle()

        try await fixture.setStatus("a", ip: "10.0.0.1", ready: false)
        try await fixture.harness.settle()
        #expect(EndpointsFixture.summary(try await fixture.endpoints("web")) == ["ready=[10.0.0.2,10.0.0.3] notReady=[10.0.0.1] ports=[metrics:9090,http:8080]"])

        try await fixture.relabel("b", ["app": "other"])
        _ = try await fixture.registry.delete(BuiltinResources.pods, namespace: "default", name: "c")
        try await fixture.harness.settle()
        #expect(EndpointsFixture.summary(try await fixture.endpoints("web")) == ["ready=[] notReady=[10.0.0.1] ports=[metrics:9090,http:8080]"])
    }

    @Test func terminatingPodsLeaveEndpointsAndPublishNotReadyKeepsUnreadyPodsReady() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.service("all", publishNotReady: true)
        try await fixture.pod("a", ip: "10.0.0.1", finalizers: ["example.com/hold"])
        try await fixture.pod("b", ip: "10.0.0.2", ready: false)
        _ = try await fixture.registry.delete(BuiltinResources.pods, namespace: "default", name: "a")
        try await fixture.harness.settle()
        #expect(EndpointsFixture.summary(try await fixture.endpoints("web")) == ["ready=[] notReady=[10.0.0.2] ports=[metrics:9090,http:8080]"])
        #expect(EndpointsFixture.summary(try await fixture.endpoints("all")) == ["ready=[10.0.0.2] notReady=[] ports=[metrics:9090,http:8080]"])
    }

    @Test func headlessServiceIsLabelledAndPublishesAddressesWithoutPorts() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("db", ports: [], clusterIP: "None")
        try await fixture.pod("db-0", ip: "10.0.0.5", hostname: "db-0", subdomain: "db")
        try await fixture.harness.settle()
        let endpoints = try await fixture.endpoints("db")
        #expect(endpoints.labels == ["tier": "fe", "service.kubernetes.io/headless": ""])
        let address = endpoints.json["subsets"]?.arrayValue?.first?["addresses"]?.arrayValue?.first
        #expect(address?["hostname"] == "db-0")
        #expect(endpoints.json["subsets"]?.arrayValue?.first?["ports"] == nil)
    }

    @Test func selectorlessServiceEndpointsAreLeftToTheirUser() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("external", selector: nil, ports: [["port": 5432]])
        let own = try await fixture.registry.create(
            BuiltinResources.endpoints, namespace: "default",
            object: [
                "apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "external"],
                "subsets": [["addresses": [["ip": "192.0.2.10"]], "ports": [["port": 5432]]]],
            ])
        try await fixture.harness.settle()
        #expect(try await fixture.endpoints("external").resourceVersion == own.resourceVersion)
        #expect(try await fixture.slices(of: "external").isEmpty)
    }

    @Test func deletingTheServiceDeletesItsEndpointsAndSlices() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.pod("a", ip: "10.0.0.1")
        try await fixture.harness.settle()
        #expect(try await fixture.slices(of: "web").count == 1)
        _ = try await fixture.registry.delete(BuiltinResources.services, namespace: "default", name: "web")
        try await fixture.harness.settle()
        await #expect(throws: StatusError.self) { try await fixture.endpoints("web") }
        #expect(try await fixture.slices(of: "web").isEmpty)
    }

    @Test func aHandEditedEndpointsIsPutBack() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.pod("a", ip: "10.0.0.1")
        try await fixture.harness.settle()
        var edited = try await fixture.endpoints("web")
        edited.json["subsets"] = [["addresses": [["ip": "192.0.2.1"]], "ports": [["port": 1]]]]
        _ = try await fixture.registry.update(BuiltinResources.endpoints, namespace: "default", name: "web", object: edited.json)
        try await fixture.harness.settle()
        #expect(EndpointsFixture.summary(try await fixture.endpoints("web")) == ["ready=[10.0.0.1] notReady=[] ports=[metrics:9090,http:8080]"])
    }

    @Test func aSettledClusterStaysAtItsRevision() async throws {
        let fixture = try await EndpointsFixture()
        defer { Task { await fixture.finish() } }
        try await fixture.service("web")
        try await fixture.service("empty", selector: ["app": "none"])
        try await fixture.service("db", ports: [], clusterIP: "None")
        try await fixture.pod("a", ip: "10.0.0.1")
        try await fixture.pod("b", ip: "10.0.0.2", ready: false)
        try await fixture.harness.settle()
        let settled = try await fixture.harness.revision()
        let again = try await fixture.harness.settle()
        #expect(again.settled)
        #expect(try await fixture.harness.revision() == settled)
    }
}
