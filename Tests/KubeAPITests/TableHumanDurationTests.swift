import Foundation
import Testing

@testable import KubeAPI

@Suite struct TableHumanDurationTests {
    static let minute = 60.0
    static let hour = 3_600.0
    static let day = 86_400.0

    @Test(
        arguments: [
            (0, "0s"), (-1, "0s"), (-1.9, "0s"), (-2, "<invalid>"), (0.9, "0s"), (5, "5s"), (59, "59s"), (60, "60s"),
            (119, "119s"), (119.9, "119s"), (120, "2m"), (182, "3m2s"), (599, "9m59s"), (600, "10m"), (601, "10m"),
            (179 * minute + 59, "179m"), (3 * hour, "3h"), (3 * hour + 5 * minute, "3h5m"),
            (7 * hour + 59 * minute, "7h59m"),
            (8 * hour, "8h"), (47 * hour, "47h"), (48 * hour, "2d"), (2 * day + 3 * hour, "2d3h"), (5 * day, "5d"),
            (7 * day + 23 * hour, "7d23h"), (8 * day, "8d"), (729 * day, "729d"), (730 * day, "2y"),
            (730 * day + 45 * day, "2y45d"), (3 * 365 * day, "3y"), (8 * 365 * day, "8y"),
            (9 * 365 * day + 100 * day, "9y"),
        ] as [(TimeInterval, String)])
    func roundsLikeApimachinery(interval: TimeInterval, text: String) {
        #expect(HumanDuration.string(for: interval) == text)
    }

    @Test func agesTimestampsAndCallsMissingOnesUnknown() throws {
        let now = try #require(RFC3339Timestamp.date(from: "2024-05-01T12:00:00Z"))
        #expect(HumanDuration.since("2024-05-01T11:55:00Z", now: now) == "5m")
        #expect(HumanDuration.since("2024-04-28T09:00:00Z", now: now) == "3d3h")
        #expect(HumanDuration.since(nil, now: now) == "<unknown>")
        #expect(HumanDuration.since("yesterday", now: now) == "<unknown>")
    }
}
