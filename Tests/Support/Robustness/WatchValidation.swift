/// etcd's watch guarantees, checked on what a `WatchFollower` saw against the linearized history, as etcd's
/// robustness suite validates watches: ordered (revisions never go back, one revision's events together),
/// unique (no event twice), resumable (after a resume at revision r the stream starts at r or later, without a
/// gap), atomic (a transaction's events share its revision) and reliable (the events are exactly the committed
/// writes of the revisions it covers, in their order).
public enum WatchValidation {
    /// Where the observed events break ordering, uniqueness or resumption.
    public static func orderingViolations(_ events: [KVEvent], resumes: [(requested: Int64, first: Int64?)]) -> [String] {
        var violations: [String] = []
        var seen = Set<KVEvent>()
        var finished = Set<Int64>()
        for (index, event) in events.enumerated() {
            if !seen.insert(event).inserted { violations.append("duplicate event \(event)") }
            if index > 0 {
                let before = events[index - 1]
                if event.revision < before.revision { violations.append("event \(event) after \(before)") }
                if event.revision != before.revision {
                    finished.insert(before.revision)
                    if finished.contains(event.revision) { violations.append("revision \(event.revision) split") }
                }
            }
        }
        for resume in resumes {
            if let first = resume.first, first < resume.requested {
                violations.append("a watch resumed at \(resume.requested) began at \(first)")
            }
        }
        return violations
    }

    /// The history settled by what the watch saw, as etcd's robustness suite patches its history before the
    /// search: an unknown write whose value the watch shows committed gets that revision; one whose value it
    /// never shows (the watch having reached the final revision) did not happen and goes; so does an unknown delete
    /// of a key when no revision it could have made (one whose only event deletes that key, that no known write
    /// made, not settled before the delete was called) exists. Values are unique per operation, so an event names
    /// its write.
    public static func patch(_ operations: [Operation], with events: [KVEvent]) -> [Operation] {
        var revisionOf: [String: Int64] = [:]
        var byRevision: [Int64: [KVEvent]] = [:]
        for event in events {
            if let value = event.value { revisionOf[value] = event.revision }
            byRevision[event.revision, default: []].append(event)
        }
        var claimed = Set(operations.compactMap { $0.response.revisionMade })
        // A revision was committed before any known answer at or past it returned: a write called after that cannot
        // have made it.
        var committedBy: [(revision: Int64, time: Int64)] = operations.compactMap { operation in
            guard operation.return != .max, let revision = operation.response.revision else { return nil }
            return (revision, operation.return)
        }
        committedBy.sort { $0.revision > $1.revision }
        var earliest: [Int64: Int64] = [:]
        var running = Int64.max
        var cursor = 0
        for revision in byRevision.keys.sorted(by: >) {
            while cursor < committedBy.count && committedBy[cursor].revision >= revision {
                running = min(running, committedBy[cursor].time)
                cursor += 1
            }
            earliest[revision] = running
        }
        var patched: [Operation] = []
        for operation in operations.sorted(by: { $0.call < $1.call }) {
            guard operation.response == .unknown else {
                patched.append(operation)
                continue
            }
            var settled = operation
            switch operation.request {
            case .put(_, let value, _), .multiPut(_, let value):
                guard let revision = revisionOf[value] else { continue }
                settled.response = .write(revision: revision)
            case .compareAndSwap(_, _, let value):
                guard let revision = revisionOf[value] else { continue }
                settled.response = .compareAndSwap(succeeded: true, revision: revision, current: nil, currentModRevision: nil)
            case .delete(let key):
                let deleting = byRevision.filter { revision, events in
                    !claimed.contains(revision) && events.count == 1 && events[0].key == key && events[0].value == nil
                        && earliest[revision, default: .max] > operation.call
                }
                // Without such a revision it deleted nothing, whether it ran or not. (With one, it stays unknown:
                // an unknown revocation, or a revocation whose answer names no revision of its own, may have
                // made that revision.)
                if deleting.isEmpty { continue }
            default:
                break
            }
            if let revision = settled.response.revisionMade { claimed.insert(revision) }
            patched.append(settled)
        }
        return patched
    }

    /// The events each operation of the linearized history makes, replayed through the model.
    public static func replay(
        _ operations: [Operation], order: [Int], initial: KVState = KVState()
    ) -> [(operation: Int, events: [KVEvent])] {
        var state = initial
        var made: [(operation: Int, events: [KVEvent])] = []
        for index in order {
            let operation = operations[index]
            guard let after = state.step(operation.request, operation.response) else { break }
            let (_, events) = state.events(of: operation.request)
            if after.revision != state.revision { made.append((index, events)) }
            state = after
        }
        return made
    }

    /// Where the watch breaks reliability over revisions `from...through`: a revision with no events (a gap: every
    /// revision is a write that changed a key), events past the range's writes, or a known write whose events
    /// differ from what the watch shows at its revision. (Where the history leaves open which write made a revision, an
    /// unknown delete or revocation, or a write whose answer carried no revision, only the gap check applies.)
    public static func reliabilityViolations(
        _ operations: [Operation], replayed: [(operation: Int, events: [KVEvent])], observed: [KVEvent], from: Int64,
        through: Int64
    ) -> [String] {
        var violations: [String] = []
        var seen: [Int64: [KVEvent]] = [:]
        for event in observed where (from...through).contains(event.revision) { seen[event.revision, default: []].append(event) }
        let gaps = (from...through).filter { seen[$0] == nil }
        if !gaps.isEmpty { violations.append("the watch has no events at revisions \(gaps.prefix(10))") }
        for (index, events) in replayed where operations[index].response.namesItsWrite {
            guard let revision = events.first?.revision, (from...through).contains(revision) else { continue }
            if (seen[revision] ?? []).sorted() != events.sorted() {
                violations.append(
                    "at revision \(revision) the watch shows \(seen[revision] ?? []) for \(operations[index]), which made \(events)")
            }
        }
        return violations
    }
}

extension KVResponse {
    /// Whether the answer says which revision the operation's changes are at (a revocation's is its header's).
    var namesItsWrite: Bool {
        if case .leaseRevoke = self { return true }
        return revisionMade != nil
    }

    /// The response header's revision, where the client saw one.
    var revision: Int64? {
        switch self {
        case .get(_, _, let revision): revision
        case .write(let revision), .leaseGrant(let revision), .leaseRevoke(let revision): revision
        case .delete(_, let revision): revision
        case .compareAndSwap(_, let revision, _, _): revision
        case .leaseNotFound, .unknown: nil
        }
    }

    /// The revision a write answered it made, if it made one.
    var revisionMade: Int64? {
        switch self {
        case .write(let revision): revision
        case .compareAndSwap(true, let revision, _, _): revision
        case .delete(1, let revision): revision
        default: nil
        }
    }
}
