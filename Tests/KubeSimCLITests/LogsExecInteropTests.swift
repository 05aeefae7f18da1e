import Foundation
import Testing

/// `kubesim logs` and `kubesim exec` beside the real kubectl 1.32: the same commands through kubesim embedded on a
/// settled data directory, then, with `kubesim serve` started on it, through the real kubectl and through
/// `kubesim --kubeconfig`; outputs and exit codes compared after normalising times.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct LogsExecInteropTests {
    static let tls =
        "--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/server.crt --key /etc/kubernetes/pki/etcd/server.key"
    /// The lesson's command.
    static let lesson = "ETCDCTL_API=3 etcdctl get / --prefix --keys-only --limit=10 \(tls)"

    static let twoContainers = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: multi
          labels: {app: multi}
        spec:
          containers:
          - {name: a, image: nginx:1.27}
          - {name: b, image: busybox:1.36, command: [sleep, "3600"]}
        """
    static let unschedulable = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: nowhere
        spec:
          nodeSelector: {disk: none}
          containers:
          - {name: app, image: nginx:1.27}
        """

    /// The commands compared, each run the three ways.
    static let script: [[String]] = [
        ["logs", "deploy/web"],
        ["logs", "deploy/web", "--tail=1", "--prefix"],
        ["logs", "deploy/web", "--timestamps"],
        ["logs", "job/once"],
        ["logs", "-f", "job/once"],
        ["logs", "-l", "app=web", "--prefix"],
        ["logs", "deploy/web", "-c", "nope"],
        ["logs", "deploy/web", "--limit-bytes=12"],
        ["logs", "deploy/web", "--since=1h"],
        ["logs", "deploy/web", "--since-time=2099-01-01T00:00:00Z"],
        ["logs", "deploy/web", "--previous"],
        ["logs", "deploy/web", "--since=1h", "--since-time=2099-01-01T00:00:00Z"],
        ["logs", "deploy/web", "--all-containers", "-c", "nginx"],
        ["logs", "multi"],
        ["logs", "multi", "b"],
        ["logs", "multi", "--all-containers", "--prefix"],
        ["logs", "nowhere"],
        ["logs", "nope"],
        ["logs", "-l", "app=none"],
        ["logs"],
        ["logs", "configmap/kube-root-ca.crt"],
        ["exec", "etcd-controlplane", "-n", "kube-system", "--", "sh", "-c", lesson],
        ["exec", "etcd-controlplane", "-n", "kube-system", "--", "false"],
        ["exec", "etcd-controlplane", "-n", "kube-system", "--", "sh", "-c", "echo out; echo err >&2; exit 3"],
        ["exec", "etcd-controlplane", "-n", "kube-system", "--", "hostname"],
        ["exec", "-i", "etcd-controlplane", "-n", "kube-system", "--", "sh"],
        ["exec", "-it", "etcd-controlplane", "-n", "kube-system", "--", "sh"],
        ["exec", "job/once", "--", "ls"],
        ["exec", "etcd-controlplane", "-n", "kube-system", "-c", "nope", "--", "ls"],
        ["exec", "etcd-controlplane", "-n", "kube-system"],
        ["exec", "deploy/web", "--", "ls"],
        ["exec", "multi", "--", "ls"],
        ["exec", "nowhere", "--", "ls"],
        ["exec", "nope", "--", "ls"],
        ["exec"],
    ]

    /// What the `-i` run reads on its standard input.
    static func input(_ command: [String]) -> String? {
        command.contains("-i") || command.contains("-it") ? "hostname\nexit 4\n" : nil
    }

    /// Times and the server's address are not the same from one run to the next.
    static func normalised(_ text: String) -> String {
        text.replacing(#/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/#, with: "TIME")
    }

    /// With several logs (`--all-containers`, `-l`), kubectl reads them in its map's order, which Go randomises:
    /// their lines are compared sorted.
    static func normalised(_ result: CommandResult, command: [String]) -> CommandResult {
        var stdout = normalised(result.stdout)
        if command.contains("--all-containers") || command.contains("-l") {
            stdout = stdout.split(separator: "\n").sorted().map { $0 + "\n" }.joined()
        }
        return CommandResult(stdout: stdout, stderr: normalised(result.stderr), status: result.status)
    }

    @Test func logsAndExecAnswerAsKubectlEmbeddedAndThroughAServer() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        for setup in [
            ["create", "deployment", "web", "--image=nginx"], ["create", "job", "once", "--image=busybox", "--", "echo", "hi"],
            ["apply", "-f", try workspace.write("multi.yaml", Self.twoContainers)],
            ["apply", "-f", try workspace.write("nowhere.yaml", Self.unschedulable)],
        ] {
            let result = try await workspace.kubesim(setup)
            #expect(result.status == 0, "\(setup): \(result)")
        }
        var embedded: [CommandResult] = []
        for command in Self.script { embedded.append(try await workspace.kubesim(command, stdin: Self.input(command))) }

        let cluster = try await ServedCluster(workspace: workspace)
        do {
            // The server's kubelets take the running pods on as its loops start.
            try await cluster.eventually { !(try await cluster.kubectl(["logs", "multi", "-c", "b"]).stdout.isEmpty) }
            for (index, command) in Self.script.enumerated() {
                let kubectl = try await cluster.kubectl(command, stdin: Self.input(command))
                let remote = try await cluster.kubesim(command, stdin: Self.input(command))
                let expected = Self.normalised(kubectl, command: command)
                let throughServer = Self.normalised(remote, command: command)
                let inProcess = Self.normalised(embedded[index], command: command)
                #expect(throughServer == expected, "\(command) through the server\n--- kubectl\n\(expected)\n--- kubesim\n\(throughServer)")
                #expect(inProcess == expected, "\(command) embedded\n--- kubectl\n\(expected)\n--- kubesim\n\(inProcess)")
            }
        } catch {
            await cluster.stop(keepingData: true)
            throw error
        }
        await cluster.stop(keepingData: true)
    }

    /// A container the kubelet has not started yet: its log is not there yet and exec cannot reach it, in the
    /// kubelet's words as kubectl reports them.
    @Test func aContainerNotStartedYetIsRefusedAsTheKubeletRefusesIt() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let manifest = try cluster.workspace.write(
                "slow.yaml",
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: slow
                  annotations: {kubesim.io/pull-duration: 1h}
                spec:
                  containers:
                  - {name: app, image: nginx:1.27}
                """)
            #expect(try await cluster.kubectl(["apply", "-f", manifest]).status == 0)
            try await cluster.eventually {
                try await cluster.kubectl(["get", "pod", "slow", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}"])
                    .stdout == "ContainerCreating"
            }
            for command in [["exec", "slow", "--", "ls"], ["logs", "slow"], ["logs", "-f", "slow"]] {
                let kubectl = try await cluster.kubectl(command)
                let kubesim = try await cluster.kubesim(command)
                #expect(kubesim == kubectl, "\(command)\n--- kubectl\n\(kubectl)\n--- kubesim\n\(kubesim)")
                #expect(kubectl.status == 1 && !kubectl.stderr.isEmpty, "\(kubectl)")
            }
        }
    }

    /// Embedded, the logs are what this command's loops wrote: the simulated kubelet's line for a container that
    /// was running before, the controller manager's start-up; a follow says that nothing more will come and
    /// ends on Ctrl-C, or at once for a container that has exited.
    @Test func embeddedLogsSayWhatTheyHoldAndFollowHonestly() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        #expect(try await workspace.kubesim(["create", "deployment", "web", "--image=nginx"]).status == 0)
        #expect(try await workspace.kubesim(["create", "job", "once", "--image=busybox", "--", "echo", "hi"]).status == 0)
        let web = try await workspace.kubesim(["logs", "deploy/web"])
        #expect(
            web.stdout
                == "kubelet (simulated): container nginx was already running when this simulated kubelet started; its earlier lines are not kept (logs live in the memory of kubesim serve)\n",
            "\(web)")
        let manager = try await workspace.kubesim(["logs", "kube-controller-manager-controlplane", "-n", "kube-system"])
        #expect(manager.status == 0 && manager.stdout.contains(#"] "Started controller" controller="deployment-controller""#), "\(manager)")

        let followed = try await CommandRunner.run(
            KubeSimBinary.path, ["logs", "-f", "deploy/web", "--data-dir", workspace.dataDirectory], interruptAfter: .seconds(25),
            interruptWhen: { $0.contains("was already running") })
        #expect(followed.stdout == web.stdout, "\(followed)")
        #expect(followed.stderr.contains("nothing more is written to this log while the command waits"), "\(followed)")
        #expect(followed.status == 130, "\(followed)")
        let ended = try await workspace.kubesim(["logs", "-f", "job/once"])
        #expect(ended.status == 0 && ended.stderr.isEmpty, "\(ended)")
    }

    /// `kubesim exec -it ... -- sh` in a terminal, embedded: the local terminal in raw mode, the container's shell
    /// echoing and editing as it does for kubectl (`ExecInteropTests`), the exit code at the end.
    @Test func anInteractiveShellRunsInATerminalEmbedded() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let driver = try workspace.write("terminal_driver.py", TerminalDriver.script)
        let result = try await CommandRunner.run(
            "/usr/bin/env",
            ["python3", driver, KubeSimBinary.path, "exec", "-it", "etcd-controlplane", "-n", "kube-system", "--data-dir",
                workspace.dataDirectory, "--", "sh"],
            timeout: .seconds(60))
        #expect(result.stdout.contains("# hostnaem\\x08 \\x08\\x08 \\x08me\\r\\ncontrolplane\\r\\n# exit 4\\r\\n"), "\(result)")
        #expect(result.stdout.hasSuffix("\n4\n"), "\(result)")
    }
}
