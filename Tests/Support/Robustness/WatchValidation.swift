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

    /// The history with each unknown write that the watch shows to have committed given its revision (values are
    /// unique per operation, so an event names its write), which narrows the linearizability search as
    /// etcd's robustness suite patches its history.
    public static func patch(_ operations: [Operation], with events: [KVEvent]) -> [Operation] {
        var revisionOf: [String: Int64] = [:]
        for event in events { if let value = event.value { revisionOf[value] = event.revision } }
        return operations.map { operation in
            guard operation.response == .unknown else { return operation }
            var patched = operation
            switch operation.request {
            case .put(_, let value, _), .multiPut(_, let value):
                if let revision = revisionOf[value] { patched.response = .write(revision: revision) }
            case .compareAndSwap(_, _, let value):
                if let revision = revisionOf[value] {
                    patched.response = .compareAndSwap(
                        succeeded: true, revision: revision, current: nil, currentModRevision: nil)
                }
            default:
                break
            }
            // Still unknown in when it returned: the patch pins what it did, not when the client heard.
            patched.return = .max
            return patched
        }
    }

    /// The events the linearized history makes, replayed through the model.
    public static func replay(_ operations: [Operation], order: [Int], initial: KVState = KVState()) -> [KVEvent] {
        var state = initial
        var events: [KVEvent] = []
        for index in order {
            let operation = operations[index]
            guard let after = state.step(operation.request, operation.response) else { break }
            let (_, made) = state.events(of: operation.request)
            if after.revision != state.revision { events += made }
            state = after
        }
        return events
    }

    /// Differences between the observed events and the replayed ones over revisions `from...through`.
    public static func reliabilityViolations(
        observed: [KVEvent], expected: [KVEvent], from: Int64, through: Int64
    ) -> [String] {
        let range = from...through
        let seen = observed.filter { range.contains($0.revision) }
        let want = expected.filter { range.contains($0.revision) }
        guard seen.sorted() != want.sorted() else { return [] }
        let missing = Set(want).subtracting(seen).sorted().prefix(5)
        let extra = Set(seen).subtracting(want).sorted().prefix(5)
        return ["watch events differ from the committed writes in \(from)...\(through): missing \(missing), unexpected \(extra)"]
    }
}
