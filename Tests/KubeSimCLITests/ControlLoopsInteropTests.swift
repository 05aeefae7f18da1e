import Foundation
import Testing

/// The real kubectl 1.32 against `kubesim serve` on the kubeadm-like cluster (control plane, node01, node02):
/// the control loops make Deployments roll out, pods run, services get endpoints, as on a real cluster.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct ControlLoopsInteropTests {
    @Test func deploymentRollsOutOnWorkersWithPodIPsInTheirCIDRs() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let created = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=3"])
            #expect(created.stdout == "deployment.apps/web created\n", "\(created)")
            let started = ContinuousClock.now
            let status = try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=10s"])
            #expect(status.status == 0 && status.stdout.contains("successfully rolled out"), "\(status)")
            #expect(ContinuousClock.now - started < .seconds(10))

            let cidrs = try await cluster.kubectl(
                ["get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.spec.podCIDR}{\"\\n\"}{end}"])
            let podCIDR = Dictionary(
                uniqueKeysWithValues: cidrs.stdout.split(separator: "\n").map { line in
                    let parts = line.split(separator: "=")
                    return (String(parts[0]), String(parts.count > 1 ? parts[1] : ""))
                })
            let pods = try await cluster.kubectl(["get", "pods", "-l", "app=web", "-o", "wide", "--no-headers"])
            let rows = pods.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            #expect(rows.count == 3, "\(pods)")
            for row in rows {
                #expect(row[1] == "1/1" && row[2] == "Running", "\(row)")
                let ip = String(row[5]), node = String(row[6])
                #expect(["node01", "node02"].contains(node), "\(row)")
                let prefix = (podCIDR[node] ?? "?").split(separator: ".").prefix(3).joined(separator: ".") + "."
                #expect(ip.hasPrefix(prefix), "\(ip) not in \(podCIDR[node] ?? "?")")
            }
            let replicaSets = try await cluster.kubectl(["get", "rs", "-l", "app=web", "--no-headers"])
            #expect(replicaSets.stdout.wholeMatch(of: #/web-[a-z0-9]+ +3 +3 +3 +\S+\n/#) != nil, "\(replicaSets)")
        }
    }

    @Test func rollingUpdateKeepsWithinSurgeAndAvailabilityThenUndoes() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=3"])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            let before = try await cluster.revision()
            let updated = try await cluster.kubectl(["set", "image", "deploy/web", "nginx=nginx:1.27"])
            #expect(updated.stdout == "deployment.apps/web image updated\n", "\(updated)")
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)

            // Replay every pod write since the update: never more than replicas + maxSurge (3 + 1) pods that are
            // not terminating, never fewer than replicas - maxUnavailable (3 - 0) of them ready.
            let history = try await cluster.podHistory(namespace: "default", since: before)
            #expect(!history.isEmpty)
            for state in history {
                let live = state.values.filter { $0.labels["app"] == "web" && !$0.terminating }
                #expect(live.count <= 4, "\(live.count) pods at once")
                #expect(live.filter(\.ready).count >= 3, "\(live.filter(\.ready).count) ready pods at once")
            }

            let historyOutput = try await cluster.kubectl(["rollout", "history", "deploy/web"])
            #expect(historyOutput.stdout.contains("1         <none>") && historyOutput.stdout.contains("2         <none>"), "\(historyOutput)")
            let undo = try await cluster.kubectl(["rollout", "undo", "deploy/web"])
            #expect(undo.stdout == "deployment.apps/web rolled back\n", "\(undo)")
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            let image = try await cluster.kubectl(["get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
            #expect(image.stdout == "nginx")
            // The second revision's pods go after their grace period's short stop.
            try await cluster.eventually {
                let pods = try await cluster.kubectl(
                    ["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].image}"])
                return pods.stdout.split(separator: " ") == ["nginx", "nginx", "nginx"]
            }
        }
    }

    @Test func scalingReplacingWaitingAndExposing() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=3"])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            #expect(try await cluster.kubectl(["scale", "deploy/web", "--replicas=5"]).stdout == "deployment.apps/web scaled\n")
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            #expect(try await cluster.runningPods("app=web").count == 5)
            _ = try await cluster.kubectl(["scale", "deploy/web", "--replicas=3"])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            try await cluster.eventually { try await cluster.runningPods("app=web").count == 3 }

            let victim = try #require(try await cluster.runningPods("app=web").first)
            let deleted = try await cluster.kubectl(["delete", "pod", victim])
            #expect(deleted.stdout == "pod \"\(victim)\" deleted\n", "\(deleted)")
            try await cluster.eventually {
                let running = try await cluster.runningPods("app=web")
                return running.count == 3 && !running.contains(victim)
            }
            let wait = try await cluster.kubectl(["wait", "--for=condition=Available", "deploy/web", "--timeout=20s"])
            #expect(wait.stdout == "deployment.apps/web condition met\n", "\(wait)")

            #expect(try await cluster.kubectl(["expose", "deploy", "web", "--port=80"]).stdout == "service/web exposed\n")
            let podIPs = Set(try await cluster.kubectl(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}"])
                .stdout.split(separator: " ").map(String.init))
            try await cluster.eventually {
                let endpoints = try await cluster.kubectl(["get", "endpoints", "web", "-o", "jsonpath={.subsets[*].addresses[*].ip}"])
                return Set(endpoints.stdout.split(separator: " ").map(String.init)) == podIPs
            }
            let slices = try await cluster.kubectl(
                ["get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "jsonpath={.items[*].endpoints[*].addresses[0]}"])
            #expect(Set(slices.stdout.split(separator: " ").map(String.init)) == podIPs, "\(slices)")
        }
    }

    @Test func schedulingRunCordonInsufficientCPUAndDrain() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["run", "p", "--image=busybox"])
            let ready = try await cluster.kubectl(["wait", "--for=condition=Ready", "pod/p", "--timeout=20s"])
            #expect(ready.stdout == "pod/p condition met\n", "\(ready)")
            // The simulated container's log is what its kubelet did.
            let logs = try await cluster.kubectl(["logs", "p"])
            #expect(logs.status == 0, "\(logs)")
            #expect(logs.stdout.contains("kubelet (simulated): Started container p\n"), "\(logs)")
            // Before the drain below, which may evict it.
            let describe = try await cluster.kubectl(["describe", "pod", "p"])
            for reason in ["Scheduled", "Pulling", "Pulled", "Created", "Started"] {
                #expect(describe.stdout.contains(reason), "describe lacks \(reason):\n\(describe.stdout)")
            }

            let big = try cluster.workspace.write(
                "big.yaml",
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: big}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    resources: {requests: {cpu: "64"}}

                """)
            _ = try await cluster.kubectl(["apply", "-f", big])
            let message =
                "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
            try await cluster.eventually {
                let events = try await cluster.kubectl(
                    ["get", "events", "--field-selector", "involvedObject.name=big,reason=FailedScheduling", "-o", "jsonpath={.items[*].message}"])
                return events.stdout == message
            }
            let phase = try await cluster.kubectl(["get", "pod", "big", "-o", "jsonpath={.status.phase}"])
            #expect(phase.stdout == "Pending")

            #expect(try await cluster.kubectl(["cordon", "node01"]).stdout == "node/node01 cordoned\n")
            for name in ["q1", "q2", "q3"] { _ = try await cluster.kubectl(["run", name, "--image=nginx"]) }
            try await cluster.eventually { try await cluster.runningPods("run").count >= 4 }
            let nodes = try await cluster.kubectl(
                ["get", "pods", "q1", "q2", "q3", "-o", "jsonpath={.items[*].spec.nodeName}"])
            #expect(nodes.stdout == "node02 node02 node02", "\(nodes)")
            _ = try await cluster.kubectl(["uncordon", "node01"])

            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=4"])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            let drain = try await cluster.kubectl(
                ["drain", "node01", "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=30s"])
            #expect(drain.status == 0 && drain.stdout.contains("node/node01 drained"), "\(drain)")
            try await cluster.eventually {
                let placed = try await cluster.kubectl(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}"])
                let running = try await cluster.runningPods("app=web")
                return running.count == 4 && !placed.stdout.contains("node01")
            }

            let sorted = try await cluster.kubectl(["get", "events", "--sort-by=.lastTimestamp", "-o", "jsonpath={.items[*].lastTimestamp}"])
            let times = sorted.stdout.split(separator: " ").map(String.init)
            #expect(!times.isEmpty && times == times.sorted(), "\(sorted)")
        }
    }
}

/// The registry as the lesson shows it with the real etcdctl, and a settled cluster left alone.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled && RealEtcd.isInstalled, "needs /usr/bin/kubectl and /usr/bin/etcdctl"))
struct ControlLoopsRegistryTests {
    @Test func realEtcdctlWatchShowsEachComponentsWritesInOrder() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let endpoint = try #require(cluster.output.firstMatch(of: /etcd v3 API serving on (https:\/\/127\.0\.0\.1:\d+)/)).1
            let pki = cluster.workspace.dataDirectory + "/pki/etcd/"
            let from = try await cluster.revision() + 1
            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=2"])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            _ = try await cluster.kubectl(["expose", "deploy", "web", "--port=80"])
            try await cluster.eventually {
                try await cluster.kubectl(["get", "endpoints", "web", "-o", "jsonpath={.subsets[*].addresses[*].ip}"]).stdout
                    .split(separator: " ").count == 2
            }
            let watch = try await CommandRunner.run(
                RealEtcd.client,
                [
                    "--endpoints", String(endpoint), "--cacert", pki + "ca.crt", "--cert", pki + "server.crt", "--key",
                    pki + "server.key", "watch", "/registry", "--prefix", "--rev", String(from),
                ],
                environment: ["ETCDCTL_API": "3"], interruptAfter: .seconds(2))
            let keys = watch.stdout.split(separator: "\n").filter { $0.hasPrefix("/registry/") }.map(String.init)
            func first(_ prefix: String) -> Int? { keys.firstIndex { $0.hasPrefix(prefix) } }
            let deployment = try #require(first("/registry/deployments/default/web"), "\(watch)")
            let replicaSet = try #require(first("/registry/replicasets/default/web-"))
            let pod = try #require(first("/registry/pods/default/web-"))
            let event = try #require(first("/registry/events/default/web"))
            let endpoints = try #require(first("/registry/services/endpoints/default/web"))
            #expect(deployment < replicaSet && replicaSet < pod && pod < endpoints)
            #expect(event > deployment)
            // The pod is written again for its binding and each status the kubelet reports.
            let podKey = keys[pod]
            #expect(keys.filter { $0 == podKey }.count >= 3, "\(keys)")
            #expect(keys.contains { $0.hasPrefix("/registry/endpointslices/default/web-") })
        }
    }

    /// No write loops: once the cluster has settled, the only writes over 30 s are the kubelets' lease
    /// renewals (every 10 s, as a real cluster's; a real cluster also renews the controller-manager's and
    /// scheduler's leader leases, which KubeSim's single instance does not hold).
    @Test func settledClusterWritesOnlyLeaseRenewalsFor30Seconds() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=3"])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
            try await Task.sleep(for: .seconds(2))
            let settled = try await cluster.revision()
            try await Task.sleep(for: .seconds(30))
            let watch = try await KubeSimBinary.etcdctl(
                ["watch", "/", "--prefix", "--rev", String(settled + 1)], dataDirectory: cluster.workspace.dataDirectory,
                bare: false, interruptAfter: .seconds(2))
            let keys = watch.stdout.split(separator: "\n").filter { $0.hasPrefix("/registry/") }
            #expect(keys.allSatisfy { $0.hasPrefix("/registry/leases/kube-node-lease/") }, "\(keys)")
        }
    }
}
