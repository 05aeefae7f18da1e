import Foundation
import Testing

/// OpenAPI v2 and v3 with the real kubectl 1.32 against `kubesim serve`: `explain` from v3 (built-in kinds, custom
/// resources) and from v2 (`--output=plaintext-openapiv2`, gnostic protobuf), client-side validation of a `List`
/// against v2, and kube-openapi's caching answers.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct OpenAPIInteropTests {
    static let coupons = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: coupons.shop.example.com
        spec:
          group: shop.example.com
          scope: Namespaced
          names: {plural: coupons, singular: coupon, kind: Coupon, shortNames: [cpn]}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                description: A Coupon gives a discount.
                properties:
                  spec:
                    type: object
                    description: What the coupon gives.
                    required: [code]
                    properties:
                      code: {type: string, description: The code a customer types.}
                      percent: {type: integer, minimum: 1, maximum: 100, description: The discount in percent.}
        """

    /// `explain` lines that name a field: `name<TAB><type>[ -required-]`, indentation kept.
    static func fieldLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.contains("\t<") }
    }

    @Test func explainReadsTheV3SchemasOfBuiltInKinds() async throws {
        try await ServedCluster.with { cluster in
            let ports = try await cluster.kubectl(["explain", "pod.spec.containers.ports"])
            #expect(ports.status == 0, "\(ports)")
            #expect(ports.stdout.hasPrefix("KIND:       Pod\nVERSION:    v1\n\nFIELD: ports <[]ContainerPort>\n"), "\(ports)")
            #expect(ports.stdout.contains("    List of ports to expose from the container."), "\(ports)")
            #expect(Self.fieldLines(ports.stdout) == [
                "  containerPort\t<integer> -required-", "  hostIP\t<string>", "  hostPort\t<integer>", "  name\t<string>",
                "  protocol\t<string>",
            ], "\(ports)")

            let deployment = try await cluster.kubectl(["explain", "deployment", "--recursive"])
            #expect(deployment.stdout.hasPrefix("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n"), "\(deployment)")
            let lines = Self.fieldLines(deployment.stdout)
            for line in ["  spec\t<DeploymentSpec>", "    replicas\t<integer>", "    selector\t<LabelSelector> -required-",
                         "    template\t<PodTemplateSpec> -required-", "  status\t<DeploymentStatus>"] {
                #expect(lines.contains(line), "\(line)")
            }
            let missing = try await cluster.kubectl(["explain", "pod.spec.nope"])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("field \"nope\" does not exist"), "\(missing)")
        }
    }

    @Test func explainReadsTheV2ProtobufWhenAskedTo() async throws {
        try await ServedCluster.with { cluster in
            let ports = try await cluster.kubectl(["explain", "pod.spec.containers.ports", "--output=plaintext-openapiv2"])
            #expect(ports.status == 0, "\(ports)")
            #expect(ports.stdout.hasPrefix("KIND:     Pod\nVERSION:  v1\n\nRESOURCE: ports <[]Object>\n"), "\(ports)")
            #expect(ports.stdout.contains("   containerPort\t<integer> -required-"), "\(ports)")
        }
    }

    @Test func customResourcesArePublishedWhileTheirDefinitionIsServed() async throws {
        try await ServedCluster.with { cluster in
            let created = try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.coupons)
            #expect(created.status == 0, "\(created)")
            let spec = try await cluster.kubectl(["explain", "coupons.spec"])
            #expect(spec.stdout.hasPrefix("GROUP:      shop.example.com\nKIND:       Coupon\nVERSION:    v1\n\nFIELD: spec <Object>\n"), "\(spec)")
            #expect(spec.stdout.contains("    What the coupon gives."), "\(spec)")
            #expect(Self.fieldLines(spec.stdout) == ["  code\t<string> -required-", "  percent\t<integer>"], "\(spec)")
            let v2 = try await cluster.kubectl(["explain", "cpn.spec", "--output=plaintext-openapiv2"])
            #expect(v2.stdout.contains("   code\t<string> -required-"), "\(v2)")

            let deleted = try await cluster.kubectl(["delete", "crd", "coupons.shop.example.com"])
            #expect(deleted.status == 0, "\(deleted)")
            let index = try await cluster.raw("GET", "/openapi/v3")
            #expect(!index.body.contains("apis/shop.example.com/v1"), "\(index)")
        }
    }

    /// kubectl validates a `List` on the client against `/openapi/v2` (the server cannot take a List), so the
    /// rotation step `get -o json | replace -f -` needs no `--validate=false`.
    @Test func aListIsValidatedAgainstV2AndAppliedAndReplaced() async throws {
        try await ServedCluster.with { cluster in
            let list = """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "default"}, "data": {"x": "1"}},
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b", "namespace": "default"}, "data": {"y": "2"}}]}
                """
            let applied = try await cluster.kubectl(["apply", "-f", "-"], stdin: list)
            #expect(applied.stdout == "configmap/a created\nconfigmap/b created\n", "\(applied)")
            let json = try await cluster.kubectl(["get", "configmaps", "a", "b", "-o", "json"])
            let replaced = try await cluster.kubectl(["replace", "-f", "-"], stdin: json.stdout)
            #expect(replaced.stdout == "configmap/a replaced\nconfigmap/b replaced\n", "\(replaced)")
            let wrong = try await cluster.kubectl(["apply", "-f", "-"], stdin: """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "default"}, "bogus": 1}]}
                """)
            #expect(wrong.status != 0, "\(wrong)")
            #expect(wrong.stderr.contains("unknown field \"bogus\""), "\(wrong)")

            let unknown = try await cluster.kubectl(["create", "-f", "-"], stdin: "apiVersion: v1\nkind: Nope\nmetadata: {name: x}\n")
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("no matches for kind \"Nope\" in version \"v1\""), "\(unknown)")
        }
    }

    @Test func documentsAnswerWithETagsNotModifiedAndRedirectsFromStaleHashes() async throws {
        try await ServedCluster.with { cluster in
            let index = try await cluster.raw("GET", "/openapi/v3")
            let url = try #require(index.body.range(of: "/openapi/v3/apis/apps/v1?hash=").map { range in
                String(index.body[range.lowerBound...].prefix { $0 != "\"" })
            })
            let current = try await cluster.raw("GET", url)
            #expect(current.status == 200)
            #expect(current.headers.lowercased().contains("cache-control: public, immutable"), "\(current.headers)")
            let stale = try await cluster.raw("GET", "/openapi/v3/apis/apps/v1?hash=0123")
            #expect(stale.status == 301)
            #expect(stale.headers.contains(url), "\(stale.headers)")
            let v2 = try await cluster.raw("GET", "/openapi/v2")
            #expect(v2.status == 200 && v2.body.hasPrefix("{"), "\(v2)")
            #expect(v2.headers.contains("ETag: \""), "\(v2.headers)")
        }
    }
}
