import ArgumentParser
import EtcdClient
import EtcdCore

/// `--endpoints URL[,URL] [--cacert F --cert F --key F]`: read a running etcd (the real one, or
/// `kubesim serve`'s etcd endpoint) through `EtcdClient` instead of the embedded store; etcdctl's flag names.
struct EtcdEndpointOptions: ParsableArguments {
    @Option(
        name: .customLong("endpoints"),
        help: ArgumentHelp(
            "Read from this etcd instead of the embedded store: comma-separated URLs, the first that answers is used.",
            valueName: "urls"))
    var endpoints: String?

    @Option(
        name: .customLong("cacert"),
        help: ArgumentHelp("The CA that signed the etcd server's certificate (with --endpoints).", valueName: "file"))
    var caFile: String?

    @Option(
        name: .customLong("cert"),
        help: ArgumentHelp("The client certificate to present to etcd (with --endpoints).", valueName: "file"))
    var certFile: String?

    @Option(
        name: .customLong("key"), help: ArgumentHelp("The client certificate's key (with --endpoints).", valueName: "file"))
    var keyFile: String?

    var tls: EtcdTLSFiles { EtcdTLSFiles(caFile: caFile, certFile: certFile, keyFile: keyFile) }

    func validate() throws {
        if endpoints == nil && !tls.isEmpty {
            throw ValidationError("--cacert, --cert and --key need --endpoints")
        }
        if (certFile == nil) != (keyFile == nil) {
            throw ValidationError("--cert and --key go together")
        }
        if let endpoints {
            do {
                _ = try EtcdEndpoint.list(endpoints, defaultTLS: !tls.isEmpty)
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    /// Runs `body` with the etcd at `--endpoints` when given, else with the embedded store `embedded` names;
    /// either is closed afterwards, also when `body` throws.
    func withStore<T>(embedded: StoreOptions, _ body: (any KeyValueStore) async throws -> T) async throws -> T {
        guard let endpoints else { return try await embedded.withStore { try await body($0) } }
        let client: EtcdClient
        do {
            client = try await EtcdClient(endpoints: endpoints, tls: tls)
        } catch {
            throw CommandError("\(error)")
        }
        return try await withClosing(client, close: { await $0.close() }, body)
    }
}
