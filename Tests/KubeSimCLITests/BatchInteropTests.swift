import Foundation
import Testing

/// The real kubectl 1.32 against `kubesim serve`: Jobs run to completion (and fail by annotation), and a Job
/// made from a CronJob's template with `create job --from=cronjob/...` is accepted.
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
}
