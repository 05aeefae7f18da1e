import Foundation
import Testing

/// The real kubectl 1.32 against `kubesim serve`: Jobs run to completion or fail past their backoff limit (by
/// annotation), a `*/1` CronJob makes a Job within a minute, a Job made from a CronJob's template with
/// `create job --from=cronjob/...` is accepted, and a DaemonSet runs on every schedulable node.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct BatchInteropTests {
    @Test func createJobCompletesAndWaitReturns() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let created = try await cluster.kubectl(["create", "job", "pi", "--image=perl", "--", "perl", "-e", "1"])
            #expect(created.stdout == "job.batch/pi created\n")
            let wait = try await cluster.kubectl(["wait", "--for=condition=complete", "job/pi", "--timeout=30s"])
            #expect(wait.stdout == "job.batch/pi condition met\n")
            let reason = try await cluster.kubectl(
                ["get", "job", "pi", "-o", "jsonpath={.status.conditions[?(@.type==\"Complete\")].reason}"])
            #expect(reason.stdout == "CompletionsReached")
            let events = try await cluster.kubectl(
                ["get", "events", "--field-selector", "involvedObject.name=pi", "-o", "jsonpath={.items[*].reason}"])
            #expect(events.stdout.split(separator: " ").map(String.init) == ["SuccessfulCreate", "Completed"])
        }
    }

    @Test func createJobFromCronJobIsAcceptedAndRuns() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["create", "cronjob", "tick", "--image=busybox", "--schedule=0 0 1 1 *", "--", "true"])
            let created = try await cluster.kubectl(["create", "job", "manual", "--from=cronjob/tick"])
            #expect(created.stdout == "job.batch/manual created\n")
            let annotation = try await cluster.kubectl(
                ["get", "job", "manual", "-o", "jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}"])
            #expect(annotation.stdout == "manual")
            let wait = try await cluster.kubectl(["wait", "--for=condition=complete", "job/manual", "--timeout=30s"])
            #expect(wait.status == 0)
        }
    }

    @Test func aJobWhosePodsFailReachesBackoffLimitExceeded() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let manifest = """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: flaky}
                spec:
                  backoffLimit: 1
                  template:
                    metadata:
                      annotations: {kubesim.io/exit-code: "1"}
                    spec:
                      restartPolicy: Never
                      containers: [{name: main, image: busybox, command: ["false"]}]

                """
            _ = try await cluster.kubectl(["apply", "-f", try cluster.workspace.write("flaky.yaml", manifest)])
            // The second pod starts after the first failure's 10 s backoff.
            let wait = try await cluster.kubectl(["wait", "--for=condition=failed", "job/flaky", "--timeout=60s"])
            #expect(wait.stdout == "job.batch/flaky condition met\n", "\(wait)")
            let reason = try await cluster.kubectl(
                ["get", "job", "flaky", "-o", "jsonpath={.status.conditions[?(@.type==\"Failed\")].reason}"])
            #expect(reason.stdout == "BackoffLimitExceeded")
            let failed = try await cluster.kubectl(["get", "job", "flaky", "-o", "jsonpath={.status.failed}"])
            #expect(failed.stdout == "2")
        }
    }

    @Test func aCronJobEveryMinuteMakesAJobWithin65Seconds() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["create", "cronjob", "minutely", "--image=busybox", "--schedule=*/1 * * * *", "--", "true"])
            try await cluster.eventually(within: .seconds(65)) {
                let jobs = try await cluster.kubectl(["get", "jobs", "-o", "jsonpath={.items[*].metadata.ownerReferences[0].name}"])
                return jobs.stdout.contains("minutely")
            }
            let last = try await cluster.kubectl(["get", "cronjob", "minutely", "-o", "jsonpath={.status.lastScheduleTime}"])
            #expect(last.stdout.hasSuffix(":00Z"), "\(last)")
        }
    }

    @Test func aDaemonSetRunsOnePodPerSchedulableNodeNotOnTheControlPlane() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let manifest = """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      containers: [{name: agent, image: busybox}]

                """
            _ = try await cluster.kubectl(["apply", "-f", try cluster.workspace.write("agent.yaml", manifest)])
            #expect(try await cluster.kubectl(["rollout", "status", "daemonset/agent", "--timeout=30s"]).status == 0)
            let nodes = try await cluster.kubectl(["get", "pods", "-l", "app=agent", "-o", "jsonpath={.items[*].spec.nodeName}"])
            #expect(nodes.stdout.split(separator: " ").sorted() == ["node01", "node02"], "\(nodes)")
            // Tolerating the control plane's taint puts one there too.
            _ = try await cluster.kubectl([
                "patch", "daemonset", "agent", "--type=json", "-p",
                #"[{"op":"add","path":"/spec/template/spec/tolerations","value":[{"key":"node-role.kubernetes.io/control-plane","operator":"Exists","effect":"NoSchedule"}]}]"#,
            ])
            try await cluster.eventually(within: .seconds(30)) {
                let placed = try await cluster.kubectl(["get", "pods", "-l", "app=agent", "-o", "jsonpath={.items[*].spec.nodeName}"])
                return placed.stdout.split(separator: " ").sorted() == ["controlplane", "node01", "node02"]
            }
        }
    }
}
