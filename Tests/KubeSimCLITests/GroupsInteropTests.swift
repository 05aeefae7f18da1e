import Foundation
import Testing

/// The groups a kubeadm 1.32 cluster serves beyond the workloads, with the real kubectl 1.32 against
/// `kubesim serve`: `get sc` marks the default class, `get cs` reports the components with the deprecation
/// warning, RuntimeClasses and IngressClasses are created and listed, and `api-resources` has their rows.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct GroupsInteropTests {
    static let manifests = """
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: standard
          annotations:
            storageclass.kubernetes.io/is-default-class: "true"
        provisioner: rancher.io/local-path
        volumeBindingMode: WaitForFirstConsumer
        ---
        apiVersion: node.k8s.io/v1
        kind: RuntimeClass
        metadata:
          name: gvisor
        handler: runsc
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata:
          name: nginx
        spec:
          controller: k8s.io/ingress-nginx
        """

    /// The whitespace-separated fields of each line.
    static func fields(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }

    @Test func storageClassesComponentStatusesAndClassesWorkWithKubectl() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let created = try await cluster.kubectl(["create", "-f", "-"], stdin: Self.manifests)
            #expect(created.stdout == """
                storageclass.storage.k8s.io/standard created
                runtimeclass.node.k8s.io/gvisor created
                ingressclass.networking.k8s.io/nginx created

                """, "\(created)")

            let classes = try await cluster.kubectl(["get", "sc"])
            #expect(classes.stdout.hasPrefix(
                "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n"),
                "\(classes)")
            #expect(Self.fields(classes.stdout).dropFirst().first?.prefix(6)
                == ["standard", "(default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", "false"], "\(classes)")

            let components = try await cluster.kubectl(["get", "cs"])
            #expect(components.stderr.contains("Warning: v1 ComponentStatus is deprecated in v1.19+"), "\(components)")
            #expect(Self.fields(components.stdout) == [
                ["NAME", "STATUS", "MESSAGE", "ERROR"], ["scheduler", "Healthy", "ok"], ["controller-manager", "Healthy", "ok"],
                ["etcd-0", "Healthy", "ok"],
            ], "\(components)")

            let ingressClasses = try await cluster.kubectl(["get", "ingressclass", "--no-headers"])
            #expect(Self.fields(ingressClasses.stdout).first?.prefix(3) == ["nginx", "k8s.io/ingress-nginx", "<none>"], "\(ingressClasses)")
            let runtimeClasses = try await cluster.kubectl(["get", "runtimeclasses", "--no-headers"])
            #expect(Self.fields(runtimeClasses.stdout).first?.prefix(2) == ["gvisor", "runsc"], "\(runtimeClasses)")

            let resources = Self.fields(try await cluster.kubectl(["api-resources"]).stdout)
            for row in [
                ["componentstatuses", "cs", "v1", "false", "ComponentStatus"],
                ["podtemplates", "v1", "true", "PodTemplate"],
                ["mutatingwebhookconfigurations", "admissionregistration.k8s.io/v1", "false", "MutatingWebhookConfiguration"],
                ["validatingadmissionpolicies", "admissionregistration.k8s.io/v1", "false", "ValidatingAdmissionPolicy"],
                ["ingressclasses", "networking.k8s.io/v1", "false", "IngressClass"],
                ["runtimeclasses", "node.k8s.io/v1", "false", "RuntimeClass"],
                ["csistoragecapacities", "storage.k8s.io/v1", "true", "CSIStorageCapacity"],
                ["storageclasses", "sc", "storage.k8s.io/v1", "false", "StorageClass"],
                ["volumeattachments", "storage.k8s.io/v1", "false", "VolumeAttachment"],
            ] {
                #expect(resources.contains(row), "api-resources lacks \(row)")
            }
        }
    }

    @Test func componentStatusesReportTheLoopsOfAServerWithoutThem() async throws {
        try await ServedCluster.with(bare: true, extraArguments: ["--no-controllers"]) { cluster in
            let components = try await cluster.kubectl(["get", "cs", "scheduler", "--no-headers"])
            #expect(Self.fields(components.stdout).first?.prefix(2) == ["scheduler", "Unhealthy"], "\(components)")
            #expect(
                components.stdout.hasSuffix(
                    "Get \"https://127.0.0.1:10259/healthz\": dial tcp 127.0.0.1:10259: connect: connection refused\n"),
                "\(components)")
        }
    }
}
