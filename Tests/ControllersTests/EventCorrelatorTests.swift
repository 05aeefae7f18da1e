import Foundation
import Testing

@testable import Controllers

/// client-go's `EventCorrelator` defaults: aggregation after 10 similar messages in 10 minutes, counting of
/// repeats, and a spam filter of 25 events per source and object refilled at one per 5 minutes.
struct EventCorrelatorTests {
    private let start = Date(timeIntervalSince1970: 1_750_000_000)

    private func facts(_ message: String, reason: String = "SuccessfulCreate", object: String = "web-5d4f") -> EventCorrelator.Facts {
        EventCorrelator.Facts(
            component: "replicaset-controller", host: "", kind: "ReplicaSet", namespace: "default", name: object,
            uid: "uid-\(object)", apiVersion: "apps/v1", fieldPath: "", type: "Normal", reason: reason, message: message)
    }

    @Test func aRepeatIsAPatchOfItsCount() {
        var correlator = EventCorrelator()
        var names = 0
        let first = correlator.correlate(facts("Created pod: a"), now: start) { names += 1; return "e\(names)" }
        let second = correlator.correlate(facts("Created pod: a"), now: start.addingTimeInterval(5)) { names += 1; return "e\(names)" }
        #expect(first == .create(name: "e1", message: "Created pod: a", count: 1, firstTimestamp: start))
        #expect(second == .patch(name: "e1", message: "Created pod: a", count: 2, firstTimestamp: start))
    }

    @Test func theTenthSimilarMessageStartsOneCombinedEvent() {
        var correlator = EventCorrelator()
        var names = 0
        var decisions: [EventCorrelator.Decision] = []
        for index in 1...12 {
            decisions.append(correlator.correlate(facts("Created pod: p\(index)"), now: start) { names += 1; return "e\(names)" })
        }
        for index in 0..<9 {
            #expect(decisions[index] == .create(name: "e\(index + 1)", message: "Created pod: p\(index + 1)", count: 1, firstTimestamp: start))
        }
        #expect(decisions[9] == .create(name: "e10", message: "(combined from similar events): Created pod: p10", count: 1, firstTimestamp: start))
        #expect(decisions[10] == .patch(name: "e10", message: "(combined from similar events): Created pod: p11", count: 2, firstTimestamp: start))
        #expect(decisions[11] == .patch(name: "e10", message: "(combined from similar events): Created pod: p12", count: 3, firstTimestamp: start))
    }

    @Test func similarMessagesTenMinutesApartAreNotCombined() {
        var correlator = EventCorrelator()
        for index in 1...9 { _ = correlator.correlate(facts("Created pod: p\(index)"), now: start) { "e" } }
        let later = correlator.correlate(facts("Created pod: p10"), now: start.addingTimeInterval(601)) { "late" }
        #expect(later == .create(name: "late", message: "Created pod: p10", count: 1, firstTimestamp: start.addingTimeInterval(601)))
    }

    @Test func aSourceWrites25EventsAboutAnObjectThenOneEveryFiveMinutes() {
        var correlator = EventCorrelator()
        var skipped = 0
        for index in 1...30 {
            if correlator.correlate(facts("m", reason: "R\(index)"), now: start, newName: { "e\(index)" }) == .skip { skipped += 1 }
        }
        #expect(skipped == 5)
        #expect(correlator.correlate(facts("m", reason: "Late"), now: start.addingTimeInterval(299)) { "x" } == .skip)
        #expect(correlator.correlate(facts("m", reason: "Later"), now: start.addingTimeInterval(300)) { "y" } != .skip)
        // Another object has a bucket of its own.
        #expect(correlator.correlate(facts("m", object: "other"), now: start) { "z" } != .skip)
    }

    @Test func aDroppedEventStillCounts() {
        var correlator = EventCorrelator()
        for index in 1...25 { _ = correlator.correlate(facts("m", reason: "R\(index)"), now: start) { "e\(index)" } }
        #expect(correlator.correlate(facts("m", reason: "R1"), now: start) { "n" } == .skip)
        let refilled = correlator.correlate(facts("m", reason: "R1"), now: start.addingTimeInterval(300)) { "n" }
        #expect(refilled == .patch(name: "e1", message: "m", count: 3, firstTimestamp: start))
    }
}
