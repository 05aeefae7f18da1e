import Synchronization

/// What a watch response has still to write, filled by the watch's producers (the store's events, bookmark
/// ticks, the end) and emptied by its writer a batch at a time: everything queued since the writer last looked.
///
/// A writer that keeps up takes one item per wake-up; one that falls behind (a hundred watchers of the same
/// busy resource) takes everything that queued meanwhile and writes it at once, as kube-apiserver's watch
/// handler flushes only when no further event is waiting. Fewer writes mean fewer TLS records, system calls
/// and task wake-ups per event.
final class WatchOutputQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var finished = false
        var waiter: CheckedContinuation<[Item]?, Never>?
        /// Tasks waiting for the end (``finished()``).
        var endWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Queues `item`; ignored once the queue is finished.
    func yield(_ item: Item) {
        let waiter = state.withLock { state -> CheckedContinuation<[Item]?, Never>? in
            guard !state.finished else { return nil }
            guard let waiter = state.waiter else {
                state.items.append(item)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: [item])
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

    /// Returns once the queue is finished (by a producer, the writer, or the writer's cancellation).
    func finished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if !state.finished { state.endWaiters.append(continuation) }
                return state.finished
            }
            if done { continuation.resume() }
        }
    }

    /// Everything queued, waiting for the next item when nothing is; nil once the queue is finished and empty,
    /// or when the calling task is cancelled (which finishes the queue).
    func next() async -> [Item]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Item]?, Never>) in
                let ready = state.withLock { state -> [Item]?? in
                    if !state.items.isEmpty {
                        defer { state.items = [] }
                        return .some(state.items)
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
