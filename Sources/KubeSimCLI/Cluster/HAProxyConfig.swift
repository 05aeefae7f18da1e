/// The haproxy configuration in front of the API servers, as kubeadm's HA guide ("Options for Software Load
/// Balancing") writes it: TCP mode (TLS goes through to the API servers, whose certificate clients check),
/// round-robin, each server checked every second and taken out after two failed checks, and a connection
/// that fails to reach one server sent to another.
struct HAProxyConfig {
    var bindPort: Int
    /// The API servers' ports on 127.0.0.1, with their names.
    var servers: [(name: String, port: Int)]

    var text: String {
        var lines = [
            "# Written by kubesim cluster up: the load balancer in front of the kube-apiservers.",
            "global",
            "    maxconn 4096",
            "",
            "defaults",
            "    mode tcp",
            "    option dontlognull",
            "    retries 3",
            "    option redispatch",
            "    timeout connect 2s",
            "    timeout client 1h",
            "    timeout server 1h",
            "",
            "frontend kube-apiserver",
            "    bind 127.0.0.1:\(bindPort)",
            "    default_backend kube-apiserver",
            "",
            "backend kube-apiserver",
            "    balance roundrobin",
            "    option tcp-check",
        ]
        for server in servers {
            lines.append("    server apiserver-\(server.name) 127.0.0.1:\(server.port) check inter 1s fall 2 rise 1")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
