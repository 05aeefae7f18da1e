import KubeAPI
import Synchronization

/// The informers' watch: one `watchAll` stream read by a task into a buffer the manager drains, with a wake-up
/// the manager can wait on (with a time limit) when it has nothing else to do.
final class ChangeFeed: Sendable {
    private struct State {
        var buffer: [RegistryChange] = []
        var failure: (any Error)?
        var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        var nextWaiter = 0
        /// Waits up to this one are over, whether or not they had begun.
        var lastWoken = -1
        /// Which `start` the reading task belongs to: a stopped stream's last words are not delivered.
        var generation = 0
        /// Something other than the watch asked for attention (a reconcile finished) since the last wait.
        var poked = false
    }

    private let state = Mutex(State())
    private let reader = Mutex<Task<Void, Never>?>(nil)

    /// Starts reading `stream`, replacing any earlier one.
    func start(_ stream: AsyncThrowingStream<RegistryChange, any Error>) {
        let generation = state.withLock { state in
            state.generation += 1
            state.buffer = []
            state.failure = nil
            return state.generation
        }
        let task = Task { [self] in
            do {
                for try await change in stream { deliver(generation) { $0.buffer.append(change) } }
                deliver(generation) { $0.failure = $0.failure ?? FeedEnded() }
            } catch {
                deliver(generation) { $0.failure = error }
            }
        }
        reader.withLock { old in
            old?.cancel()
            old = task
        }
    }

    func stop() {
        state.withLock { $0.generation += 1 }
        reader.withLock { $0?.cancel() }
    }

    /// What arrived since the last call, and the error that ended the stream, if it ended.
    func drain() -> (changes: [RegistryChange], failure: (any Error)?) {
        state.withLock { state in
            defer {
                state.buffer = []
                state.failure = nil
            }
            return (state.buffer, state.failure)
        }
    }

    /// Waits until something arrives, at most `limit`.
    func wait(atMost limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            let id = state.withLock { state in
                defer { state.nextWaiter += 1 }
                return state.nextWaiter
            }
            group.addTask { await self.arrival(id) }
            group.addTask {
                try? await Task.sleep(for: limit)
                self.wake(id)
            }
            await group.next()
            self.wake(id)
            group.cancelAll()
        }
    }

    /// Ends the current wait, or the next one at once: something other than the watch needs the manager.
    func poke() {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.poked = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        continuation?.resume()
    }

    private func arrival(_ id: Int) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if !state.buffer.isEmpty || state.failure != nil || state.poked || id <= state.lastWoken {
                    state.poked = false
                    return true
                }
                state.waiter = (id, continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Ends the wait `id` if it is still waiting.
    private func wake(_ id: Int) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.lastWoken = max(state.lastWoken, id)
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        continuation?.resume()
    }

    private func deliver(_ generation: Int, _ change: (inout State) -> Void) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation else { return nil }
            change(&state)
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        continuation?.resume()
    }

    struct FeedEnded: Error {}
}
