import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct CronJobControllerTests {
    private typealias F = BatchFixtures

    /// Runs the loops through `seconds` of simulated time, as `kubesim clock advance` does.
    private func advance(_ harness: ClusterHarness, _ seconds: TimeInterval) async throws {
        let report = try await harness.manager.settle(on: harness.clock, until: harness.clock.now().addingTimeInterval(seconds))
        #expect(report.settled)
    }

    private func jobNames(_ harness: ClusterHarness) async throws -> [String] {
        try await harness.registry.list(F.jobs, namespace: "default").items.map(\.name)
    }

    @Test func theNextRunDoesNotKeepASimulationGoingButAdvancingTheClockReachesIt() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.cronJobs, F.cronJob("tick", schedule: "*/1 * * * *"))
        let start = harness.clock.now()
        try await harness.settle()
        #expect(harness.clock.now() == start)
        #expect(try await jobNames(harness).isEmpty)

        try await advance(harness, 60)
        let names = try await jobNames(harness)
        let minute = Int64(start.timeIntervalSince1970) / 60 + 1
        #expect(names == ["tick-\(minute)"])
        let job = try await harness.get(F.jobs, "tick-\(minute)")
        let scheduled = Date(timeIntervalSince1970: TimeInterval(minute * 60))
        #expect(job.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] == RFC3339Timestamp.string(from: scheduled))
        let owner = try #require(job.ownerReferences.first)
        #expect(owner["kind"] == "CronJob" && owner["name"] == "tick" && owner["controller"] == true)
        let cronJob = try await harness.get(F.cronJobs, "tick")
        #expect(cronJob.json[["status", "lastScheduleTime"]]?.stringValue == RFC3339Timestamp.string(from: scheduled))
        // The Job ran to completion in the settle that followed: it left `active`, and is the last success.
        #expect(cronJob.json[["status", "active"]] == nil)
        #expect(cronJob.json[["status", "lastSuccessfulTime"]] == job.json[["status", "completionTime"]])
        let events = try await F.events(harness, about: "tick")
        #expect(events.map(\.0) == ["SuccessfulCreate", "SawCompletedJob"])
        #expect(events.map(\.1) == ["Created job tick-\(minute)", "Saw completed job: tick-\(minute), status: Complete"])
    }

    @Test func successfulHistoryBeyondTheLimitIsDeletedOldestFirst() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.cronJobs, F.cronJob("tick", schedule: "*/1 * * * *", spec: ["successfulJobsHistoryLimit": 2]))
        let start = harness.clock.now()
        try await advance(harness, 5 * 60)
        let minute = Int64(start.timeIntervalSince1970) / 60
        #expect(try await jobNames(harness) == ["tick-\(minute + 4)", "tick-\(minute + 5)"])
        let deletes = try await F.events(harness, about: "tick").filter { $0.0 == "SuccessfulDelete" }.map(\.1)
        #expect(deletes == (1...3).map { "Deleted job tick-\(minute + Int64($0))" })
    }

    @Test func forbidSkipsARunWhileThePreviousOneIsActive() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(
            F.cronJobs,
            F.cronJob("slow", schedule: "*/1 * * * *", spec: ["concurrencyPolicy": "Forbid"], podAnnotations: ["kubesim.io/run-duration": "90s"]))
        let start = harness.clock.now()
        try await advance(harness, 2 * 60)
        let minute = Int64(start.timeIntervalSince1970) / 60
        // The 15:08 run waited for the 15:07 one, then started late, as kube-controller-manager's does without a
        // startingDeadlineSeconds.
        #expect(try await jobNames(harness) == ["slow-\(minute + 1)", "slow-\(minute + 2)"])
        let first = try await harness.get(F.jobs, "slow-\(minute + 1)")
        let second = try await harness.get(F.jobs, "slow-\(minute + 2)")
        #expect(second.creationTimestamp == first.json[["status", "completionTime"]]?.stringValue)
        let events = try await F.events(harness, about: "slow")
        #expect(events.map(\.0) == ["SuccessfulCreate", "JobAlreadyActive", "SawCompletedJob", "SuccessfulCreate", "SawCompletedJob"])
        #expect(events[1].1 == "Not starting job because prior execution is running and concurrency policy is Forbid")
    }

    @Test func replaceDeletesTheRunningJobForTheNewOne() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(
            F.cronJobs,
            F.cronJob("slow", schedule: "*/1 * * * *", spec: ["concurrencyPolicy": "Replace"], podAnnotations: ["kubesim.io/run-duration": "90s"]))
        let start = harness.clock.now()
        try await advance(harness, 2 * 60)
        let minute = Int64(start.timeIntervalSince1970) / 60
        #expect(try await jobNames(harness) == ["slow-\(minute + 2)"])
        let events = try await F.events(harness, about: "slow").map(\.1)
        #expect(events == [
            "Created job slow-\(minute + 1)", "Deleted job slow-\(minute + 1)", "Created job slow-\(minute + 2)",
            "Saw completed job: slow-\(minute + 2), status: Complete",
        ])
    }

    @Test func tooManyMissedStartTimesWarnsAndStartsTheMostRecentOnly() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.cronJobs, F.cronJob("late", schedule: "*/1 * * * *"))
        try await harness.settle()
        // The controller was down for three hours.
        harness.clock.advance(to: harness.clock.now().addingTimeInterval(3 * 3600))
        try await harness.settle()
        let minute = Int64(harness.clock.now().timeIntervalSince1970) / 60
        let names = try await jobNames(harness)
        #expect(names.count == 1 && names.first.map { $0.hasPrefix("late-") } == true)
        #expect(names.first.flatMap { Int64($0.dropFirst("late-".count)) }.map { minute - $0 <= 1 } == true)
        let events = try await F.events(harness, about: "late")
        #expect(events.first.map { [$0.0, $0.1] } == [
            "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
        ])
    }

    @Test func aSuspendedCronJobStartsNothing() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(F.cronJobs, F.cronJob("off", schedule: "*/1 * * * *", spec: ["suspend": true]))
        try await advance(harness, 5 * 60)
        #expect(try await jobNames(harness).isEmpty)
    }

    @Test func aScheduleInATimeZoneRunsAtItsLocalTime() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        // 2025-06-15T15:06:40Z is 00:06:40 on the 16th in Tokyo: the next 01:00 there is 16:00Z on the 15th.
        try await harness.create(F.cronJobs, F.cronJob("tokyo", schedule: "0 1 * * *", spec: ["timeZone": "Asia/Tokyo"]))
        try await advance(harness, 3600)
        let job = try #require(try await harness.registry.list(F.jobs, namespace: "default").items.first)
        #expect(job.name == "tokyo-\(Int64(1_750_003_200) / 60)")
        #expect(job.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2025-06-16T01:00:00+09:00")
    }
}
