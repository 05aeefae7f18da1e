@testable import Controllers
import Foundation
import Testing

@Suite(.serialized) struct CronScheduleTests {
    private static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    private static func iso(_ date: Date?) -> String? {
        date.map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test(arguments: [
        ("*/15 * * * *", "2025-06-15T15:06:40Z", "2025-06-15T15:15:00Z"),
        ("0 9 * * MON-FRI", "2025-06-14T10:00:00Z", "2025-06-16T09:00:00Z"),
        ("@hourly", "2025-06-15T15:00:00Z", "2025-06-15T16:00:00Z"),
        ("@daily", "2025-06-15T15:00:00Z", "2025-06-16T00:00:00Z"),
        ("@weekly", "2025-06-15T15:00:00Z", "2025-06-22T00:00:00Z"),
        ("@monthly", "2025-06-15T15:00:00Z", "2025-07-01T00:00:00Z"),
        ("@yearly", "2025-06-15T15:00:00Z", "2026-01-01T00:00:00Z"),
        ("5,10-12 3 * * *", "2025-06-15T03:10:30Z", "2025-06-15T03:11:00Z"),
        ("0 0 31 * *", "2025-06-01T00:00:00Z", "2025-07-31T00:00:00Z"),
        ("0 0 29 FEB *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        // Neither day field is a star: either may match (the 1st, or a Monday).
        ("0 0 1 * MON", "2025-06-15T15:00:00Z", "2025-06-16T00:00:00Z"),
        // A stepped star is no star: both day fields match by either.
        ("0 0 */10 * MON", "2025-06-12T01:00:00Z", "2025-06-16T00:00:00Z"),
        ("5/20 * * * *", "2025-06-15T15:26:00Z", "2025-06-15T15:45:00Z"),
        ("@every 90m", "2025-06-15T15:00:00Z", "2025-06-15T16:30:00Z"),
        ("CRON_TZ=Asia/Tokyo 0 9 * * *", "2025-06-15T01:00:00Z", "2025-06-16T00:00:00Z"),
        ("TZ=America/New_York 0 9 * * *", "2025-06-15T12:00:00Z", "2025-06-15T13:00:00Z"),
    ])
    func nextTimeFollowsTheSchedule(schedule: String, after: String, expected: String) throws {
        let parsed = try CronSchedule(schedule)
        #expect(Self.iso(parsed.next(after: Self.date(after))) == expected)
    }

    @Test func aTimeSkippedBySpringForwardDoesNotRunThatDay() throws {
        let schedule = try CronSchedule("CRON_TZ=America/New_York 30 2 * * *")
        // 2025-03-09: clocks jump from 02:00 EST to 03:00 EDT.
        #expect(Self.iso(schedule.next(after: Self.date("2025-03-08T08:00:00Z"))) == "2025-03-10T06:30:00Z")
    }

    @Test func aTimeRepeatedByFallBackRunsTwice() throws {
        let schedule = try CronSchedule("CRON_TZ=America/New_York 30 1 * * *")
        // 2025-11-02: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
        let first = schedule.next(after: Self.date("2025-11-02T04:00:00Z"))
        #expect(Self.iso(first) == "2025-11-02T05:30:00Z")
        #expect(Self.iso(first.flatMap(schedule.next(after:))) == "2025-11-02T06:30:00Z")
    }

    @Test(arguments: [
        ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
        ("61 * * * *", "end of range (61) above maximum (59): 61"),
        ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
        ("@fortnightly", "unrecognized descriptor: @fortnightly"),
        ("CRON_TZ=Mars/Olympus 0 * * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"),
    ])
    func invalidSchedulesFailWithRobfigsMessage(schedule: String, message: String) {
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule(schedule) }
        do {
            _ = try CronSchedule(schedule)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func manyMissedTimesAreCountedAndTheMostRecentIsFound() throws {
        let schedule = try CronSchedule("*/1 * * * *")
        let created = Self.date("2025-06-15T12:00:30Z")
        let times = CronScheduleTimes(schedule: schedule, created: created, lastScheduled: nil, startingDeadlineSeconds: nil)
        let recent = try times.mostRecent(now: Self.date("2025-06-15T15:00:20Z"), withDeadline: true).get()
        #expect(Self.iso(recent.time) == "2025-06-15T15:00:00Z" && recent.missed == .many)
        let windowed = CronScheduleTimes(schedule: schedule, created: created, lastScheduled: nil, startingDeadlineSeconds: 200)
        let inWindow = try windowed.mostRecent(now: Self.date("2025-06-15T15:00:20Z"), withDeadline: true).get()
        #expect(Self.iso(inWindow.time) == "2025-06-15T15:00:00Z" && inWindow.missed == .few)
    }
}
