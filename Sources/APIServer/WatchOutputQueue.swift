import Synchronization

/// What a watch response has still to write, filled by the watch's producers (the store's events, bookmark
/// ticks, the end) and emptied by its writer a batch at a time: everything queued since the writer last looked,
/// up to ``maxBatch`` items.
///
/// A writer that keeps up takes one item per wake-up; one that falls behind (a hundred watchers of the same
/// busy resource) takes what queued meanwhile and writes it at once, as kube-apiserver's watch handler flushes
/// only when no further event is waiting. Fewer writes mean fewer TLS records, system calls and task wake-ups per
/// event.
///
/// A watch whose client does not read falls behind for good: once ``backlogLimit`` items wait beyond the initial
/// ones (a watch from resourceVersion 0 starts with one for every object), the queue takes no more and the watch
/// ends after what is queued, as kube-apiserver ends an unresponsive watcher; its client watches again from the
/// last resourceVersion it saw. The server's memory for one watch stays bounded.
final class WatchOutputQueue<Item: Sendable>: Sendable {
    private struct State {
        /// The queued items from `head` on; those before it are taken.
        var items: [Item] = []
        var head = 0
        /// How many of the queued items, at the front, are initial ones, which the backlog limit does not count.
        var initial = 0
        var finished = false
        var waiter: CheckedContinuation<[Item]?, Never>?
        /// Tasks waiting for the end (``finished()``).
        var endWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    /// The most items the writer takes at once.
    let maxBatch: Int
    /// The most items, beyond the initial ones, that may wait for the writer.
    let backlogLimit: Int

    /// - Parameter initial: the watch's first items, queued before any other.
    init(initial: [Item] = [], maxBatch: Int = 1_000, backlogLimit: Int = 10_000) {
        state = Mutex(State(items: initial, initial: initial.count))
        self.maxBatch = maxBatch
        self.backlogLimit = backlogLimit
    }

    /// Queues `item`; ignored once the queue is finished. Ends the queue instead when its backlog is full.
    func yield(_ item: Item) {
        let (waiter, overflowed) = state.withLock { state -> (CheckedContinuation<[Item]?, Never>?, Bool) in
            guard !state.finished else { return (nil, false) }
            guard let waiter = state.waiter else {
                if state.items.count - state.head - state.initial >= backlogLimit { return (nil, true) }
                state.items.append(item)
                return (nil, false)
            }
            state.waiter = nil
            return (waiter, false)
        }
        waiter?.resume(returning: [item])
        if overflowed { finish() }
    }

    /// Ends the queue: the writer gets what is queued, then nil.
    func finish() {
        let (waiter, endWaiters) = state.withLock { state in
            state.finished = true
            defer {
                state.waiter = nil
                state.endWaiters = []
            }
            return (state.waiter, state.endWaiters)
        }
        waiter?.resume(returning: nil)
        for endWaiter in endWaiters { endWaiter.resume() }
    }

    /// Returns once the queue is finished (by a producer, the writer, its cancellation, or a full backlog).
    func finished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if !state.finished { state.endWaiters.append(continuation) }
                return state.finished
            }
            if done { continuation.resume() }
        }
    }

    /// What is queued, at most ``maxBatch`` items, waiting for the next item when nothing is; nil once the queue
    /// is finished and empty, or when the calling task is cancelled (which finishes the queue).
    func next() async -> [Item]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Item]?, Never>) in
                let ready = state.withLock { state -> [Item]?? in
                    if state.head < state.items.count {
                        let end = min(state.head + maxBatch, state.items.count)
                        let taken = Array(state.items[state.head..<end])
                        state.head = end
                        state.initial = max(0, state.initial - taken.count)
                        // Drop what was taken once it is all of the queue, or most of a long one.
                        if state.head == state.items.count || state.head > max(maxBatch, state.items.count / 2) {
                            state.items.removeFirst(state.head)
                            state.head = 0
                        }
                        return .some(taken)
                    }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
    }
}
