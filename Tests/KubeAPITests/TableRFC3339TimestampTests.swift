import Foundation
import Testing

@testable import KubeAPI

@Suite struct TableRFC3339TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("2024-05-01T12:00:00Z", 1_714_564_800),
        ("2024-05-01T14:00:00+02:00", 1_714_564_800),
        ("2024-05-01T12:00:00.250000Z", 1_714_564_800.25), ("2000-02-29T00:00:00Z", 951_782_400),
        ("1969-12-31T23:59:59Z", -1),
    ])
    func parsesTimestamps(text: String, seconds: TimeInterval) {
        #expect(RFC3339Timestamp.date(from: text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: [
        "", "2024-05-01", "2024-05-01 12:00:00Z", "2024-13-01T12:00:00Z", "2024-05-01T12:00:00",
        "2024-05-01T12:00:00.Z",
    ])
    func rejectsOtherText(text: String) {
        #expect(RFC3339Timestamp.date(from: text) == nil)
    }

    @Test func formatsInstantsInUTCToTheSecond() {
        #expect(RFC3339Timestamp.string(from: Date(timeIntervalSince1970: 1_714_564_800.9)) == "2024-05-01T12:00:00Z")
        #expect(RFC3339Timestamp.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(RFC3339Timestamp.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }
}
