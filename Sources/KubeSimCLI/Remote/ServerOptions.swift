import ArgumentParser
import Foundation

/// `--kubeconfig` / `--server`: run against a running `kubesim serve` instead of the embedded store.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Talk to the server this kubeconfig's current context names.", valueName: "path"))
    var kubeconfig: String?

    @Option(
        help: ArgumentHelp(
            "Talk to the server at this URL (with --kubeconfig: instead of its server; alone: plain HTTP, as --insecure-port serves).",
            valueName: "url"))
    var server: String?

    /// The connection these options ask for, or nil for the embedded store.
    func kubeconfigToUse() throws -> Kubeconfig? {
        var config = try kubeconfig.map { try Kubeconfig(contentsOf: $0) }
        if let server {
            guard URL(string: server)?.scheme.map({ ["http", "https"].contains($0) }) ?? false else {
                throw CommandError("--server \(server): not an http:// or https:// URL")
            }
            config = config ?? Kubeconfig(server: server, certificateAuthority: nil, clientCertificate: nil, clientKey: nil)
            config?.server = server
        }
        return config
    }
}

extension ServerOptions {
    /// Runs `body` with the cluster these options name: the server, or else the embedded store under the data
    /// directory (readied as a server would be, and settled by the control loops afterwards when `settling`);
    /// closes it afterwards, also when `body` throws.
    /// `body`'s second argument lets the embedded control loops act on what was just written (a server's loops
    /// run on their own).
    func withCluster<T>(
        store: StoreOptions, settling: Bool = false, _ body: (any KubeClient, _ catchUp: () async throws -> Void) async throws -> T
    ) async throws -> T {
        guard let config = try kubeconfigToUse() else { return try await store.withCluster(settling: settling, body) }
        return try await withClosing(try await RemoteCluster.connect(config), close: { await $0.close() }) { try await body($0, {}) }
    }
}
