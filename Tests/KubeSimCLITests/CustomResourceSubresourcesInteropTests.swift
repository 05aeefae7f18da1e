import Foundation
import Testing

/// A custom resource's `status` and `scale` subresources, printer columns, short names and categories, with the
/// real kubectl against `kubesim serve`, as kube-apiserver serves them from the definition.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct CustomResourceSubresourcesInteropTests {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.stable.example.com
        spec:
          group: stable.example.com
          scope: Namespaced
          names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct], categories: [all]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
            additionalPrinterColumns:
            - {name: Spec, type: string, jsonPath: .spec.cronSpec}
            - {name: Replicas, type: integer, jsonPath: .spec.replicas}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      cronSpec: {type: string}
                      replicas: {type: integer}
                  status:
                    type: object
                    properties:
                      replicas: {type: integer}
                      selector: {type: string}
        """

    static let cronTab = """
        apiVersion: stable.example.com/v1
        kind: CronTab
        metadata: {name: nightly}
        spec: {cronSpec: "0 3 * * *", replicas: 1}
        status: {replicas: 7}
        """

    @Test func statusAndScaleSubresourcesWorkAsTheDefinitionEnablesThem() async throws {
        try await ServedCluster.with { cluster in
            #expect(try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.crd).status == 0)
            let created = try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.cronTab)
            #expect(created.status == 0, "\(created)")
            let status = try await cluster.kubectl(["get", "ct", "nightly", "-o", "jsonpath={.status}|{.metadata.generation}"])
            #expect(status.stdout == "|1", "a create ignores status when the status subresource is on: \(status)")

            let patched = try await cluster.kubectl([
                "patch", "crontab", "nightly", "--subresource=status", "--type=merge", "-p", #"{"status":{"replicas":2,"selector":"app=cron"}}"#,
            ])
            #expect(patched.stdout == "crontab.stable.example.com/nightly patched\n", "\(patched)")
            let changedSpec = try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.cronTab.replacingOccurrences(of: "0 3", with: "0 4"))
            #expect(changedSpec.status == 0, "\(changedSpec)")
            let after = try await cluster.kubectl(["get", "ct", "nightly", "-o", "jsonpath={.status.replicas}|{.metadata.generation}"])
            #expect(after.stdout == "2|2", "the main resource keeps the status; a spec change moves the generation: \(after)")

            let scaled = try await cluster.kubectl(["scale", "crontab", "nightly", "--replicas=5"])
            #expect(scaled.stdout == "crontab.stable.example.com/nightly scaled\n", "\(scaled)")
            let scale = try await cluster.raw("GET", "/apis/stable.example.com/v1/namespaces/default/crontabs/nightly/scale")
            #expect(scale.body.contains(#""spec":{"replicas":5}"#) && scale.body.contains(#""selector":"app=cron""#), "\(scale)")

            let table = try await cluster.kubectl(["get", "ct"])
            // Declared columns replace the default AGE, as for kube-apiserver (the documentation's CRD declares Age).
            #expect(table.stdout == "NAME      SPEC        REPLICAS\nnightly   0 4 * * *   5\n", "\(table)")
            let all = try await cluster.kubectl(["get", "all", "-o", "name"])
            #expect(all.stdout.contains("crontab.stable.example.com/nightly"), "category all: \(all)")
            let resources = try await cluster.kubectl(["api-resources", "--api-group=stable.example.com"])
            #expect(GroupsInteropTests.fields(resources.stdout).last == ["crontabs", "ct", "stable.example.com/v1", "true", "CronTab"], "\(resources)")
        }
    }
}
