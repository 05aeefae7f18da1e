import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim cluster-info`: where the control plane runs and the addresses of the services labelled
/// `kubernetes.io/cluster-service=true` in kube-system (or `-n`), as kubectl prints them. Embedded, there is no
/// server: the control plane runs in the command on the data directory, and the services' proxy paths are those
/// `kubesim serve` answers.
struct ClusterInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cluster-info", abstract: "Display cluster information.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace of the cluster services.")
    var namespace = "kube-system"

    func run() async throws {
        let host = try serverOptions.kubeconfigToUse()?.server
        let console = Console.standard
        try await serverOptions.withCluster(store: store) { client, _ in
            let services = try await client.list(
                BuiltinResources.services, namespace: namespace,
                labelSelector: try LabelSelector(parsing: "kubernetes.io/cluster-service=true"), fieldSelector: .everything,
                limit: 0, continueToken: nil)
            if let host {
                console.out.line("Kubernetes control plane is running at \(host)")
            } else {
                console.out.line("Kubernetes control plane is running embedded on \(store.resolvedDataDirectory()) (no server)")
            }
            for service in services.items {
                let name = service.json[["metadata", "labels", "kubernetes.io/name"]]?.stringValue ?? service.name
                console.out.line("\(name) is running at \(Self.link(service, host: host ?? ""))")
            }
        }
        console.out.write("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
    }

    /// A load balancer's `http://<ingress>:<port>` for each port (each followed by a space, as kubectl writes
    /// them), else the service's proxy path on the API server.
    static func link(_ service: KubeObject, host: String) -> String {
        let ports = service.json[["spec", "ports"]]?.arrayValue ?? []
        if let ingress = service.json[["status", "loadBalancer", "ingress"]]?.arrayValue?.first {
            let address = ingress["ip"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? ingress["hostname"]?.stringValue ?? ""
            return ports.map { "http://\(address):\($0["port"]?.intValue ?? 0) " }.joined()
        }
        var name = service.name
        if let port = ports.first {
            let portName = port["name"]?.stringValue ?? ""
            let scheme = portName == "https" || port["port"]?.intValue == 443 ? "https" : ""
            // apimachinery's JoinSchemeNamePort.
            if !scheme.isEmpty {
                name = "\(scheme):\(name):\(portName)"
            } else if !portName.isEmpty {
                name = "\(name):\(portName)"
            }
        }
        return "\(host)/api/v1/namespaces/\(service.namespace ?? "")/services/\(name)/proxy"
    }
}
