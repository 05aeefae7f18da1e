import EtcdPKI
import Foundation
import Testing

/// `kubesim registry tree|show|history --endpoints ...` read a running `kubesim serve` through `EtcdClient`
/// and print what the embedded views print of the same data directory.
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
            #expect(tree.stdout.contains("├── configmaps (1)"), "\(tree.stdout)")
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
