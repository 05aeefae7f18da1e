import Foundation
import Testing

/// `kubesim init --encryption-provider-config`: the kube-apiserver static pod runs with the flag and the `enc`
/// mount the Kubernetes documentation has kubeadm users add, the data directory keeps a private copy of the file,
/// and later commands without the flag read (and write) the Secrets it encrypts.
@Suite("kubesim init --encryption-provider-config", .serialized)
struct InitEncryptionTests {
    /// The documentation's configuration: aescbc with `key1`, then identity.
    static let configuration = EncryptionAtRestInteropTests.configuration([
        EncryptionAtRestInteropTests.aescbc([("key1", EncryptionAtRestInteropTests.key1)]), "identity: {}",
    ])

    static let secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: s1
          namespace: default
        stringData:
          password: hunter2

        """

    @Test func initRecordsTheFlagInTheAPIServerPodAndLaterCommandsDecrypt() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let config = try workspace.write("enc.yaml", Self.configuration)
        let made = try await workspace.kubesim(["init", "--encryption-provider-config", config])
        #expect(made.status == 0, "\(made)")

        let command = try await workspace.kubesim(
            ["get", "pod", "kube-apiserver-controlplane", "-n", "kube-system", "-o", "jsonpath={.spec.containers[0].command}"])
        #expect(command.stdout.contains("\"--encryption-provider-config=/etc/kubernetes/enc/enc.yaml\""), "\(command)")
        let volume = try await workspace.kubesim(
            ["get", "pod", "kube-apiserver-controlplane", "-n", "kube-system", "-o",
             "jsonpath={.spec.volumes[?(@.name==\"enc\")].hostPath.path} {.spec.containers[0].volumeMounts[?(@.name==\"enc\")].readOnly}"])
        #expect(volume.stdout == "/etc/kubernetes/enc true", "\(volume)")

        let recorded = workspace.dataDirectory + "/enc/enc.yaml"
        #expect(try String(contentsOfFile: recorded, encoding: .utf8) == Self.configuration)
        #expect((try FileManager.default.attributesOfItem(atPath: recorded)[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: workspace.dataDirectory + "/enc")[.posixPermissions] as? Int) == 0o700)

        // Without the flag, apply encrypts with the recorded key and get decrypts.
        let manifest = try workspace.write("secret.yaml", Self.secret)
        let applied = try await workspace.kubesim(["apply", "-f", manifest])
        #expect(applied.stdout == "secret/s1 created\n", "\(applied)")
        let raw = try await workspace.kubesim(["etcdctl", "get", "/registry/secrets/default/s1", "--print-value-only"])
        #expect(raw.stdout.hasPrefix("k8s:enc:aescbc:v1:key1:"), "\(raw)")
        #expect(!raw.stdout.contains("hunter2") && !raw.stdout.contains("aHVudGVyMg=="))
        let read = try await workspace.kubesim(["get", "secret", "s1", "-o", "jsonpath={.data.password}"])
        #expect(read.stdout == "aHVudGVyMg==", "\(read)")
    }

    @Test func initWithAConfigurationKubeAPIServerRefusesMakesNoStore() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let config = try workspace.write("enc.yaml", Self.configuration.replacingOccurrences(of: "name: key1", with: "name: \"\""))
        let made = try await workspace.kubesim(["init", "--encryption-provider-config", config])
        #expect(made.status != 0 && made.stderr.contains("--encryption-provider-config"), "\(made)")
        #expect(!FileManager.default.fileExists(atPath: workspace.dataDirectory + "/etcd/store.db"))
        #expect(!FileManager.default.fileExists(atPath: workspace.dataDirectory + "/enc/enc.yaml"))
    }
}
