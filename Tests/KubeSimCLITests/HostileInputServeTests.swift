import Foundation
import Testing

/// Issue 12's attacks on a served cluster (a debug build, as `swift run` gives): each is refused with a 4xx before
/// work is done, the server stays up within a fixed memory bound, and the store's revision does not move.
@Suite(.serialized)
struct HostileInputServeTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"
    /// What an attack may add to the server's resident memory.
    static let memoryHeadroomMiB = 150

    /// Runs `attack` on a fresh server and checks what every attack must leave behind.
    private func afterAttack(_ attack: (ServedCluster) async throws -> Void) async throws {
        try await ServedCluster.with { cluster in
            let baseline = cluster.residentMiB
            let revision = try await cluster.workspace.revision()
            try await attack(cluster)
            #expect(cluster.process.isRunning, "\(cluster.output)")
            #expect(cluster.residentMiB < baseline + Self.memoryHeadroomMiB, "from \(baseline) MiB to \(cluster.residentMiB) MiB")
            #expect(try await cluster.workspace.revision() == revision)
            let alive = try await cluster.raw("GET", "/api/v1/namespaces/default")
            #expect(alive.status == 200, "\(alive)")
        }
    }

    @Test func billionLaughsYAMLBodyIsRefusedBeforeExpansion() async throws {
        try await afterAttack { cluster in
            let response = try await cluster.raw(
                "POST", Self.configMaps, contentType: "application/yaml", body: HostileDocuments.billionLaughsConfigMap)
            #expect(response.status == 400, "\(response)")
            #expect(response.body.contains("document contains excessive aliasing"), "\(response)")
            // Expanding it would take minutes and gigabytes; the bound leaves room for a loaded machine.
            #expect(response.seconds < 15, "\(response)")
        }
    }

    @Test func billionLaughsApplyPatchIsRefusedBeforeExpansion() async throws {
        try await afterAttack { cluster in
            let response = try await cluster.raw(
                "PATCH", Self.configMaps + "/laughs?fieldManager=attacker", contentType: "application/apply-patch+yaml",
                body: HostileDocuments.billionLaughsConfigMap)
            #expect(response.status == 400, "\(response)")
            #expect(response.body.contains("document contains excessive aliasing"), "\(response)")
        }
    }

    @Test func deeplyNestedBodiesAreRefusedInEveryFormat() async throws {
        try await afterAttack { cluster in
            let json = try await cluster.raw("POST", Self.configMaps, body: HostileDocuments.deepConfigMap(name: "deep", depth: 6_000))
            #expect(json.status == 400, "\(json)")
            #expect(json.body.contains("exceeded max depth of 1000"), "\(json)")
            let yaml = try await cluster.raw(
                "POST", Self.configMaps, contentType: "application/yaml",
                body: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nextra: " + HostileDocuments.nestedArrays(6_000) + "\n")
            #expect(yaml.status == 400, "\(yaml)")
        }
    }

    @Test(arguments: [
        ("application/merge-patch+json", #"{"extra":"# + HostileDocuments.nestedArrays(6_000) + "}"),
        ("application/strategic-merge-patch+json", #"{"extra":"# + HostileDocuments.nestedArrays(6_000) + "}"),
        ("application/json-patch+json", #"[{"op":"add","path":"/extra","value":"# + HostileDocuments.nestedArrays(6_000) + "}]"),
        ("application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: base}\nextra: " + HostileDocuments.nestedArrays(6_000)),
    ])
    func deeplyNestedPatchesAreRefused(contentType: String, body: String) async throws {
        try await ServedCluster.with { cluster in
            let created = try await cluster.raw("POST", Self.configMaps, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"base"}}"#)
            #expect(created.status == 201, "\(created)")
            let revision = try await cluster.workspace.revision()
            let response = try await cluster.raw("PATCH", Self.configMaps + "/base?fieldManager=attacker", contentType: contentType, body: body)
            #expect(response.status == 400, "\(response)")
            #expect(cluster.process.isRunning)
            #expect(try await cluster.workspace.revision() == revision)
        }
    }

    /// A custom resource as deep as a client may send is stored, read, listed, watched, patched and deleted; one
    /// level more is refused, and a JSON patch that would nest it deeper answers 400 instead of storing it.
    @Test func customResourceAtTheDepthLimitStaysReadable() async throws {
        try await ServedCluster.with { cluster in
            let definition = try cluster.workspace.write("deep-crd.yaml", HostileDocuments.deepDefinition)
            let applied = try await cluster.kubesim(["apply", "-f", definition])
            #expect(applied.status == 0, "\(applied)")
            let deeps = "/apis/example.com/v1/namespaces/default/deeps"
            var created = try await cluster.raw("POST", deeps, body: HostileDocuments.deepResource(name: "deep", depth: 1_000))
            for _ in 0..<20 where created.status == 404 {
                try await Task.sleep(for: .milliseconds(250))
                created = try await cluster.raw("POST", deeps, body: HostileDocuments.deepResource(name: "deep", depth: 1_000))
            }
            #expect(created.status == 201, "\(created)")
            let tooDeep = try await cluster.raw("POST", deeps, body: HostileDocuments.deepResource(name: "deeper", depth: 1_001))
            #expect(tooDeep.status == 400, "\(tooDeep)")
            #expect(try await cluster.raw("GET", deeps + "/deep").status == 200)
            #expect(try await cluster.raw("GET", deeps).status == 200)
            #expect(try await cluster.raw("GET", deeps + "?watch=true&timeoutSeconds=1").status == 200)
            let table = try await cluster.kubesim(["get", "deeps", "-o", "yaml"])
            #expect(table.status == 0, "\(table.stderr)")
            let labelled = try await cluster.raw(
                "PATCH", deeps + "/deep", contentType: "application/merge-patch+json", body: #"{"metadata":{"labels":{"a":"b"}}}"#)
            #expect(labelled.status == 200, "\(labelled)")
            let nested = try await cluster.raw(
                "PATCH", deeps + "/deep", contentType: "application/json-patch+json",
                body: #"[{"op":"add","path":"/spec/m","value":"# + HostileDocuments.nestedObjects(990) + "}]")
            #expect(nested.status == 200, "\(nested)")
            let path = "/spec" + String(repeating: "/n", count: 990)
            let deeper = try await cluster.raw(
                "PATCH", deeps + "/deep", contentType: "application/json-patch+json",
                body: #"[{"op":"add","path":""# + path + #"","value":"# + HostileDocuments.nestedObjects(990) + "}]")
            #expect(deeper.status == 400, "\(deeper)")
            #expect(deeper.body.contains("maximum depth"), "\(deeper)")
            #expect(try await cluster.raw("DELETE", deeps + "/deep").status == 200)
            #expect(cluster.process.isRunning, "\(cluster.output)")
        }
    }

    /// A value too deep to decode, written through the etcd endpoint, fails the reads that meet it with 500
    /// naming its key, as kube-apiserver answers for a corrupt object; the server stays up.
    @Test func tooDeepValueFromTheEtcdEndpointAnswersAnErrorNotACrash() async throws {
        try await ServedCluster.with { cluster in
            let key = "/registry/configmaps/default/corrupt"
            let put = try await cluster.realEtcdctl(["put", key], stdin: HostileDocuments.deepConfigMap(name: "corrupt", depth: 6_000))
            #expect(put.status == 0, "\(put)")
            let get = try await cluster.raw("GET", Self.configMaps + "/corrupt")
            #expect(get.status == 500, "\(get)")
            #expect(get.body.contains(key), "\(get)")
            let list = try await cluster.raw("GET", Self.configMaps)
            #expect(list.status == 500, "\(list)")
            let cli = try await cluster.kubesim(["get", "configmaps"])
            #expect(cli.status != 0)
            #expect(cluster.process.isRunning, "\(cluster.output)")
            #expect(try await cluster.raw("GET", "/api/v1/namespaces/default").status == 200)
        }
    }

    /// A repeated key is kept last-wins with a warning, as kube-apiserver's default `fieldValidation=Warn` answers,
    /// and refused by `Strict`.
    @Test func repeatedJSONKeysAnswerAWarning() async throws {
        try await ServedCluster.with { cluster in
            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"twice"},"data":{"a":"1","a":"2"}}"#
            let created = try await cluster.raw("POST", Self.configMaps, body: body)
            #expect(created.status == 201, "\(created)")
            #expect(created.headers.contains(#"299 - "duplicate field \"data.a\"""#), "\(created.headers)")
            #expect(created.body.contains(#""a":"2""#))
            let strict = try await cluster.raw("POST", Self.configMaps + "?fieldValidation=Strict", body: body)
            #expect(strict.status == 400, "\(strict)")
            #expect(strict.body.contains(#"strict decoding error: duplicate field \"data.a\""#), "\(strict)")
        }
    }

    /// `kubesim apply -f` of a billion laughs fails at once, naming the file as kubectl does.
    @Test func applyOfBillionLaughsFailsFastNamingTheFile() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("laughs.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: fine}\n---\n" + HostileDocuments.billionLaughsConfigMap)
        let start = Date()
        let result = try await workspace.kubesim(["apply", "-f", file])
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.hasPrefix("error: error parsing \(file): error converting YAML to JSON: "), "\(result)")
        #expect(result.stderr.contains("document contains excessive aliasing"), "\(result)")
    }
}
