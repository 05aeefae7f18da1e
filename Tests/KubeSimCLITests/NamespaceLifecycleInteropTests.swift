import Foundation
import Testing

/// The real kubectl 1.32 against `kubesim serve`: a namespace's life as kube-apiserver and
/// kube-controller-manager's namespace controller, garbage collector, service account controller and root CA
/// publisher carry it.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct NamespaceLifecycleInteropTests {
    @Test func namespaceStaysTerminatingWhileAFinalizerHoldsAConfigMap() async throws {
        try await ServedCluster.with { cluster in
            #expect(try await cluster.kubectl(["create", "namespace", "tmp"]).stdout == "namespace/tmp created\n")
            // A new namespace gets its default account and the cluster CA from the controllers.
            try await cluster.eventually {
                let account = try await cluster.kubectl(["get", "serviceaccount", "default", "-n", "tmp", "-o", "name"])
                let ca = try await cluster.kubectl(["get", "configmap", "kube-root-ca.crt", "-n", "tmp", "-o", "name"])
                return account.status == 0 && ca.status == 0
            }
            let held = try cluster.workspace.write(
                "held.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: tmp\n  finalizers: [example.com/hold]\n")
            #expect(try await cluster.kubectl(["apply", "-f", held]).status == 0)

            let deleted = try await cluster.kubectl(["delete", "namespace", "tmp", "--wait=false"])
            #expect(deleted.stdout == "namespace \"tmp\" deleted\n", "\(deleted)")
            let shown = try await cluster.kubectl(["get", "namespace", "tmp", "--no-headers"])
            #expect(shown.stdout.hasPrefix("tmp") && shown.stdout.contains("Terminating"), "\(shown)")
            let refused = try await cluster.kubectl(["create", "configmap", "late", "-n", "tmp"])
            #expect(
                refused.stderr.contains("unable to create new content in namespace tmp because it is being terminated"),
                "\(refused)")

            // The namespace controller reports what holds it.
            try await cluster.eventually {
                let message = try await cluster.kubectl([
                    "get", "namespace", "tmp", "-o",
                    "jsonpath={.status.conditions[?(@.type==\"NamespaceFinalizersRemaining\")].message}",
                ])
                return message.stdout
                    == "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"
            }
            #expect(try await cluster.kubectl(["get", "namespace", "tmp", "--no-headers"]).stdout.contains("Terminating"))

            let released = try await cluster.kubectl([
                "patch", "configmap", "held", "-n", "tmp", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#,
            ])
            #expect(released.status == 0, "\(released)")
            try await cluster.eventually {
                let gone = try await cluster.kubectl(["get", "namespace", "tmp"])
                return gone.stderr.contains("NotFound")
            }
        }
    }
}
