import KubeAPI
import Testing

@Suite("Admission: DefaultTolerationSeconds", .serialized)
struct AdmissionDefaultTolerationSecondsTests {
    static func toleration(_ key: String, seconds: Int64 = 300) -> JSONValue {
        ["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": .int(seconds)]
    }

    @Test(arguments: [
        ("none", [], [toleration("node.kubernetes.io/not-ready"), toleration("node.kubernetes.io/unreachable")]),
        ("everything tolerated", [["operator": "Exists"]], [["operator": "Exists"]]),
        ("not-ready for a minute", [toleration("node.kubernetes.io/not-ready", seconds: 60)],
         [toleration("node.kubernetes.io/not-ready", seconds: 60), toleration("node.kubernetes.io/unreachable")]),
        ("any effect of unreachable", [["key": "node.kubernetes.io/unreachable", "operator": "Exists"]],
         [["key": "node.kubernetes.io/unreachable", "operator": "Exists"], toleration("node.kubernetes.io/not-ready")]),
        ("NoSchedule does not count", [["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoSchedule"]],
         [["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoSchedule"],
          toleration("node.kubernetes.io/not-ready"), toleration("node.kubernetes.io/unreachable")]),
    ] as [(String, [JSONValue], [JSONValue])])
    func podsTolerateNodeFailureForFiveMinutesUnlessTheySaidOtherwise(_ name: String, given: [JSONValue], expected: [JSONValue]) async throws {
        let fixture = try await RegistryFixture()
        var pod = RegistryFixture.pod("web")
        if !given.isEmpty { pod[["spec", "tolerations"]] = .array(given) }
        let created = try await fixture.create(pod)
        #expect(created.json[["spec", "tolerations"]] == .array(expected), "\(name)")
        await fixture.finish()
    }

    @Test func theSecondsAreConfigurable() async throws {
        let fixture = try await RegistryFixture()
        let registry = Registry(
            store: fixture.store, admission: AdmissionChain([DefaultTolerationSeconds(notReadySeconds: 30, unreachableSeconds: 60)]))
        let created = try await registry.create(fixture.type("pods"), namespace: nil, object: RegistryFixture.pod("web"))
        #expect(created.json[["spec", "tolerations"]] == [
            Self.toleration("node.kubernetes.io/not-ready", seconds: 30), Self.toleration("node.kubernetes.io/unreachable", seconds: 60),
        ])
        #expect(created.json[["spec", "serviceAccountName"]] == nil, "only the chain's plugins run")
        await fixture.finish()
    }
}
