import Foundation
import Testing

/// The embedded command line settles the control loops after a command that writes: a Deployment applied is
/// a ReplicaSet and Running pods when `kubesim apply` returns.
@Suite(.serialized)
struct ControlLoopsCLITests {
    /// The repository's `manifests/` folder.
    static var manifests: String {
        ReplayTests.fixtures.deletingLastPathComponent().appendingPathComponent("manifests").path
    }

    /// `NAMESPACE NAME READY STATUS ...` rows of `kubesim get pods -A`.
    private func podRows(_ workspace: KubectlWorkspace) async throws -> [[Substring]] {
        let pods = try await workspace.kubesim(["get", "pods", "-A", "--no-headers"])
        return pods.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    }

    @Test func applyOfTheManifestsLeavesTheWorkloadPodsRunning() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let applied = try await workspace.kubesim(["apply", "-f", Self.manifests])
        #expect(applied.status == 0, "\(applied)")
        let rows = try await podRows(workspace)
        let web = rows.filter { $0[0] == "shop" && $0[1].hasPrefix("web-") }
        #expect(web.count == 2, "\(rows)")
        #expect(web.allSatisfy { $0[2] == "1/1" && $0[3] == "Running" }, "\(rows)")
        let coreDNS = rows.filter { $0[1].hasPrefix("coredns-") }
        #expect(coreDNS.count == 2 && coreDNS.allSatisfy { $0[3] == "Running" }, "\(rows)")
        let replicaSets = try await workspace.kubesim(["get", "rs", "-n", "shop", "--no-headers"])
        #expect(replicaSets.stdout.contains(#/(^|\n)web-[a-z0-9]+ +2 +2 +2 /#), "\(replicaSets)")
    }

    @Test func noControllersStoresOnlyWhatTheCommandWrites() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("web.yaml", KubectlServeInteropTests.deployment)
        #expect(try await workspace.kubesim(["apply", "-f", file, "--no-controllers"]).status == 0)
        let keys = try await workspace.keys()
        #expect(!keys.contains { $0.hasPrefix("/registry/replicasets/") }, "\(keys)")
        // The next command that writes settles what is there.
        #expect(try await workspace.kubesim(["apply", "-f", file]).stdout == "deployment.apps/web unchanged\n")
        #expect(try await workspace.keys().contains { $0.hasPrefix("/registry/replicasets/default/web-") })
    }

    @Test func deletedCoreDNSPodIsReplacedAndKubeDNSEndpointsFollow() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let before = try await podRows(workspace).filter { $0[1].hasPrefix("coredns-") }.map { String($0[1]) }
        #expect(before.count == 2)
        let deleted = try await workspace.kubesim(["delete", "pod", before[0], "-n", "kube-system"])
        #expect(deleted.stdout == "pod \"\(before[0])\" deleted\n", "\(deleted)")
        let after = try await podRows(workspace).filter { $0[1].hasPrefix("coredns-") }
        #expect(after.count == 2 && !after.contains { $0[1] == before[0] } && after.allSatisfy { $0[3] == "Running" }, "\(after)")
        let ips = try await workspace.kubesim(["get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns", "-o", "jsonpath={.items[*].status.podIP}"])
        let endpoints = try await workspace.kubesim(
            ["get", "endpoints", "kube-dns", "-n", "kube-system", "-o", "jsonpath={.subsets[*].addresses[*].ip}"])
        #expect(Set(endpoints.stdout.split(separator: " ")) == Set(ips.stdout.split(separator: " ")), "\(endpoints) \(ips)")
    }

    @Test func loneTaintedControlPlaneLeavesWorkloadsPending() async throws {
        let workspace = try KubectlWorkspace(bare: true)
        defer { workspace.remove() }
        // `--bare` is for new stores only; a cluster with no workers comes from `init --workers 0`.
        let data = workspace.directory.appendingPathComponent("lone").path
        let initialised = try await CommandRunner.run(KubeSimBinary.path, ["init", "--workers", "0", "--data-dir", data])
        #expect(initialised.status == 0, "\(initialised)")
        let file = try workspace.write("web.yaml", KubectlServeInteropTests.deployment)
        #expect(try await CommandRunner.run(KubeSimBinary.path, ["apply", "-f", file, "--data-dir", data]).status == 0)
        let pods = try await CommandRunner.run(
            KubeSimBinary.path, ["get", "pods", "-l", "app=web", "--no-headers", "--data-dir", data])
        let rows = pods.stdout.split(separator: "\n")
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains("Pending") }, "\(pods)")
        let events = try await CommandRunner.run(
            KubeSimBinary.path,
            ["get", "events", "--field-selector", "reason=FailedScheduling", "-o", "jsonpath={.items[0].message}", "--data-dir", data])
        #expect(
            events.stdout.hasPrefix(
                "0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }."),
            "\(events)")
    }

    @Test func secondApplyOnASettledClusterWritesNothingButLeases() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        #expect(try await workspace.kubesim(["apply", "-f", Self.manifests]).status == 0)
        let settled = try await workspace.revision()
        #expect(try await workspace.kubesim(["apply", "-f", Self.manifests]).status == 0)
        let watch = try await KubeSimBinary.etcdctl(
            ["watch", "/", "--prefix", "--rev", String(settled + 1)], dataDirectory: workspace.dataDirectory, bare: false,
            interruptAfter: .seconds(1))
        let keys = watch.stdout.split(separator: "\n").filter { $0.hasPrefix("/registry/") }
        #expect(keys.allSatisfy { $0.hasPrefix("/registry/leases/kube-node-lease/") }, "\(keys)")
    }
}

/// `kubesim clock advance` moves the embedded cluster's simulated time and runs the loops through it: a
/// `*/5 * * * *` CronJob has made a Job once five simulated minutes have passed, without waiting for them.
@Suite(.serialized)
struct ClockCommandTests {
    @Test func advancingTheClockRunsACronJobsSchedule() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let file = try workspace.write("cron.yaml", """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: tick, namespace: default}
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: tick, image: busybox, command: ["true"]}]
            """)
        #expect(try await workspace.kubesim(["apply", "-f", file]).status == 0)
        #expect(try await workspace.kubesim(["get", "jobs", "--no-headers"]).stdout.isEmpty)
        let before = try await workspace.kubesim(["clock"])
        let advanced = try await workspace.kubesim(["clock", "advance", "6m"])
        #expect(advanced.status == 0, "\(advanced)")
        let formatter = ISO8601DateFormatter()
        let start = try #require(formatter.date(from: before.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(before)")
        let end = try #require(formatter.date(from: advanced.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(advanced)")
        #expect(end.timeIntervalSince(start) >= 360, "\(before) \(advanced)")
        let jobs = try await workspace.kubesim(["get", "jobs", "--no-headers"])
        #expect(jobs.stdout.hasPrefix("tick-"), "\(jobs)")
        let refused = try await workspace.kubesim(["clock", "advance", "1x"])
        #expect(refused.status != 0 && refused.stderr.contains("invalid duration \"1x\""), "\(refused)")
    }
}
