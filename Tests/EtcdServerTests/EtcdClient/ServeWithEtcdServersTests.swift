import EtcdPKI
import Foundation
import Testing

/// `kubesim serve --etcd-servers ...`: the Kubernetes API stores into a real etcd cluster, as kube-apiserver
/// does, under the same `/registry` keys.
@Suite(
    .enabled(if: FileManager.default.isExecutableFile(atPath: kubesimExecutable), "needs the kubesim product"),
    .enabled(if: RealEtcd.isInstalled, "needs /usr/bin/etcd (Debian's etcd-server) to run the real etcd"),
    .enabled(if: Etcdctl.isInstalled, "needs /usr/bin/etcdctl (Debian's etcd-client) to read the real etcd"))
struct ServeWithEtcdServersTests {
    @Test func serveStoresTheRegistryIntoTheRealEtcd() async throws {
        let pkiDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("etcd-servers-pki-\(UUID().uuidString)").path
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubesim-etcd-servers-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: pkiDirectory)
            try? FileManager.default.removeItem(atPath: dataDirectory)
        }
        let pki = try await EtcdPKI.ensure(directory: pkiDirectory)
        let etcd = try await RealEtcd(pkiDirectory: pkiDirectory)
        let serve = try BackgroundProcess(
            kubesimExecutable,
            [
                "serve", "--data-dir", dataDirectory, "--port", "0", "--etcd-port", "0",
                "--etcd-servers", etcd.endpoint, "--etcd-cafile", pki.caCertificate,
                "--etcd-certfile", pki.serverCertificate, "--etcd-keyfile", pki.serverKey,
            ])
        do {
            let ready = await serve.waitFor { $0.contains("the registry is stored in etcd") }
            #expect(ready, "\(serve.stdout)\(serve.stderr)")
            #expect(!serve.stdout.contains("etcd v3 API serving"))
            let kubeconfig = dataDirectory + "/admin.conf"
            let configMap = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: stored-in-etcd
                data:
                  where: real-etcd
                """
            let apply = try await runProcess(
                kubesimExecutable, ["--kubeconfig", kubeconfig, "apply", "-f", "-"], input: configMap)
            #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            #expect(apply.stdout.contains("configmap/stored-in-etcd created"), "\(apply.stdout)")

            let stored = try await Etcdctl.run(
                etcd.etcdctlFlags, ["get", "/registry/configmaps/default/stored-in-etcd", "--print-value-only"])
            #expect(stored.status == 0, "\(stored.stderr)")
            #expect(stored.stdout.contains("\"where\":\"real-etcd\""), "\(stored.stdout)")
            // The API server's bootstrap went there too, and nothing into the embedded store.
            let namespaces = try await Etcdctl.run(etcd.etcdctlFlags, ["get", "/registry/namespaces/", "--prefix", "--keys-only"])
            #expect(namespaces.stdout.contains("/registry/namespaces/kube-system"), "\(namespaces.stdout)")

            let get = try await runProcess(
                kubesimExecutable, ["--kubeconfig", kubeconfig, "get", "configmap", "stored-in-etcd", "-o", "name"])
            #expect(get.stdout == "configmap/stored-in-etcd\n", "\(get.stdout)\(get.stderr)")
        } catch {
            await serve.stop()
            await etcd.stop()
            throw error
        }
        let ended = await serve.stop()
        #expect(ServeCommandTests.stoppedGracefully(ended), "\(ended) \(serve.stderr)")
        await etcd.stop()
    }

    @Test func etcdTLSFilesNeedEtcdServers() async throws {
        let result = try await runProcess(
            kubesimExecutable, ["serve", "--etcd-cafile", "/tmp/ca.crt", "--data-dir", "/nonexistent/never"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("need --etcd-servers"), "\(result.stderr)")
    }
}
