import Foundation
import Testing

/// Decoding as kube-apiserver decodes, with the real kubectl against `kubesim serve` and with `kubesim apply`
/// embedded: Go type mismatches, unknown fields under each `--validate` level (never stored), and custom
/// resources pruned and validated against their schema, validation rules included.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct DecodingInteropTests {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: coupons.shop.example.com
        spec:
          group: shop.example.com
          scope: Namespaced
          names: {plural: coupons, singular: coupon, kind: Coupon}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [code]
                    x-kubernetes-validations:
                    - rule: "self.percent <= self.cap"
                      message: percent may not exceed cap
                    properties:
                      code: {type: string}
                      percent: {type: integer, minimum: 1, maximum: 100, default: 10}
                      cap: {type: integer, default: 50}
        """

    static func coupon(_ spec: String) -> String {
        "apiVersion: shop.example.com/v1\nkind: Coupon\nmetadata: {name: c1}\nspec: \(spec)\n"
    }

    @Test func typeMismatchesAnswerEncodingJSONsMessage() async throws {
        try await ServedCluster.with { cluster in
            let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: nginx, ports: [{containerPort: \"80\"}]}]}\n"
            let result = try await cluster.kubectl(["apply", "-f", "-"], stdin: pod)
            #expect(result.status == 1)
            #expect(result.stderr == """
                Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: \
                json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32

                """, "\(result)")
        }
    }

    @Test func customResourcesArePrunedDefaultedAndValidated() async throws {
        try await ServedCluster.with { cluster in
            #expect(try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.crd).status == 0)
            let strict = try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.coupon("{code: X, bogus: 1}"))
            #expect(strict.stderr.contains(
                "Coupon in version \"v1\" cannot be handled as a Coupon: strict decoding error: unknown field \"spec.bogus\""), "\(strict)")
            let warned = try await cluster.kubectl(["apply", "--validate=warn", "-f", "-"], stdin: Self.coupon("{code: X, bogus: 1}"))
            #expect(warned.stderr.contains("Warning: unknown field \"spec.bogus\""), "\(warned)")
            let spec = try await cluster.kubectl(["get", "coupon", "c1", "-o", "jsonpath={.spec}"])
            #expect(spec.stdout == #"{"cap":50,"code":"X","percent":10}"#, "pruned and defaulted: \(spec)")

            // The last applied configuration had the unknown field: the patch removing it is no unknown field.
            let reapplied = try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.coupon("{code: X2}"))
            #expect(reapplied.stdout == "coupon.shop.example.com/c1 configured\n", "\(reapplied)")
            let invalid = try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.coupon("{percent: 500}"))
            #expect(invalid.stderr.contains("spec.code: Required value"), "\(invalid)")
            #expect(invalid.stderr.contains("spec.percent: Invalid value: 500: spec.percent in body should be less than or equal to 100"), "\(invalid)")
            let rule = try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.coupon("{code: X, percent: 60, cap: 40}"))
            #expect(rule.stderr.contains("spec: Invalid value: \"object\": percent may not exceed cap"), "\(rule)")
        }
    }

    @Test func embeddedApplyIsStrictByDefaultAsKubectl() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let manifest = try workspace.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, bogus: 1}\ndata: {a: b}\n")
        let strict = try await workspace.kubesim(["apply", "-f", manifest])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains(
            "error when creating \"\(manifest)\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"metadata.bogus\""),
            "\(strict)")
        let warned = try await workspace.kubesim(["apply", "--validate=warn", "-f", manifest])
        #expect(warned.status == 0)
        #expect(warned.stderr == "Warning: unknown field \"metadata.bogus\"\n", "\(warned)")
        let stored = try await workspace.kubesim(["get", "configmap", "x", "-o", "jsonpath={.metadata.name}/{.metadata.bogus}"])
        #expect(stored.stdout == "x/", "only kubectl's last-applied annotation keeps the field: \(stored)")
    }
}
