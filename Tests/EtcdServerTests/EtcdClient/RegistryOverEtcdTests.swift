import EtcdPKI
import Foundation
import Testing

/// `kubesim registry tree|show|history --endpoints ...` read an etcd endpoint through `EtcdClient`: a running
/// `kubesim serve` prints what the embedded views print of the same data directory, and KubeSim's endpoint what
/// the real etcd's does for the same writes.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: kubesimExecutable), "needs the kubesim product"))
struct RegistryOverEtcdTests {
    static let manifest = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: shop
        data:
          color: blue
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-secret
          namespace: shop
        stringData:
          password: hunter2
        """

    @Test func registryViewsOverEndpointsMatchTheEmbeddedViews() async throws {
        let serving = try await ServeCommandTests.Serving.start([])
        do {
            let directory = serving.dataDirectory
            let apply = try await runProcess(kubesimExecutable, ["apply", "-f", "-", "--data-dir", directory], input: Self.manifest)
            #expect(apply.status == 0, "\(apply.stderr)")
            let changed = Self.manifest.replacingOccurrences(of: "color: blue", with: "color: green")
            let update = try await runProcess(kubesimExecutable, ["apply", "-f", "-", "--data-dir", directory], input: changed)
            #expect(update.status == 0, "\(update.stderr)")

            let pki = serving.pki
            let remote = [
                "--endpoints", serving.endpoint, "--cacert", pki.caCertificate, "--cert", pki.serverCertificate,
                "--key", pki.serverKey,
            ]
            let views: [[String]] = [
                ["registry", "tree"],
                ["registry", "tree", "/registry/configmaps"],
                ["registry", "show", "/registry/configmaps/shop/web-config"],
                ["registry", "history", "/registry/configmaps/shop/web-config"],
            ]
            for view in views {
                let embedded = try await runProcess(kubesimExecutable, view + ["--data-dir", directory])
                let served = try await runProcess(kubesimExecutable, view + remote)
                #expect(embedded.status == 0, "\(view): \(embedded.stderr)")
                #expect(served.status == 0, "\(view) over --endpoints: \(served.stderr)")
                #expect(served.stdout == embedded.stdout, "\(view)")
            }
            let tree = try await runProcess(kubesimExecutable, ["registry", "tree"] + remote)
            #expect(tree.stdout.contains("web-config"), "\(tree.stdout)")
            #expect(tree.stdout.contains("web-secret"), "\(tree.stdout)")
            let history = try await runProcess(
                kubesimExecutable, ["registry", "history", "/registry/configmaps/shop/web-config"] + remote)
            #expect(history.stdout.contains("+ data.color: \"green\""), "\(history.stdout)")
        } catch {
            await serving.stop()
            throw error
        }
        await serving.stop()
    }

    /// The same keys written in the same order, with etcdctl, into KubeSim's etcd endpoint and into the real
    /// etcd: `kubesim registry tree|show|history --endpoints` prints the same of both (revisions included).
    @Test(.enabled(if: RealEtcd.isInstalled, "needs /usr/bin/etcd"))
    func registryViewsOfKubeSimsEndpointMatchTheRealEtcds() async throws {
        let writes: [[String]] = [
            ["put", "/registry/namespaces/shop", #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}"#],
            ["put", "/registry/configmaps/shop/web-config",
             #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-config","namespace":"shop"},"data":{"color":"blue"}}"#],
            ["put", "/registry/secrets/shop/web-secret",
             #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-secret","namespace":"shop"},"data":{"password":"aHVudGVyMg=="}}"#],
            ["put", "/registry/configmaps/shop/web-config",
             #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-config","namespace":"shop"},"data":{"color":"green"}}"#],
            ["del", "/registry/secrets/shop/web-secret"],
        ]
        let views: [[String]] = [
            ["registry", "tree"],
            ["registry", "tree", "/registry/configmaps"],
            ["registry", "show", "/registry/configmaps/shop/web-config"],
            ["registry", "history", "/registry/configmaps/shop/web-config"],
            ["registry", "history", "/registry/secrets/shop/web-secret"],
        ]
        func outputs(endpoint: String, etcdctlFlags: [String], pki: EtcdPKI) async throws -> [String] {
            for write in writes {
                let result = try await Etcdctl.run(etcdctlFlags, write)
                #expect(result.status == 0, "\(write): \(result.stderr)")
            }
            let remote = [
                "--endpoints", endpoint, "--cacert", pki.caCertificate, "--cert", pki.serverCertificate, "--key", pki.serverKey,
            ]
            var printed: [String] = []
            for view in views {
                let result = try await runProcess(kubesimExecutable, view + remote)
                #expect(result.status == 0, "\(view): \(result.stderr)")
                printed.append(result.stdout)
            }
            return printed
        }
        try await withTestServer(tls: true) { server in
            let pki = try #require(server.pki)
            let etcd = try await RealEtcd(pkiDirectory: pki.directory)
            let real: [String]
            do {
                real = try await outputs(endpoint: etcd.endpoint, etcdctlFlags: etcd.etcdctlFlags, pki: pki)
                await etcd.stop()
            } catch {
                await etcd.stop()
                throw error
            }
            let own = try await outputs(endpoint: server.endpoint, etcdctlFlags: server.etcdctlFlags, pki: pki)
            for (index, view) in views.enumerated() {
                #expect(own[index] == real[index], "\(view)")
            }
            #expect(real[3].contains("+ data.color: \"green\""), "\(real[3])")
        }
    }

    @Test func registryViewsReportAnEndpointThatDoesNotAnswer() async throws {
        let result = try await runProcess(
            kubesimExecutable, ["registry", "tree", "--endpoints", "http://127.0.0.1:\(try freePort())"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no etcd endpoint answered"), "\(result.stderr)")
    }

    @Test func tlsFilesNeedEndpoints() async throws {
        let result = try await runProcess(kubesimExecutable, ["registry", "tree", "--cacert", "/tmp/ca.crt"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("need --endpoints"), "\(result.stderr)")
    }
}
