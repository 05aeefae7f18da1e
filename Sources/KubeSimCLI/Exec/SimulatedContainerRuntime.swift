import APIServer
import EtcdCore
import EtcdPKI
import KubeAPI

/// The containers `kubesim serve`'s exec reaches: the seeded cluster's etcd static pod (`kube-system/etcd-<node>`,
/// container `etcd`) answers the commands a learner types there — `sh -c`, `etcdctl` on the served store,
/// `etcd --version`, `ls`, `cat`, `env`, `hostname` and an interactive `sh`; every other container is simulated
/// and runs nothing, which exec says plainly.
public struct SimulatedContainerRuntime: ContainerRuntime {
    let store: SQLiteStore?
    let dataDirectory: String
    /// The served etcd's PKI; nil when the etcd API is served without TLS.
    let etcdPKI: EtcdPKI?

    public init(store: SQLiteStore?, dataDirectory: String, etcdPKI: EtcdPKI?) {
        self.store = store
        self.dataDirectory = dataDirectory
        self.etcdPKI = etcdPKI
    }

    public func run(_ request: ContainerProcessRequest, streams: ContainerStreams) async -> ContainerExit {
        guard Self.isEtcd(request) else {
            return .failed(
                UnsimulatedContainerRuntime.message(request) + ". Commands run only in the etcd container of the "
                    + "kube-system/etcd-<node> static pod, which answers sh -c \"...\", etcdctl, etcd --version, ls, cat, "
                    + "env and hostname")
        }
        guard case .exec(let command) = request.kind else {
            return .failed("kubesim simulates etcd's process: there is no output to attach to; use kubectl exec")
        }
        let shell = SimulatedShell(
            container: container(request.pod), environment: environment(request), out: streams.stdout, err: streams.stderr)
        let program = command[0].split(separator: "/").last.map(String.init) ?? ""
        if ["sh", "bash"].contains(program) && !command.contains("-c") && command.count == 1 {
            return .exited(await ShellSession(shell: shell, terminal: request.tty, out: streams.stdout).run(input: streams.stdin))
        }
        return .exited(await shell.execute(command, environment: shell.variables))
    }

    static func isEtcd(_ request: ContainerProcessRequest) -> Bool {
        request.pod.namespace == "kube-system" && request.container == "etcd"
            && request.pod.json[["metadata", "labels", "component"]]?.stringValue == "etcd"
    }

    private func container(_ pod: KubeObject) -> SimulatedShell.Container {
        let files = ContainerFiles(pod: pod, container: "etcd", dataDirectory: dataDirectory, binaries: ["etcd", "etcdctl", "etcdutl"])
        let image = (pod.json[["spec", "containers"]]?.arrayValue ?? []).first { $0["name"]?.stringValue == "etcd" }?["image"]?.stringValue
        // registry.k8s.io/etcd:3.5.16-0 → 3.5.16
        let version = image?.split(separator: ":").last.map { String($0.split(separator: "-")[0]) } ?? "3.5.16"
        let command = (pod.json[["spec", "containers"]]?.arrayValue ?? []).first { $0["name"]?.stringValue == "etcd" }?["command"]?.arrayValue ?? []
        let advertised = command.compactMap(\.stringValue).first { $0.hasPrefix("--advertise-client-urls=") }
            .map { $0.dropFirst("--advertise-client-urls=".count).split(separator: ",").map(String.init) }
        let etcdctl = ContainerEtcdctl(
            store: store, serverCertificate: etcdPKI?.serverCertificate, files: files, clientURLs: advertised ?? [],
            version: version)
        let hostname = pod.json[["spec", "nodeName"]]?.stringValue ?? pod.name
        return SimulatedShell.Container(files: files, etcdctl: etcdctl, hostname: hostname, etcdVersion: version)
    }

    /// The process environment a container runtime gives: PATH, HOSTNAME, HOME, TERM with a terminal, and the
    /// container's `env`.
    private func environment(_ request: ContainerProcessRequest) -> [String: String] {
        var environment = [
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOSTNAME": request.pod.json[["spec", "nodeName"]]?.stringValue ?? request.pod.name, "HOME": "/root",
        ]
        if request.tty { environment["TERM"] = "xterm" }
        let spec = (request.pod.json[["spec", "containers"]]?.arrayValue ?? []).first { $0["name"]?.stringValue == request.container }
        for variable in spec?["env"]?.arrayValue ?? [] {
            if let name = variable["name"]?.stringValue, let value = variable["value"]?.stringValue { environment[name] = value }
        }
        return environment
    }
}
