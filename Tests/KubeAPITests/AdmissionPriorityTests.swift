import KubeAPI
import Testing

@Suite("Admission: Priority", .serialized)
struct AdmissionPriorityTests {
    static func priorityClass(_ name: String, _ value: Int64, globalDefault: Bool = false, policy: String? = nil) -> JSONValue {
        var object: JSONValue = ["apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": ["name": .string(name)], "value": .int(value)]
        if globalDefault { object["globalDefault"] = true }
        if let policy { object["preemptionPolicy"] = .string(policy) }
        return object
    }

    static func pod(_ name: String, priorityClassName: String? = nil) -> JSONValue {
        var pod = RegistryFixture.pod(name)
        if let priorityClassName { pod[["spec", "priorityClassName"]] = .string(priorityClassName) }
        return pod
    }

    @Test func withoutAClassAPodHasPriorityZero() async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.create(Self.pod("web"))
        #expect(created.json[["spec", "priority"]] == 0)
        #expect(created.json[["spec", "preemptionPolicy"]] == "PreemptLowerPriority")
        #expect(created.json[["spec", "priorityClassName"]] == nil)
        await fixture.finish()
    }

    @Test func aPodTakesItsClassesValueAndPolicy() async throws {
        let fixture = try await RegistryFixture()
        let defaulted = try await fixture.create(Self.priorityClass("high", 1_000_000))
        #expect(defaulted.json["preemptionPolicy"] == "PreemptLowerPriority", "SetDefaults_PriorityClass")
        try await fixture.create(Self.priorityClass("batch", 10, policy: "Never"))
        let high = try await fixture.create(Self.pod("high", priorityClassName: "high"))
        #expect(high.json[["spec", "priority"]] == 1_000_000)
        let batch = try await fixture.create(Self.pod("batch", priorityClassName: "batch"))
        #expect(batch.json[["spec", "priority"]] == 10)
        #expect(batch.json[["spec", "preemptionPolicy"]] == "Never")
        await fixture.finish()
    }

    @Test func theGlobalDefaultClassNamesPodsWithoutOne() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.priorityClass("normal", 1000, globalDefault: true))
        let created = try await fixture.create(Self.pod("web"))
        #expect(created.json[["spec", "priorityClassName"]] == "normal")
        #expect(created.json[["spec", "priority"]] == 1000)
        let second = await #expect(throws: StatusError.self) {
            try await fixture.create(Self.priorityClass("other", 5, globalDefault: true))
        }
        #expect(second?.code == 403)
        #expect(second?.message == #"priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass normal is already marked as default. Only one default can exist"#)
        await fixture.finish()
    }

    @Test func theSystemClassesAreKnownEvenOnABareStore() async throws {
        let fixture = try await RegistryFixture()
        let node = try await fixture.create(Self.pod("node", priorityClassName: "system-node-critical"))
        #expect(node.json[["spec", "priority"]] == 2_000_001_000)
        let cluster = try await fixture.create(Self.pod("cluster", priorityClassName: "system-cluster-critical"))
        #expect(cluster.json[["spec", "priority"]] == 2_000_000_000)
        await fixture.finish()
    }

    @Test func anUnknownClassIsForbidden() async throws {
        let fixture = try await RegistryFixture()
        let error = await #expect(throws: StatusError.self) { try await fixture.create(Self.pod("web", priorityClassName: "gold")) }
        #expect(error?.code == 403)
        #expect(error?.message == #"pods "web" is forbidden: no PriorityClass with name gold was found"#)
        await fixture.finish()
    }

    @Test func aPriorityOtherThanTheClassesIsForbidden() async throws {
        let fixture = try await RegistryFixture()
        var pod = Self.pod("web")
        pod[["spec", "priority"]] = 5
        let error = await #expect(throws: StatusError.self) { try await fixture.create(pod) }
        #expect(error?.message == #"pods "web" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name"#)
        pod[["spec", "priority"]] = 0
        try await fixture.create(pod)
        await fixture.finish()
    }

    @Test func anUpdateWithoutPriorityKeepsIt() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.priorityClass("high", 1_000_000))
        let created = try await fixture.create(Self.pod("web", priorityClassName: "high"))
        var changed = created.json
        changed[["spec", "priority"]] = nil
        changed[["spec", "preemptionPolicy"]] = nil
        changed[["metadata", "labels", "tier"]] = "front"
        let updated = try await fixture.registry.update(fixture.type("pods"), namespace: nil, name: "web", object: changed)
        #expect(updated.json[["spec", "priority"]] == 1_000_000)
        #expect(updated.json[["spec", "preemptionPolicy"]] == "PreemptLowerPriority")
        await fixture.finish()
    }
}
