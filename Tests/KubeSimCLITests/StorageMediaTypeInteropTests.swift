import Foundation
import KubeAPI
import Testing

/// The real kubectl and etcdctl against `kubesim serve --storage-media-type`: kubectl sees no difference between
/// the two media types, and etcdctl shows the bytes kube-apiserver would have written.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/etcdctl"),
             "needs /usr/bin/kubectl and /usr/bin/etcdctl"))
struct StorageMediaTypeInteropTests {
    static let service = """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: http}]

        """

    /// The raw bytes the real etcdctl reads under `key` (`-w json`, whose values are base64).
    static func etcdValue(_ cluster: ServedCluster, _ key: String) async throws -> Data {
        let result = try await cluster.realEtcdctl(["get", key, "-w", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let value = ((json?["kvs"] as? [[String: Any]])?.first?["value"] as? String).flatMap { Data(base64Encoded: $0) }
        return try #require(value, "\(result)")
    }

    @Test(arguments: StorageMediaType.allCases)
    func kubectlFlowsAreTheSameWithEitherMediaType(mediaType: StorageMediaType) async throws {
        try await ServedCluster.with(extraArguments: ["--storage-media-type", mediaType.rawValue]) { cluster in
            let isProtobuf = mediaType == .protobuf
            func expectStored(_ key: String) async throws {
                let value = try await Self.etcdValue(cluster, key)
                #expect(KubernetesProtobuf.isProtobuf(value) == isProtobuf, "\(key)")
            }
            // Deployments: create, patch, scale, get.
            #expect(try await cluster.kubectl(["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2"]).stdout
                == "deployment.apps/web created\n")
            try await expectStored("/registry/deployments/default/web")
            let patched = try await cluster.kubectl(
                ["patch", "deployment", "web", "-p", #"{"metadata":{"labels":{"tier":"front"}}}"#])
            #expect(patched.stdout == "deployment.apps/web patched\n", "\(patched)")
            #expect(try await cluster.kubectl(["scale", "deployment", "web", "--replicas=3"]).stdout == "deployment.apps/web scaled\n")
            let replicas = try await cluster.kubectl(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.labels.tier} {.spec.template.spec.containers[0].image}"])
            #expect(replicas.stdout == "3 front nginx:1.27", "\(replicas)")

            // Services with an int-or-string target port, through apply.
            let file = try cluster.workspace.write("svc.yaml", Self.service)
            #expect(try await cluster.kubectl(["apply", "-f", file]).stdout == "service/web created\n")
            #expect(try await cluster.kubectl(["apply", "-f", file]).stdout == "service/web unchanged\n")
            try await expectStored("/registry/services/specs/default/web")
            let port = try await cluster.kubectl(["get", "svc", "web", "-o", "jsonpath={.spec.ports[0].targetPort} {.spec.clusterIP}"])
            #expect(port.stdout.hasPrefix("http 10.96."), "\(port)")

            // Secrets (bytes) and ConfigMaps.
            #expect(try await cluster.kubectl(["create", "secret", "generic", "s1", "--from-literal=key=v\u{1}lue"]).stdout == "secret/s1 created\n")
            try await expectStored("/registry/secrets/default/s1")
            let secret = try await cluster.kubectl(["get", "secret", "s1", "-o", "jsonpath={.data.key}"])
            #expect(secret.stdout == Data("v\u{1}lue".utf8).base64EncodedString(), "\(secret)")
            #expect(try await cluster.kubectl(["create", "configmap", "c1", "--from-literal=a=1"]).stdout == "configmap/c1 created\n")
            let listed = try await cluster.kubectl(["get", "configmap", "c1", "-o", "jsonpath={.data.a}"])
            #expect(listed.stdout == "1")

            // Pods: the pod the controllers make from the deployment, as etcdctl prints it.
            let pod = try await cluster.kubectl(["run", "solo", "--image=busybox", "--restart=Never"])
            #expect(pod.stdout == "pod/solo created\n", "\(pod)")
            let printed = try await cluster.realEtcdctl(["get", "/registry/pods/default/solo", "--print-value-only"])
            #expect(printed.stdout.hasPrefix(isProtobuf ? "k8s\0\n\u{09}\n\u{02}v1\u{12}\u{03}Pod\u{12}" : "{\"apiVersion\":\"v1\",\"kind\":\"Pod\""), "\(printed)")
            let shown = try await CommandRunner.run(KubeSimBinary.path, ["registry", "show", "/registry/pods/default/solo", "--data-dir", cluster.workspace.dataDirectory])
            #expect(shown.stdout.contains("\nkind: Pod\n") && shown.stdout.contains("image: busybox"), "\(shown)")

            for (kind, name) in [("deployment", "web"), ("service", "web"), ("secret", "s1"), ("configmap", "c1"), ("pod", "solo")] {
                let deleted = try await cluster.kubectl(["delete", kind, name, "--wait=false"])
                #expect(deleted.status == 0, "\(deleted)")
            }
        }
    }

    @Test func encryptionAtRestWrapsTheProtobufValue() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let config = try workspace.write(
            "enc.yaml", EncryptionAtRestInteropTests.configuration([EncryptionAtRestInteropTests.aescbc([("key1", EncryptionAtRestInteropTests.key1)])]))
        let cluster = try await ServedCluster(
            extraArguments: ["--encryption-provider-config", config, "--storage-media-type", StorageMediaType.protobuf.rawValue],
            workspace: workspace)
        do {
            #expect(try await cluster.kubectl(["create", "secret", "generic", "s1", "--from-literal=mykey=mydata"]).stdout == "secret/s1 created\n")
            let stored = try await Self.etcdValue(cluster, "/registry/secrets/default/s1")
            #expect(stored.starts(with: Data("k8s:enc:aescbc:v1:key1:".utf8)))
            let got = try await cluster.kubectl(["get", "secret", "s1", "-o", "jsonpath={.data.mykey}"])
            #expect(got.stdout == "bXlkYXRh", "\(got)")
            await cluster.stop()
        } catch {
            await cluster.stop()
            throw error
        }
    }
}
