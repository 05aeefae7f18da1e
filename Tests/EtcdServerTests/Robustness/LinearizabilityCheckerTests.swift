import RobustnessKit
import Testing

/// The checker itself: it must reject histories no order explains and accept concurrent ones some order does.
struct LinearizabilityCheckerTests {
    private func op(
        _ client: Int, _ call: Int64, _ ret: Int64, _ request: KVRequest, _ response: KVResponse
    ) -> Operation {
        Operation(client: client, request: request, response: response, call: call, return: ret)
    }

    private func isLinearizable(_ operations: [Operation]) -> Bool {
        if case .linearizable = LinearizabilityChecker().check(operations) { return true }
        return false
    }

    @Test func aStaleReadAfterAnAcknowledgedWriteIsRejected() {
        let history = [
            op(0, 1, 2, .put(key: "k", value: "a", lease: 0), .write(revision: 2)),
            op(1, 3, 4, .get(key: "k"), .get(value: nil, modRevision: 0, revision: 1)),
        ]
        #expect(!isLinearizable(history))
    }

    @Test func concurrentReadsOnEitherSideOfAWriteAreAccepted() {
        let history = [
            op(0, 1, 8, .put(key: "k", value: "a", lease: 0), .write(revision: 2)),
            op(1, 2, 3, .get(key: "k"), .get(value: nil, modRevision: 0, revision: 1)),
            op(2, 4, 5, .get(key: "k"), .get(value: "a", modRevision: 2, revision: 2)),
            op(1, 6, 7, .put(key: "j", value: "b", lease: 0), .write(revision: 3)),
        ]
        #expect(isLinearizable(history))
    }

    @Test func twoCompareAndSwapsOnOneRevisionCannotBothWin() {
        let history = [
            op(0, 1, 4, .compareAndSwap(key: "k", expectedModRevision: 0, value: "a"),
               .compareAndSwap(succeeded: true, revision: 2, current: nil, currentModRevision: nil)),
            op(1, 2, 3, .compareAndSwap(key: "k", expectedModRevision: 0, value: "b"),
               .compareAndSwap(succeeded: true, revision: 3, current: nil, currentModRevision: nil)),
        ]
        #expect(!isLinearizable(history))
    }

    @Test func aReadReturningAValueThatWasOverwrittenBeforeItBeganIsRejected() {
        let history = [
            op(0, 1, 2, .put(key: "k", value: "a", lease: 0), .write(revision: 2)),
            op(0, 3, 4, .put(key: "k", value: "b", lease: 0), .write(revision: 3)),
            op(1, 5, 6, .get(key: "k"), .get(value: "a", modRevision: 2, revision: 3)),
        ]
        #expect(!isLinearizable(history))
    }

    @Test func anUnknownWriteMayHaveHappenedOrNot() {
        let unknown = op(0, 1, 2, .put(key: "k", value: "a", lease: 0), .unknown)
        let seen = op(1, 3, 4, .get(key: "k"), .get(value: "a", modRevision: 2, revision: 2))
        let unseen = op(1, 3, 4, .get(key: "k"), .get(value: nil, modRevision: 0, revision: 1))
        #expect(isLinearizable([unknown, seen]))
        #expect(isLinearizable([unknown, unseen]))
        // Seen, then unseen again: no order has that.
        let later = op(2, 5, 6, .get(key: "k"), .get(value: nil, modRevision: 0, revision: 1))
        #expect(!isLinearizable([unknown, seen, later]))
    }

    @Test func revokingALeaseDeletesItsKeysAtOneRevision() {
        let history = [
            op(0, 1, 2, .leaseGrant(id: 5), .leaseGrant(revision: 1)),
            op(0, 3, 4, .put(key: "a", value: "1", lease: 5), .write(revision: 2)),
            op(0, 5, 6, .put(key: "b", value: "2", lease: 5), .write(revision: 3)),
            op(1, 7, 8, .leaseRevoke(id: 5), .leaseRevoke(revision: 4)),
            op(1, 9, 10, .get(key: "b"), .get(value: nil, modRevision: 0, revision: 4)),
            op(0, 11, 12, .put(key: "c", value: "3", lease: 5), .leaseNotFound),
        ]
        #expect(isLinearizable(history))
        guard case .linearizable(let order) = LinearizabilityChecker().check(history) else { return }
        let replayed = WatchValidation.replay(history, order: order)
        let events = replayed.flatMap(\.events)
        #expect(events.filter { $0.revision == 4 } == [
            KVEvent(revision: 4, key: "a", value: nil), KVEvent(revision: 4, key: "b", value: nil),
        ])
        #expect(WatchValidation.reliabilityViolations(history, replayed: replayed, observed: events, from: 2, through: 4).isEmpty)
        // A watch that skipped the revocation has a gap; one that lost an event of it differs from the write.
        let skipped = events.filter { $0.revision != 4 }
        #expect(!WatchValidation.reliabilityViolations(history, replayed: replayed, observed: skipped, from: 2, through: 4).isEmpty)
        let halved = events.filter { $0.key != "b" || $0.revision != 4 }
        #expect(!WatchValidation.reliabilityViolations(history, replayed: replayed, observed: halved, from: 2, through: 4).isEmpty)
    }

    @Test func theWatchSettlesUnknownWrites() {
        let history = [
            op(0, 1, 2, .put(key: "k", value: "seen", lease: 0), .unknown),
            op(1, 3, 4, .put(key: "k", value: "unseen", lease: 0), .unknown),
            op(2, 5, 6, .delete(key: "j"), .unknown),
            op(2, 7, 8, .delete(key: "k"), .unknown),
        ]
        let events = [KVEvent(revision: 2, key: "k", value: "seen"), KVEvent(revision: 3, key: "j", value: nil)]
        let patched = WatchValidation.patch(history, with: events)
        // The unseen put and the delete of "k" (no revision deletes "k") did nothing; the delete of "j" may have
        // made revision 3 and stays unknown.
        #expect(patched.map(\.request) == [history[0].request, history[2].request])
        #expect(patched.map(\.response) == [.write(revision: 2), .unknown])
    }

    @Test func watchOrderingViolationsAreFound() {
        let events = [
            KVEvent(revision: 3, key: "a", value: "x"), KVEvent(revision: 2, key: "b", value: "y"),
            KVEvent(revision: 3, key: "a", value: "x"),
        ]
        let violations = WatchValidation.orderingViolations(events, resumes: [(requested: 4, first: 3)])
        #expect(violations.contains { $0.contains("duplicate") })
        #expect(violations.contains { $0.contains("after") })
        #expect(violations.contains { $0.contains("resumed at 4") })
    }

    @Test func aManyClientHistoryIsDecidedQuickly() {
        // Eight clients, each writing its own key then reading all: linearizable, with wide overlap.
        var history: [Operation] = []
        for client in 0..<8 {
            history.append(op(client, Int64(client), 100 + Int64(client), .put(key: "k\(client)", value: "v", lease: 0),
                              .write(revision: 2 + Int64(client))))
        }
        for client in 0..<8 {
            history.append(op(client, 200 + Int64(client), 300, .get(key: "k\(client)"),
                              .get(value: "v", modRevision: 2 + Int64(client), revision: 9)))
        }
        #expect(isLinearizable(history))
    }
}
