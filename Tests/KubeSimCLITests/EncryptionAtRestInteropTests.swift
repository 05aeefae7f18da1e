import Foundation
import Testing

/// The Kubernetes documentation's "Encrypting Confidential Data at Rest" task, done with the real kubectl and
/// etcdctl against `kubesim serve --encryption-provider-config`: the Secret's value in etcd is
/// `k8s:enc:aescbc:v1:key1:` and ciphertext, kubectl still reads it, a new first key and
/// `kubectl get secrets -A -o json | kubectl replace -f -` re-encrypt everything, and `identity` first writes plain
/// text again.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/etcdctl"),
             "needs /usr/bin/kubectl and /usr/bin/etcdctl"))
struct EncryptionAtRestInteropTests {
    /// Two 32-byte keys, as `head -c 32 /dev/urandom | base64` makes them.
    static let key1 = Data((0..<32).map { UInt8($0 * 7 % 251) }).base64EncodedString()
    static let key2 = Data((0..<32).map { UInt8(200 - $0 * 3) }).base64EncodedString()

    /// The documentation's configuration: `providers` in order, for Secrets.
    static func configuration(_ providers: [String]) -> String {
        """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
              - secrets
            providers:
        \(providers.map { "      - " + $0 }.joined(separator: "\n"))

        """
    }

    static func aescbc(_ keys: [(String, String)]) -> String {
        "aescbc:\n          keys:\n" + keys.map { "            - name: \($0.0)\n              secret: \($0.1)" }.joined(separator: "\n")
    }

    /// The raw bytes etcd holds under `key`, read with the real etcdctl (`-w json`, whose values are base64).
    static func etcdValue(_ cluster: ServedCluster, _ key: String) async throws -> Data {
        let result = try await cluster.realEtcdctl(["get", key, "-w", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let value = ((json?["kvs"] as? [[String: Any]])?.first?["value"] as? String).flatMap { Data(base64Encoded: $0) }
        return try #require(value, "\(result)")
    }

    @Test func secretsAreEncryptedRotatedAndDecryptedAsTheDocumentationDescribes() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let config = try workspace.write("enc.yaml", Self.configuration([Self.aescbc([("key1", Self.key1)]), "identity: {}"]))
        var cluster = try await ServedCluster(extraArguments: ["--encryption-provider-config", config], workspace: workspace)
        do {
            let created = try await cluster.kubectl(["create", "secret", "generic", "secret1", "-n", "default", "--from-literal=mykey=mydata"])
            #expect(created.stdout == "secret/secret1 created\n", "\(created)")
            // etcdctl get /registry/secrets/default/secret1 | hexdump -C: the envelope, and no plain text.
            let stored = try await Self.etcdValue(cluster, "/registry/secrets/default/secret1")
            #expect(stored.starts(with: Data("k8s:enc:aescbc:v1:key1:".utf8)))
            #expect(stored.range(of: Data("mydata".utf8)) == nil && stored.range(of: Data("bXlkYXRh".utf8)) == nil)
            let hexdump = try await CommandRunner.run("/usr/bin/hexdump", ["-C"], stdin: String(decoding: stored, as: UTF8.self))
            #expect(hexdump.stdout.contains("|k8s:enc:aescbc:v|"), "\(hexdump)")

            // kubectl reads it decrypted.
            let got = try await cluster.kubectl(["get", "secret", "secret1", "-n", "default", "-o", "jsonpath={.data.mykey}"])
            #expect(got.stdout == "bXlkYXRh", "\(got)")

            // The embedded command line on the same data directory reads it with the same file, and without it
            // answers kube-apiserver's error instead of garbage.
            let embedded = try await workspace.kubesim(
                ["get", "secret", "secret1", "-o", "jsonpath={.data.mykey}", "--encryption-provider-config", config])
            #expect(embedded.stdout == "bXlkYXRh", "\(embedded)")
            let keyless = try await workspace.kubesim(["get", "secret", "secret1"])
            #expect(keyless.status != 0 && keyless.stderr.contains("identity transformer tried to read encrypted data"), "\(keyless)")

            // The new data directory is private, as etcd's.
            for (path, mode) in [("", 0o700), ("etcd", 0o700), ("etcd/store.db", 0o600), ("etcd/store.db-wal", 0o600)] {
                let url = URL(fileURLWithPath: workspace.dataDirectory).appendingPathComponent(path).path
                let attributes = try FileManager.default.attributesOfItem(atPath: url)
                #expect((attributes[.posixPermissions] as? Int) == mode, "\(path)")
            }

            // Rotation: key2 first, restart, replace every Secret: all are written with key2.
            await cluster.stop(keepingData: true)
            try workspace.write("enc.yaml", Self.configuration([Self.aescbc([("key2", Self.key2), ("key1", Self.key1)]), "identity: {}"]))
            cluster = try await ServedCluster(extraArguments: ["--encryption-provider-config", config], workspace: workspace)
            #expect(try await Self.etcdValue(cluster, "/registry/secrets/default/secret1").starts(with: Data("k8s:enc:aescbc:v1:key1:".utf8)))
            // The course's rotation step as typed: kubectl validates the v1 List on the client against /openapi/v2.
            let all = try await cluster.kubectl(["get", "secrets", "--all-namespaces", "-o", "json"])
            let replaced = try await cluster.kubectl(["replace", "-f", "-"], stdin: all.stdout)
            #expect(replaced.stdout == "secret/secret1 replaced\n", "\(replaced)")
            #expect(try await Self.etcdValue(cluster, "/registry/secrets/default/secret1").starts(with: Data("k8s:enc:aescbc:v1:key2:".utf8)))

            // Decrypting: identity first; new writes are plain, and a replace makes the old ones plain too.
            await cluster.stop(keepingData: true)
            try workspace.write("enc.yaml", Self.configuration(["identity: {}", Self.aescbc([("key2", Self.key2), ("key1", Self.key1)])]))
            cluster = try await ServedCluster(extraArguments: ["--encryption-provider-config", config], workspace: workspace)
            _ = try await cluster.kubectl(["create", "secret", "generic", "secret2", "-n", "default", "--from-literal=other=plain"])
            let plain = try await Self.etcdValue(cluster, "/registry/secrets/default/secret2")
            // Plain again: kube-apiserver's protobuf (a new store's media type), the secret's bytes readable in it.
            #expect(plain.starts(with: Data("k8s\0".utf8)) && plain.range(of: Data("plain".utf8)) != nil)
            let again = try await cluster.kubectl(["get", "secrets", "-A", "-o", "json"])
            _ = try await cluster.kubectl(["replace", "-f", "-"], stdin: again.stdout)
            #expect(try await Self.etcdValue(cluster, "/registry/secrets/default/secret1").starts(with: Data("k8s\0".utf8)))
            #expect(try await cluster.kubectl(["get", "secret", "secret1", "-o", "jsonpath={.data.mykey}"]).stdout == "bXlkYXRh")
        } catch {
            await cluster.stop(keepingData: true)
            throw error
        }
        await cluster.stop(keepingData: true)
    }
}
