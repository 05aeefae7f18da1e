import ArgumentParser
import Foundation

/// `kubesim cluster up|down|status|kill|restart`: the HA control plane of the lesson's last part, run for real on
/// this machine (etcd members, API servers, haproxy), to stand up and break.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run an HA control plane for real (etcd members, API servers, haproxy), and break it.",
        subcommands: [ClusterUp.self, ClusterDown.self, ClusterStatus.self, ClusterKill.self, ClusterRestart.self])
}

/// Which process a `kill` or `restart` names: `etcd NAME`, `api N`, or `haproxy`.
struct ClusterTarget: ParsableArguments {
    @Argument(help: ArgumentHelp("etcd, api or haproxy.", valueName: "role"))
    var role: String

    @Argument(help: ArgumentHelp("The etcd member's name (controlplane02) or the API server's number (1).", valueName: "name"))
    var name: String?

    func validate() throws {
        guard ClusterState.Component.Role(rawValue: role == "apiserver" ? "api" : role) != nil || role == "haproxy" else {
            throw ValidationError("the role must be etcd, api or haproxy, not \(role)")
        }
        if role != "haproxy" && name == nil {
            throw ValidationError("\(role) needs a name: \(role == "etcd" ? "etcd controlplane02" : "api 1")")
        }
    }

    func component(in state: ClusterState) throws -> ClusterState.Component {
        if role == "haproxy" || role == "balancer" { return try state.component(.balancer, "haproxy") }
        let kind = ClusterState.Component.Role(rawValue: role == "apiserver" ? "api" : role) ?? .api
        return try state.component(kind, name ?? "")
    }
}
