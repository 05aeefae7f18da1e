import KubeAPI
import Testing

@Suite("Admission: LimitRanger", .serialized)
struct AdmissionLimitRangerTests {
    static func limitRange(_ limits: [JSONValue]) -> JSONValue {
        ["apiVersion": "v1", "kind": "LimitRange", "metadata": ["name": "limits"], "spec": ["limits": .array(limits)]]
    }

    static func pod(_ name: String, resources: JSONValue? = nil, initResources: JSONValue? = nil) -> JSONValue {
        var pod = RegistryFixture.pod(name)
        if let resources { pod[["spec", "containers"]] = [["name": "nginx", "image": "nginx:1.27", "resources": resources]] }
        if let initResources { pod[["spec", "initContainers"]] = [["name": "setup", "image": "busybox", "resources": initResources]] }
        return pod
    }

    @Test func containersGetTheRangesDefaultsAndThePodSaysWhichWereSet() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.limitRange([
            ["type": "Container", "default": ["cpu": "500m", "memory": "256Mi"], "defaultRequest": ["cpu": "100m", "memory": "128Mi"]]
        ]))
        let created = try await fixture.create(Self.pod("web", resources: ["limits": ["memory": "512Mi"]], initResources: .emptyObject))
        let containers = try #require(created.json[["spec", "containers"]]?.arrayValue)
        #expect(containers[0]["resources"] == [
            "limits": ["cpu": "500m", "memory": "512Mi"], "requests": ["cpu": "100m", "memory": "512Mi"],
        ], "requests copied from the user's limits by defaulting stay; the rest come from the range")
        #expect(created.json[["spec", "initContainers"]]?.arrayValue?[0]["resources"] == [
            "limits": ["cpu": "500m", "memory": "256Mi"], "requests": ["cpu": "100m", "memory": "128Mi"],
        ])
        #expect(created.annotations["kubernetes.io/limit-ranger"]
            == "LimitRanger plugin set: cpu request for container nginx; cpu limit for container nginx; cpu, memory request for init container setup; cpu, memory limit for init container setup")
        #expect(created.json[["status", "qosClass"]] == "Burstable", "the QoS class counts what admission set")
        await fixture.finish()
    }

    @Test func aRangeWithOnlyAMaxDefaultsLimitsAndRequestsToIt() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.limitRange([["type": "Container", "max": ["cpu": "1"]]]))
        let created = try await fixture.create(Self.pod("web"))
        #expect(created.json[["spec", "containers"]]?.arrayValue?[0]["resources"] == ["limits": ["cpu": "1"], "requests": ["cpu": "1"]])
        await fixture.finish()
    }

    @Test(arguments: [
        (["limits": ["cpu": "2"]] as JSONValue, "maximum cpu usage per Container is 1, but limit is 2"),
        (["limits": ["cpu": "800m"], "requests": ["cpu": "50m"]],
         "[minimum cpu usage per Container is 100m, but request is 50m, cpu max limit to request ratio per Container is 4, but provided ratio is 16.000000]"),
    ] as [(JSONValue, String)])
    func podsOutsideTheRangeAreForbidden(resources: JSONValue, message: String) async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.limitRange([
            ["type": "Container", "max": ["cpu": "1", "memory": "1Gi"], "min": ["cpu": "100m"], "maxLimitRequestRatio": ["cpu": "4"]]
        ]))
        let error = await #expect(throws: StatusError.self) { try await fixture.create(Self.pod("web", resources: resources)) }
        #expect(error?.code == 403)
        #expect(error?.message == #"pods "web" is forbidden: "# + message)
        #expect(try await fixture.keys().filter { $0.hasPrefix("/registry/pods/") }.isEmpty)
        await fixture.finish()
    }

    @Test func theStrategysValidationSpeaksBeforeTheRange() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.limitRange([["type": "Container", "max": ["cpu": "1"]]]))
        let error = await #expect(throws: StatusError.self) {
            try await fixture.create(Self.pod("web", resources: ["limits": ["cpu": "2"], "requests": ["cpu": "3"]]))
        }
        #expect(error?.code == 422)
        await fixture.finish()
    }

    @Test func aPodRangeLimitsTheWholePod() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.limitRange([["type": "Pod", "max": ["memory": "1Gi"]]]))
        var pod = RegistryFixture.pod("web")
        pod[["spec", "containers"]] = [
            ["name": "a", "image": "nginx", "resources": ["limits": ["memory": "768Mi"]]],
            ["name": "b", "image": "nginx", "resources": ["limits": ["memory": "512Mi"]]],
        ]
        let error = await #expect(throws: StatusError.self) { try await fixture.create(pod) }
        #expect(error?.message == #"pods "web" is forbidden: maximum memory usage per Pod is 1Gi, but limit is 1280Mi"#)
        await fixture.finish()
    }

    @Test func rangesInOtherNamespacesDoNotApply() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.limitRange([["type": "Container", "max": ["cpu": "1"]]]), namespace: "kube-public")
        let created = try await fixture.create(Self.pod("web"))
        #expect(created.json[["spec", "containers"]]?.arrayValue?[0]["resources"] == .emptyObject)
        #expect(created.annotations["kubernetes.io/limit-ranger"] == nil)
        await fixture.finish()
    }
}
