import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct JobControllerTests {
    private typealias F = BatchFixtures

    @Test func runsCompletionsAtMostParallelismAtATimeThenCompletes() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.jobs, F.job("pi", spec: ["completions": 3, "parallelism": 2]))
        let created = try await harness.get(F.jobs, "pi")
        try await harness.settle()
        let job = try await harness.get(F.jobs, "pi")
        let status = try #require(job.json["status"])
        #expect(status["succeeded"] == 3 && status["active"] == nil && status["failed"] == nil)
        #expect(status["ready"] == 0 && status["terminating"] == 0 && status["uncountedTerminatedPods"] == .emptyObject)
        let conditions = F.conditions(job)
        #expect(conditions.map { $0["type"] } == ["SuccessCriteriaMet", "Complete"])
        for condition in conditions {
            #expect(condition["status"] == "True" && condition["reason"] == "CompletionsReached")
            #expect(condition["message"] == "Reached expected number of succeeded pods")
        }
        #expect(status["completionTime"] == conditions[1]["lastTransitionTime"])
        let pods = try await F.pods(of: job, harness)
        #expect(pods.count == 3)
        let uid = try #require(created.uid)
        for pod in pods {
            #expect(pod.generateName == "pi-" && pod.finalizers.isEmpty)
            #expect(pod.labels["batch.kubernetes.io/job-name"] == "pi" && pod.labels["job-name"] == "pi")
            #expect(pod.labels["batch.kubernetes.io/controller-uid"] == uid && pod.labels["controller-uid"] == uid)
            let owner = try #require(pod.ownerReferences.first)
            #expect(owner["kind"] == "Job" && owner["apiVersion"] == "batch/v1" && owner["controller"] == true)
            #expect(pod.json[["status", "phase"]] == "Succeeded")
        }
        // Two ran side by side, the third after the first two finished.
        let starts = Set(pods.compactMap(\.creationTimestamp))
        #expect(starts.count == 2)
        let events = try await F.events(harness, about: "pi")
        #expect(events.filter { $0.0 == "SuccessfulCreate" }.map(\.1).sorted() == pods.map { "Created pod: \($0.name)" }.sorted())
        #expect(events.last.map { [$0.0, $0.1] } == ["Completed", "Job completed"])
    }

    @Test func aSettledJobWritesNothingOnASecondSettle() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.jobs, F.job("pi"))
        try await harness.settle()
        let revision = try await harness.revision()
        let jobBefore = try await harness.get(F.jobs, "pi")
        try await harness.settle()
        let jobAfter = try await harness.get(F.jobs, "pi")
        #expect(jobAfter.resourceVersion == jobBefore.resourceVersion)
        // Only the node's lease and status may move.
        let changed = try await harness.registry.list(F.pods, namespace: "default").items.filter { Int64($0.resourceVersion ?? "") ?? 0 > revision }
        #expect(changed.isEmpty)
    }

    @Test func indexedJobNamesPodsByIndexWithAnnotationLabelHostnameAndVariable() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.jobs, F.job("idx", spec: ["completions": 3, "parallelism": 3, "completionMode": "Indexed"]))
        try await harness.settle()
        let job = try await harness.get(F.jobs, "idx")
        #expect(job.json[["status", "completedIndexes"]] == "0-2")
        #expect(job.json[["status", "succeeded"]] == 3)
        let pods = try await F.pods(of: job, harness).sorted { $0.annotations[CompletionIndexKey.key] ?? "" < $1.annotations[CompletionIndexKey.key] ?? "" }
        #expect(pods.count == 3)
        for (index, pod) in pods.enumerated() {
            #expect(pod.annotations["batch.kubernetes.io/job-completion-index"] == String(index))
            #expect(pod.labels["batch.kubernetes.io/job-completion-index"] == String(index))
            #expect(pod.generateName == "idx-\(index)-" && pod.name.count == "idx-\(index)-".count + 5)
            #expect(pod.spec?["hostname"]?.stringValue == "idx-\(index)")
            let env = pod.spec?[["containers"]]?.arrayValue?.first?["env"]?.arrayValue ?? []
            #expect(env == [[
                "name": "JOB_COMPLETION_INDEX",
                "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.labels['batch.kubernetes.io/job-completion-index']"]],
            ]])
        }
    }

    @Test func failedPodsAreReplacedAfterDoublingBackoffUntilTheBackoffLimit() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.jobs, F.job("fail", spec: ["backoffLimit": 2], podAnnotations: ["kubesim.io/exit-code": "1"]))
        try await harness.settle()
        let job = try await harness.get(F.jobs, "fail")
        #expect(job.json[["status", "failed"]] == 3)
        #expect(job.json[["status", "succeeded"]] == nil && job.json[["status", "completionTime"]] == nil)
        let conditions = F.conditions(job)
        #expect(conditions.map { $0["type"] } == ["FailureTarget", "Failed"])
        for condition in conditions {
            #expect(condition["reason"] == "BackoffLimitExceeded" && condition["message"] == "Job has reached the specified backoff limit")
        }
        // Each replacement waits 10 s, then 20 s, after the previous pod's failure.
        let pods = try await F.pods(of: job, harness).sorted { ($0.creationTimestamp ?? "") < ($1.creationTimestamp ?? "") }
        #expect(pods.count == 3)
        let created = pods.compactMap { $0.creationTimestamp.flatMap(RFC3339Timestamp.date(from:)) }
        let finished = pods.map { pod in
            (pod.json[["status", "containerStatuses"]]?.arrayValue?.first?[["state", "terminated", "finishedAt"]]?.stringValue)
                .flatMap(RFC3339Timestamp.date(from:))
        }
        #expect(created[1].timeIntervalSince(try #require(finished[0])) == 10)
        #expect(created[2].timeIntervalSince(try #require(finished[1])) == 20)
        let events = try await F.events(harness, about: "fail")
        #expect(events.last.map { [$0.0, $0.1] } == ["BackoffLimitExceeded", "Job has reached the specified backoff limit"])
    }

    @Test func aJobActiveLongerThanItsDeadlineFailsAndItsPodsAreDeleted() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(
            F.jobs, F.job("slow", spec: ["activeDeadlineSeconds": 30], podAnnotations: ["kubesim.io/run-duration": "1h"]))
        try await harness.settle()
        let job = try await harness.get(F.jobs, "slow")
        let conditions = F.conditions(job)
        #expect(conditions.map { $0["type"] } == ["FailureTarget", "Failed"])
        #expect(conditions.last?["reason"] == "DeadlineExceeded")
        #expect(conditions.last?["message"] == "Job was active longer than specified deadline")
        let start = try #require(job.json[["status", "startTime"]]?.stringValue.flatMap(RFC3339Timestamp.date(from:)))
        let failedAt = try #require(conditions[0]["lastTransitionTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:)))
        #expect(failedAt.timeIntervalSince(start) == 30)
        #expect(job.json[["status", "failed"]] == 1 && job.json[["status", "active"]] == nil)
        #expect(try await F.pods(of: job, harness).isEmpty)
        let events = try await F.events(harness, about: "slow")
        #expect(events.contains { $0.0 == "SuccessfulDelete" })
        #expect(events.last.map { [$0.0, $0.1] } == ["DeadlineExceeded", "Job was active longer than specified deadline"])
    }

    @Test func ttlAfterFinishedDeletesTheJobAndItsPods() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.jobs, F.job("short", spec: ["ttlSecondsAfterFinished": 60]))
        let job = try await harness.get(F.jobs, "short")
        let start = harness.clock.now()
        try await harness.settle()
        await #expect(throws: StatusError.self) { try await harness.get(F.jobs, "short") }
        #expect(try await F.pods(of: job, harness).isEmpty)
        // Finished after about 6 s of pull, start and run, deleted 60 s later.
        #expect(harness.clock.now().timeIntervalSince(start) >= 60)
    }

    @Test func aSuspendedJobRunsNoPodsUntilResumed() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.jobs, F.job("later", spec: ["suspend": true]))
        try await harness.settle()
        var job = try await harness.get(F.jobs, "later")
        #expect(try await F.pods(of: job, harness).isEmpty)
        #expect(job.json[["status", "startTime"]] == nil)
        var suspended = try #require(F.conditions(job).first)
        #expect(suspended["type"] == "Suspended" && suspended["status"] == "True")
        #expect(suspended["reason"] == "JobSuspended" && suspended["message"] == "Job suspended")

        _ = try await harness.registry.mergePatch(F.jobs, namespace: "default", name: "later", ["spec": ["suspend": false]], options: WriteOptions())
        try await harness.settle()
        job = try await harness.get(F.jobs, "later")
        suspended = try #require(F.conditions(job).first)
        #expect(suspended["status"] == "False" && suspended["reason"] == "JobResumed" && suspended["message"] == "Job resumed")
        #expect(F.conditions(job).map { $0["type"] } == ["Suspended", "SuccessCriteriaMet", "Complete"])
        let events = try await F.events(harness, about: "later").map(\.0)
        #expect(events.first == "Suspended" && events.contains("Resumed"))
    }
}

private enum CompletionIndexKey {
    static let key = "batch.kubernetes.io/job-completion-index"
}
