import Foundation
import Testing

/// `kubectl logs` (the real kubectl 1.32) against `kubesim serve` on the kubeadm-like cluster: the control-plane
/// pods show what KubeSim did in each role, in each component's format; workload containers show the lines their
/// simulated kubelet wrote; the options and errors are kube-apiserver's and the kubelet's.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct PodLogsInteropTests {
    static let klogHeader = #"[IWE]\d{4} \d\d:\d\d:\d\d\.\d{6}       1 [a-z_]+\.go:\d+\] "#

    @Test func followingTheAPIServerLogShowsAnotherKubectlsRequestInHttplogFormat() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let output = OutputSoFar()
            let probe = #"URI="/api/v1/namespaces/follow-probe""#
            async let follower = cluster.kubectl(
                ["logs", "-f", "kube-apiserver-controlplane", "-n", "kube-system"], interruptAfter: .seconds(25),
                interruptWhen: { output.record($0) || $0.contains(probe) })
            // The follower's own GET of the pod is in the log before it follows.
            let following = await output.waitFor(timeout: .seconds(15)) {
                $0.contains(#"URI="/api/v1/namespaces/kube-system/pods/kube-apiserver-controlplane""#)
            }
            #expect(following, "\(output.current)")
            let other = try await cluster.kubectl(["get", "namespace", "follow-probe"])
            #expect(other.status == 1)
            let result = try await follower
            // It was still following when the probe came, and was stopped by its pid (SIGINT).
            #expect(result.stdout.contains(probe), "\(result)")
            let line = result.stdout.split(separator: "\n").first { $0.contains(probe) }.map(String.init) ?? ""
            let pattern = try Regex(
                Self.klogHeader.replacingOccurrences(of: "[a-z_]+", with: "httplog")
                    + #""HTTP" verb="GET" URI="/api/v1/namespaces/follow-probe" latency="[0-9.]+(ns|µs|ms|s)" userAgent="kubectl/v1\.32[^"]*" audit-ID="[0-9a-f-]{36}" srcIP="127\.0\.0\.1:\d+" resp=404"#)
            #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
            #expect(result.stdout.hasPrefix("I"), "\(result)")
            #expect(result.stdout.contains("secure_serving.go:213] Serving securely on 127.0.0.1:"), "\(result)")
        }
    }

    @Test func controlPlaneLogsAndTheOptionsAsKubeAPIServerAndTheKubeletAnswerThem() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=2"])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            let system = ["-n", "kube-system"]

            let etcd = try await cluster.kubectl(["logs", "etcd-controlplane"] + system)
            let first = etcd.stdout.split(separator: "\n").first.map(String.init) ?? ""
            #expect(
                first.wholeMatch(
                    of: #/\{"level":"info","ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z","caller":"embed/serve\.go:250","msg":"serving client traffic securely","traffic":"grpc\+http","address":"127\.0\.0\.1:\d+"\}/#)
                    != nil, "\(etcd)")

            let scheduler = try await cluster.kubectl(["logs", "kube-scheduler-controlplane"] + system)
            let bound = try Regex(
                Self.klogHeader
                    + #""Successfully bound pod to node" pod="default/web-[a-z0-9]+-[a-z0-9]{5}" node="node0[12]" evaluatedNodes=3 feasibleNodes=2"#)
            #expect(scheduler.stdout.split(separator: "\n").filter { $0.wholeMatch(of: bound) != nil }.count == 2, "\(scheduler)")

            let manager = try await cluster.kubectl(["logs", "kube-controller-manager-controlplane"] + system)
            #expect(manager.stdout.contains(#"] "Started controller" controller="deployment-controller""#), "\(manager)")
            #expect(
                manager.stdout.contains(
                    #"] "Event occurred" logger="deployment-controller" object="default/web" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Normal" reason="ScalingReplicaSet" message="Scaled up replica set web-"#),
                "\(manager)")

            // --tail, --timestamps, --since, -c as kubectl and the kubelet take them.
            let tail = try await cluster.kubectl(["logs", "kube-apiserver-controlplane", "--tail=2"] + system)
            #expect(tail.stdout.split(separator: "\n").count == 2, "\(tail)")
            let stamped = try await cluster.kubectl(["logs", "kube-scheduler-controlplane", "--timestamps", "--tail=1"] + system)
            #expect(
                stamped.stdout.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z I\d{4} .+\n/#) != nil, "\(stamped)")
            let recent = try await cluster.kubectl(["logs", "kube-scheduler-controlplane", "--since=1h"] + system)
            #expect(recent.stdout == scheduler.stdout)
            let future = try await cluster.kubectl(
                ["logs", "kube-scheduler-controlplane", "--since-time=2099-01-01T00:00:00Z"] + system)
            #expect(future.status == 0 && future.stdout.isEmpty, "\(future)")
            let limited = try await cluster.kubectl(["logs", "etcd-controlplane", "--limit-bytes=10"] + system)
            #expect(limited.stdout == #"{"level":""#, "\(limited)")
            let named = try await cluster.kubectl(["logs", "etcd-controlplane", "-c", "etcd"] + system)
            #expect(named.stdout.hasPrefix(first), "\(named)")
            let wrong = try await cluster.kubectl(["logs", "etcd-controlplane", "-c", "nginx"] + system)
            #expect(wrong.status == 1)
            // kubectl checks the name itself; the API answers the same words as a BadRequest.
            #expect(wrong.stderr == "error: container nginx is not valid for pod etcd-controlplane\n", "\(wrong)")
            let wrongRaw = try await cluster.kubectl(
                ["get", "--raw", "/api/v1/namespaces/kube-system/pods/etcd-controlplane/log?container=nginx"])
            #expect(wrongRaw.stderr.contains("container nginx is not valid for pod etcd-controlplane"), "\(wrongRaw)")
            let previous = try await cluster.kubectl(["logs", "etcd-controlplane", "--previous"] + system)
            #expect(
                previous.stderr
                    == "Error from server (BadRequest): previous terminated container \"etcd\" in pod \"etcd-controlplane\" not found\n",
                "\(previous)")
            let invalid = try await cluster.kubectl(["get", "--raw", "/api/v1/namespaces/kube-system/pods/etcd-controlplane/log?tailLines=-1"])
            #expect(
                invalid.stderr.contains(
                    #"PodLogOptions "etcd-controlplane" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0"#),
                "\(invalid)")
        }
    }

    @Test(.enabled(if: RealEtcd.isInstalled, "needs /usr/bin/etcdctl"))
    func etcdPodLogShowsWhatTheRealEtcdctlMadeTheEndpointDo() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let endpoint = try #require(cluster.output.firstMatch(of: /etcd v3 API serving on (https:\/\/127\.0\.0\.1:\d+)/)).1
            let pki = cluster.workspace.dataDirectory + "/pki/etcd/"
            func etcdctl(_ arguments: [String]) async throws -> CommandResult {
                try await CommandRunner.run(
                    RealEtcd.client,
                    ["--endpoints", String(endpoint), "--cacert", pki + "ca.crt", "--cert", pki + "server.crt", "--key", pki + "server.key"]
                        + arguments, environment: ["ETCDCTL_API": "3"])
            }
            let revision = try await cluster.revision()
            #expect(try await etcdctl(["compact", String(revision)]).status == 0)
            #expect(try await etcdctl(["defrag"]).status == 0)
            let snapshot = cluster.workspace.directory.appendingPathComponent("snap.db").path
            #expect(try await etcdctl(["snapshot", "save", snapshot]).status == 0)

            let log = try await cluster.kubectl(["logs", "etcd-controlplane", "-n", "kube-system"])
            let lines = log.stdout.split(separator: "\n").map(String.init)
            func fields(_ line: String) -> [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:]
            }
            let messages = lines.map { fields($0)["msg"] as? String ?? "?" }
            #expect(
                messages == [
                    "serving client traffic securely", "compact tree index", "finished scheduled compaction", "starting defragment",
                    "finished defragment", "sending database snapshot to client", "sending database sha256 checksum to client",
                    "successfully sent database snapshot to client",
                ], "\(log)")
            #expect((fields(lines[1])["revision"] as? NSNumber)?.int64Value == revision, "\(log)")
            #expect((fields(lines[2])["compact-revision"] as? NSNumber)?.int64Value == revision, "\(log)")
            #expect(lines.allSatisfy { fields($0)["level"] as? String == "info" && fields($0)["caller"] is String })
        }
    }

    @Test func workloadContainersShowTheirSimulatedKubeletsLines() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=1"])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            // kubectl picks the deployment's pod through its selector.
            let logs = try await cluster.kubectl(["logs", "deploy/web"])
            #expect(logs.status == 0, "\(logs)")
            let lines = logs.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first.map { $0.hasPrefix("kubelet (simulated): Pulling image \"nginx\"") || $0.hasPrefix("kubelet (simulated): Container image \"nginx\"") } == true, "\(logs)")
            #expect(lines.contains("kubelet (simulated): Created container nginx"), "\(logs)")
            #expect(lines.contains("kubelet (simulated): Started container nginx"), "\(logs)")
            #expect(lines.contains { $0.contains("container nginx is simulated: no process runs in it") }, "\(logs)")

            // Several containers: kubectl defaults to the first and says so; the API itself asks for a name.
            let manifest = """
                apiVersion: v1
                kind: Pod
                metadata: {name: multi}
                spec:
                  containers:
                  - {name: a, image: nginx}
                  - {name: b, image: busybox, command: [sleep, "3600"]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: slow, annotations: {kubesim.io/pull-duration: 2m}}
                spec:
                  containers:
                  - {name: app, image: redis}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: done, annotations: {kubesim.io/run-duration: 1s, kubesim.io/exit-code: "3"}}
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: task, image: busybox, command: ["false"]}
                """
            #expect(try await cluster.kubectl(["apply", "-f", "-"], stdin: manifest).status == 0)
            try await cluster.eventually {
                try await cluster.kubectl(["get", "pod", "multi", "-o", "jsonpath={.status.phase}"]).stdout == "Running"
            }
            let defaulted = try await cluster.kubectl(["logs", "multi"])
            #expect(defaulted.stderr == "Defaulted container \"a\" out of: a, b\n", "\(defaulted)")
            #expect(defaulted.stdout.contains("kubelet (simulated): Started container a\n"), "\(defaulted)")
            let raw = try await cluster.kubectl(["get", "--raw", "/api/v1/namespaces/default/pods/multi/log"])
            #expect(raw.stderr.contains("a container name must be specified for pod multi, choose one of: [a b]"), "\(raw)")
            let second = try await cluster.kubectl(["logs", "multi", "-c", "b"])
            #expect(second.stdout.contains("kubelet (simulated): Started container b\n"), "\(second)")
            #expect(!second.stdout.contains("container a"), "\(second)")

            let waiting = try await cluster.kubectl(["logs", "slow"])
            #expect(
                waiting.stderr == "Error from server (BadRequest): container \"app\" in pod \"slow\" is waiting to start: ContainerCreating\n",
                "\(waiting)")

            try await cluster.eventually {
                try await cluster.kubectl(["get", "pod", "done", "-o", "jsonpath={.status.phase}"]).stdout == "Failed"
            }
            // A follow of an exited container ends after its last line, as the kubelet's does.
            let exited = try await cluster.kubectl(["logs", "-f", "done"], interruptAfter: .seconds(10))
            #expect(exited.status == 0, "\(exited)")
            #expect(exited.stdout.hasSuffix("kubelet (simulated): Container task exited with code 3 (Error)\n"), "\(exited)")

            // A follow ends when the pod is deleted, with the container's stop.
            let pod = try await cluster.kubectl(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}"]).stdout
            let following = OutputSoFar()
            async let follower = cluster.kubectl(
                ["logs", "-f", pod], interruptAfter: .seconds(40), interruptWhen: { following.record($0) })
            // It follows once it has printed the container's start.
            #expect(await following.waitFor { $0.contains("Started container nginx") }, "\(following.current)")
            _ = try await cluster.kubectl(["delete", "pod", pod, "--wait=false"])
            let followed = try await follower
            #expect(followed.status == 0, "\(followed)")
            #expect(followed.stdout.contains("kubelet (simulated): Stopping container nginx\n"), "\(followed)")
            #expect(followed.stdout.hasSuffix("kubelet (simulated): Container nginx exited with code 0 (Completed)\n"), "\(followed)")
        }
    }
}
