import EtcdCore
import Synchronization

/// The responses of one remote watch on their way from its gRPC stream to the consumer of its `WatchStream`.
///
/// At most `capacity` responses wait; past that the stream's reader waits too, so HTTP/2 flow control slows
/// the server down instead of memory growing under a slow consumer. The end (the watch's last response was
/// taken, or the stream failed) reaches the consumer after every buffered response; a failure is thrown once,
/// then iteration returns nil.
final class WatchBuffer: Sendable {
    private enum End {
        case finished
        case failed(any Error)
    }

    private struct State {
        var queue: [WatchResponse] = []
        var end: End?
        var consumer: CheckedContinuation<WatchResponse?, any Error>?
        var producer: CheckedContinuation<Void, Never>?
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    // MARK: - The gRPC side

    /// Hands a response over, waiting while the buffer is full; false once the watch has ended (nothing more
    /// is wanted).
    func push(_ response: WatchResponse) async -> Bool {
        enum Action {
            case deliver(CheckedContinuation<WatchResponse?, any Error>)
            case queued
            case full
            case ended
        }
        let action: Action = state.withLock { state in
            if state.end != nil { return .ended }
            if let consumer = state.consumer {
                state.consumer = nil
                return .deliver(consumer)
            }
            state.queue.append(response)
            return state.queue.count >= capacity ? .full : .queued
        }
        switch action {
        case .deliver(let consumer):
            consumer.resume(returning: response)
            return true
        case .ended:
            return false
        case .queued:
            return true
        case .full:
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state in
                        if state.end != nil || state.queue.count < capacity || Task.isCancelled { return true }
                        state.producer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                state.withLock { $0.producer.take() }?.resume()
            }
            return state.withLock { $0.end == nil }
        }
    }

    /// Ends the watch: the consumer gets what is buffered, then nil, or `error` once.
    func finish(throwing error: (any Error)? = nil) {
        let (consumer, producer, end): (CheckedContinuation<WatchResponse?, any Error>?, CheckedContinuation<Void, Never>?, End?) =
            state.withLock { state in
                if state.end == nil { state.end = error.map { .failed($0) } ?? .finished }
                let producer = state.producer.take()
                // A waiting consumer has nothing buffered: it takes the end now.
                guard let consumer = state.consumer.take() else { return (nil, producer, nil) }
                let end = state.end
                state.end = .finished
                return (consumer, producer, end)
            }
        producer?.resume()
        guard let consumer else { return }
        if case .failed(let error) = end {
            consumer.resume(throwing: error)
        } else {
            consumer.resume(returning: nil)
        }
    }

    // MARK: - The consumer side

    /// The next response, waiting for one; nil after the end.
    func next() async throws -> WatchResponse? {
        enum Step {
            case response(WatchResponse, CheckedContinuation<Void, Never>?)
            case end(End)
            case wait
        }
        func step(_ state: inout State) -> Step {
            if !state.queue.isEmpty {
                return .response(state.queue.removeFirst(), state.producer.take())
            }
            if let end = state.end {
                state.end = .finished
                return .end(end)
            }
            return .wait
        }
        switch state.withLock({ step(&$0) }) {
        case .response(let response, let producer):
            producer?.resume()
            return response
        case .end(.finished):
            return nil
        case .end(.failed(let error)):
            throw error
        case .wait:
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<WatchResponse?, any Error>) in
                let ready: Step = state.withLock { state in
                    let ready = step(&state)
                    if case .wait = ready { state.consumer = continuation }
                    return ready
                }
                switch ready {
                case .response(let response, let producer):
                    producer?.resume()
                    continuation.resume(returning: response)
                case .end(.finished):
                    continuation.resume(returning: nil)
                case .end(.failed(let error)):
                    continuation.resume(throwing: error)
                case .wait:
                    break
                }
            }
        }
    }
}
