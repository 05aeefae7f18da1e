import Foundation
import Testing

/// The real kubectl 1.32 reaching into the seeded cluster's containers with `exec` and `debug`, over both of its
/// streaming protocols: WebSocket (`v5.channel.k8s.io`, its default) and SPDY/3.1
/// (`KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false`).
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct ExecInteropTests {
    enum Transport: String, CaseIterable, CustomTestStringConvertible {
        case webSocket, spdy

        var environment: [String: String] { self == .spdy ? ["KUBECTL_REMOTE_COMMAND_WEBSOCKETS": "false"] : [:] }
        var testDescription: String { rawValue }
    }

    /// The lesson's command, word for word.
    static let tls = "--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/server.crt --key /etc/kubernetes/pki/etcd/server.key"
    static let lesson = "ETCDCTL_API=3 etcdctl get / --prefix --keys-only --limit=10 \(tls)"

    private func exec(
        _ cluster: ServedCluster, _ transport: Transport, _ command: [String], pod: String = "etcd-controlplane",
        namespace: String = "kube-system"
    ) async throws -> CommandResult {
        try await cluster.kubectl(["exec", pod, "-n", namespace, "--"] + command, environment: transport.environment)
    }

    /// The lesson's command as a learner types it in a shell, continuation line included.
    static let typed = """
        kubectl exec etcd-controlplane -n kube-system -- sh -c "ETCDCTL_API=3 etcdctl get / --prefix --keys-only --limit=10 \\
          --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/server.crt --key /etc/kubernetes/pki/etcd/server.key"
        """

    @Test(arguments: Transport.allCases) func theLessonsEtcdctlCommandsWorkInTheEtcdPod(_ transport: Transport) async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let first = try await CommandRunner.run(
                "/bin/sh", ["-c", Self.typed],
                environment: transport.environment.merging(
                    ["KUBECONFIG": cluster.kubeconfig, "PATH": "/usr/bin:/bin"]) { $1 })
            let keys = first.stdout.split(separator: "\n").map(String.init)
            #expect(first.status == 0 && keys.count == 10 && keys.allSatisfy { $0.hasPrefix("/registry/") }, "\(first)")

            let all = try await exec(cluster, transport, ["sh", "-c", Self.lesson.replacingOccurrences(of: " --limit=10", with: "")])
            let allKeys = all.stdout.split(separator: "\n").map(String.init)
            #expect(all.status == 0 && allKeys.count > 10 && Array(allKeys.prefix(10)) == keys, "\(all)")
            #expect(allKeys.contains("/registry/pods/kube-system/etcd-controlplane"))

            let piped = try await exec(
                cluster, transport,
                ["sh", "-c", "ETCDCTL_API=3 etcdctl get /registry/pods --prefix --keys-only \(Self.tls) | grep etcd | head -n 1"])
            #expect(piped.stdout == "/registry/pods/kube-system/etcd-controlplane\n", "\(piped)")

            let v2 = try await exec(cluster, transport, ["sh", "-c", "ETCDCTL_API=2 etcdctl ls /registry"])
            #expect(v2.status == 1 && v2.stderr.hasPrefix("Error: ETCDCTL_API=2 selects the etcd v2 API"), "\(v2)")
            #expect(v2.stderr.contains("Use: etcdctl get /registry --prefix --keys-only"), "\(v2)")

            let health = try await exec(cluster, transport, ["sh", "-c", "ETCDCTL_API=3 etcdctl endpoint health \(Self.tls)"])
            #expect(health.status == 0, "\(health)")
            #expect(health.stderr.hasPrefix("127.0.0.1:2379 is healthy: successfully committed proposal: took = "), "\(health)")

            let members = try await exec(cluster, transport, ["sh", "-c", "ETCDCTL_API=3 etcdctl member list \(Self.tls)"])
            #expect(members.status == 0 && members.stdout.contains(", started, controlplane, https://"), "\(members)")
            #expect(members.stdout.contains(":2379, false\n"), "\(members)")

            // A certificate that neither is etcd's nor signed it is not a CA the client may trust: the handshake
            // fails and etcdctl gives up after its command timeout, as it does when its connection never comes up.
            let wrongCA = try await exec(
                cluster, transport,
                ["sh", "-c", Self.lesson.replacingOccurrences(of: "--cacert /etc/kubernetes/pki/etcd/ca.crt", with: "--cacert /etc/kubernetes/pki/etcd/peer.crt")])
            #expect(wrongCA.status == 1 && wrongCA.stdout.isEmpty, "\(wrongCA)")
            #expect(wrongCA.stderr.contains("x509: certificate signed by unknown authority"), "\(wrongCA)")
            #expect(wrongCA.stderr.contains("Error: context deadline exceeded\ncommand terminated with exit code 1"), "\(wrongCA)")

            // etcd's own certificate is trusted as itself (Go's verification accepts a root that is the leaf).
            let itself = try await exec(
                cluster, transport,
                ["sh", "-c", Self.lesson.replacingOccurrences(of: "--cacert /etc/kubernetes/pki/etcd/ca.crt", with: "--cacert /etc/kubernetes/pki/etcd/server.crt")])
            #expect(itself.status == 0 && itself.stdout == first.stdout, "\(itself)")
            let mismatched = try await exec(
                cluster, transport, ["sh", "-c", Self.lesson.replacingOccurrences(of: "etcd/server.key", with: "etcd/peer.key")])
            #expect(mismatched.status == 128 && mismatched.stderr.hasPrefix("Error: tls: private key does not match public key\n"), "\(mismatched)")

            // The cluster CA is not mounted in the etcd container: etcdctl cannot open it (exit 128).
            let missing = try await exec(
                cluster, transport,
                ["sh", "-c", Self.lesson.replacingOccurrences(of: "/etc/kubernetes/pki/etcd/ca.crt", with: "/etc/kubernetes/pki/ca.crt")])
            #expect(missing.status == 128, "\(missing)")
            #expect(missing.stderr.hasPrefix("Error: open /etc/kubernetes/pki/ca.crt: no such file or directory\n"), "\(missing)")

            let version = try await exec(cluster, transport, ["etcd", "--version"])
            #expect(version.status == 0 && version.stdout.hasPrefix("etcd Version: 3.5."), "\(version)")
            let files = try await exec(cluster, transport, ["ls", "/etc/kubernetes/pki/etcd"])
            #expect(files.stdout.split(separator: "\n").contains("ca.crt"), "\(files)")
            let hostname = try await exec(cluster, transport, ["hostname"])
            #expect(hostname.stdout == "controlplane\n", "\(hostname)")
        }
    }

    @Test(arguments: Transport.allCases) func exitCodesAndSimulatedContainersAnswerHonestly(_ transport: Transport) async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let falsy = try await exec(cluster, transport, ["false"])
            #expect(falsy.status == 1 && falsy.stderr == "command terminated with exit code 1\n", "\(falsy)")
            let chained = try await exec(cluster, transport, ["sh", "-c", "true && echo yes; exit 3"])
            #expect(chained.status == 3 && chained.stdout == "yes\n", "\(chained)")
            let unknown = try await exec(cluster, transport, ["sh", "-c", "curl localhost"])
            #expect(unknown.status == 127 && unknown.stderr.hasPrefix("sh: 1: curl: not found\n"), "\(unknown)")

            #expect(try await cluster.kubectl(["run", "web", "--image=nginx:1.27"]).status == 0)
            try await cluster.eventually {
                try await cluster.kubectl(["get", "pod", "web", "-o", "jsonpath={.status.phase}"]).stdout == "Running"
            }
            let nginx = try await exec(cluster, transport, ["ls"], pod: "web", namespace: "default")
            #expect(nginx.status == 1, "\(nginx)")
            #expect(nginx.stderr.contains("kubesim simulates containers: container \"web\" of pod \"web\" runs no process"), "\(nginx)")
            #expect(nginx.stderr.contains("etcd container of the kube-system/etcd-<node> static pod"), "\(nginx)")
            let missing = try await exec(cluster, transport, ["ls"], pod: "nope", namespace: "default")
            #expect(missing.status == 1 && missing.stderr.contains("pods \"nope\" not found"), "\(missing)")

            // kubectl debug adds an ephemeral container, which the kubelet simulator then reports running.
            let debug = try await cluster.kubectl(
                ["debug", "web", "--image=busybox:1.36", "-c", "debugger-\(transport.rawValue.lowercased())"],
                environment: transport.environment)
            #expect(debug.status == 0 && !debug.stderr.contains("panic"), "\(debug)")
            try await cluster.eventually {
                let state = try await cluster.kubectl(
                    ["get", "pod", "web", "-o", "jsonpath={.status.ephemeralContainerStatuses[0].state.running.startedAt}"])
                return !state.stdout.isEmpty
            }
            let forward = try await cluster.kubectl(["port-forward", "pod/web", "18080:80"], environment: transport.environment)
            #expect(forward.status == 1 && forward.stderr.contains("kubesim simulates containers"), "\(forward)")
        }
    }

    /// `kubectl exec -it ... -- sh` in a terminal: a prompt, echo of what is typed, a command's output, `exit`.
    @Test(arguments: Transport.allCases) func anInteractiveShellRunsInATerminal(_ transport: Transport) async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let driver = try cluster.workspace.write("terminal_driver.py", TerminalDriver.script)
            let result = try await CommandRunner.run(
                "/usr/bin/env",
                ["python3", driver, ServedCluster.kubectlPath, "--kubeconfig", cluster.kubeconfig, "--cache-dir",
                    cluster.cacheDirectory, "exec", "-it", "etcd-controlplane", "-n", "kube-system", "--", "sh"],
                environment: transport.environment, timeout: .seconds(60))
            #expect(result.stdout.contains("# hostnaem\\x08 \\x08\\x08 \\x08me\\r\\ncontrolplane\\r\\n# exit 4\\r\\n"), "\(result)")
            #expect(result.stdout.hasSuffix("\n4\n"), "\(result)")
        }
    }
}
