import Synchronization

/// Fans committed events out to watchers, in memory, and replays history to watchers that are behind.
///
/// A watcher is either live (the commit thread queues its events as they commit) or lagging (its next events
/// must come from history). A new watcher that starts at an old revision lags; so does one whose queue
/// overflowed because its consumer is slow: its buffered responses stay, newer ones are dropped, and once it
/// has drained them it catches up from history. It turns live again, under the hub's lock, when it has read
/// up to the last published revision, so no event is lost or sent twice. A lagging watcher whose next revision
/// has been compacted is canceled with `compactRevision` set, as etcd does.
///
/// Commits made by another process on the same file reach the hub only as a new revision (`advance(to:)`), and
/// a commit whose revision does not follow the last one published shows that such commits happened: either way
/// the live watchers fall back to history for what they missed.
final class WatchHub: Sendable {
    /// Reads the events of a key range over revisions from history; `prevKv` attaches previous values.
    typealias HistoryReader = @Sendable (KeyRange, ClosedRange<Revision>, _ prevKv: Bool) throws -> [WatchEvent]

    private struct Watcher {
        let request: WatchRequest
        let range: KeyRange
        /// The next revision this watcher has not delivered or queued.
        var nextRevision: Revision
        var lagging: Bool
        var queue: [WatchResponse] = []
        var waiter: CheckedContinuation<Wake, any Error>?

        func selects(_ event: WatchEvent) -> Bool {
            if event.type == .put && request.noPut { return false }
            if event.type == .delete && request.noDelete { return false }
            return range.contains(event.kv.key)
        }

        /// The events this watcher reports, with previous values only when it asked for them.
        func select(_ events: [WatchEvent]) -> [WatchEvent] {
            events.compactMap { event in
                guard event.kv.modRevision >= nextRevision, selects(event) else { return nil }
                var event = event
                if !request.prevKv { event.prevKv = nil }
                return event
            }
        }
    }

    /// What wakes a waiting consumer.
    private enum Wake {
        case response(WatchResponse)
        /// The watch is over.
        case end
        /// The watcher fell behind: look again (at history).
        case recheck
    }

    private struct State {
        var watchers: [Int: Watcher] = [:]
        var nextID = 0
        var publishedRevision: Revision
        var compactRevision: Revision
        var closed = false
    }

    private let state: Mutex<State>
    private let clusterID: UInt64
    private let memberID: UInt64
    private let maxQueued: Int
    private let catchUpRevisions: Int64
    private let history: HistoryReader

    /// - Parameters:
    ///   - maxQueued: responses buffered for a watcher before it falls back to history.
    ///   - catchUpRevisions: revisions read from history per catch-up step.
    init(
        revision: Revision, compactRevision: Revision, clusterID: UInt64, memberID: UInt64, maxQueued: Int,
        catchUpRevisions: Int64 = 1000, history: @escaping HistoryReader
    ) {
        state = Mutex(State(publishedRevision: revision, compactRevision: compactRevision))
        self.clusterID = clusterID
        self.memberID = memberID
        self.maxQueued = maxQueued
        self.catchUpRevisions = catchUpRevisions
        self.history = history
    }

    private func header(_ revision: Revision) -> ResponseHeader {
        ResponseHeader(clusterID: clusterID, memberID: memberID, revision: revision, raftTerm: 1)
    }

    // MARK: - Commit side

    /// Delivers a durable commit's events; called in revision order. `previous` is the revision the commit
    /// started from: when it is past the last one published, other processes committed in between.
    func publish(_ events: [WatchEvent], revision: Revision, previous: Revision) {
        state.withLock { state in
            if previous > state.publishedRevision {
                Self.fallBehind(&state, to: revision)
                return
            }
            state.publishedRevision = max(state.publishedRevision, revision)
            guard !events.isEmpty else { return }
            for id in Array(state.watchers.keys) {
                guard var watcher = state.watchers[id], !watcher.lagging else { continue }
                let selected = watcher.select(events)
                let firstUndelivered = watcher.nextRevision
                watcher.nextRevision = revision + 1
                if !selected.isEmpty {
                    let response = WatchResponse(header: header(revision), events: selected)
                    if let waiter = watcher.waiter {
                        watcher.waiter = nil
                        waiter.resume(returning: .response(response))
                    } else if watcher.queue.count < maxQueued {
                        watcher.queue.append(response)
                    } else {
                        watcher.lagging = true
                        watcher.nextRevision = max(firstUndelivered, selected[0].kv.modRevision)
                    }
                }
                state.watchers[id] = watcher
            }
        }
    }

    /// Learns of commits made by another process, up to `revision`: live watchers read them from history.
    func advance(to revision: Revision) {
        state.withLock { state in
            if revision > state.publishedRevision { Self.fallBehind(&state, to: revision) }
        }
    }

    /// Whether any watch is open.
    var hasWatchers: Bool { state.withLock { !$0.watchers.isEmpty } }

    /// Marks every live watcher lagging from the first revision not yet published, and wakes the waiting ones.
    private static func fallBehind(_ state: inout State, to revision: Revision) {
        for id in Array(state.watchers.keys) {
            guard var watcher = state.watchers[id], !watcher.lagging else { continue }
            watcher.lagging = true
            watcher.nextRevision = min(watcher.nextRevision, state.publishedRevision + 1)
            if let waiter = watcher.waiter {
                watcher.waiter = nil
                waiter.resume(returning: .recheck)
            }
            state.watchers[id] = watcher
        }
        state.publishedRevision = revision
    }

    /// Records a compaction: lagging watchers behind it will be canceled.
    func compacted(to revision: Revision) {
        state.withLock { $0.compactRevision = max($0.compactRevision, revision) }
    }

    /// Ends every watch; their streams return nil.
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            let waiters = state.watchers.values.compactMap(\.waiter)
            state.watchers.removeAll()
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: .end) }
    }

    // MARK: - Watch side

    /// Registers a watcher and returns its stream.
    func watch(_ request: WatchRequest) -> WatchStream {
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            let start = request.startRevision > 0 ? request.startRevision : state.publishedRevision + 1
            state.watchers[id] = Watcher(
                request: request, range: KeyRange(key: request.key, rangeEnd: request.rangeEnd),
                nextRevision: start, lagging: start <= state.publishedRevision)
            if state.closed { state.watchers[id] = nil }
            return id
        }
        return WatchStream(next: { try await self.next(id) }, cancel: { self.cancel(id) })
    }

    func cancel(_ id: Int) {
        let waiter = state.withLock { $0.watchers.removeValue(forKey: id)?.waiter }
        waiter?.resume(returning: .end)
    }

    private enum Step {
        case deliver(WatchResponse?)
        case catchUp(WatchRequest, KeyRange, ClosedRange<Revision>)
        case wait
    }

    private func next(_ id: Int) async throws -> WatchResponse? {
        while true {
            switch state.withLock({ step(id, &$0) }) {
            case .deliver(let response):
                return response
            case .catchUp(let request, let range, let revisions):
                let events = try history(range, revisions, request.prevKv)
                if let response = state.withLock({ caughtUp(id, events, through: revisions, &$0) }) {
                    return response
                }
            case .wait:
                let wake = try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Wake, any Error>) in
                        let ready: Wake? = state.withLock { state in
                            guard var watcher = state.watchers[id] else { return .end }
                            if !watcher.queue.isEmpty {
                                let first = watcher.queue.removeFirst()
                                state.watchers[id] = watcher
                                return .response(first)
                            }
                            if watcher.lagging { return .recheck }
                            watcher.waiter = continuation
                            state.watchers[id] = watcher
                            return nil
                        }
                        if let ready { continuation.resume(returning: ready) }
                    }
                } onCancel: {
                    self.cancel(id)
                }
                switch wake {
                case .response(let response): return response
                case .end: return nil
                case .recheck: continue
                }
            }
        }
    }

    /// What a watcher's consumer does next: take a queued response, read history, or wait.
    private func step(_ id: Int, _ state: inout State) -> Step {
        guard var watcher = state.watchers[id] else { return .deliver(nil) }
        if !watcher.queue.isEmpty {
            let first = watcher.queue.removeFirst()
            state.watchers[id] = watcher
            return .deliver(first)
        }
        guard watcher.lagging else { return .wait }
        if watcher.nextRevision < state.compactRevision {
            state.watchers[id] = nil
            return .deliver(compactedResponse(state))
        }
        if watcher.nextRevision > state.publishedRevision {
            watcher.lagging = false
            state.watchers[id] = watcher
            return .wait
        }
        let last = min(state.publishedRevision, watcher.nextRevision + catchUpRevisions - 1)
        return .catchUp(watcher.request, watcher.range, watcher.nextRevision...last)
    }

    /// Advances a lagging watcher past history it has read; returns the response to deliver, if any.
    private func caughtUp(
        _ id: Int, _ events: [WatchEvent], through revisions: ClosedRange<Revision>, _ state: inout State
    ) -> WatchResponse? {
        guard var watcher = state.watchers[id] else { return nil }
        if revisions.lowerBound < state.compactRevision {
            // Compaction raced the read: history it returned may be incomplete.
            state.watchers[id] = nil
            return compactedResponse(state)
        }
        let selected = watcher.select(events)
        watcher.nextRevision = revisions.upperBound + 1
        state.watchers[id] = watcher
        return selected.isEmpty ? nil : WatchResponse(header: header(state.publishedRevision), events: selected)
    }

    /// The cancel of a watch whose next revision was compacted; as etcd's, its header carries no revision.
    private func compactedResponse(_ state: State) -> WatchResponse {
        WatchResponse(
            header: header(0), events: [], compactRevision: state.compactRevision,
            canceled: true, cancelReason: EtcdError.compacted.description)
    }
}
