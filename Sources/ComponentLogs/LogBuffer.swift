import Foundation
import Synchronization

/// A bounded, in-memory log: the last `capacity` lines, oldest dropped first (as a rotated log file loses its
/// oldest lines), and the followers that get each new line as it is written (`kubectl logs -f`).
///
/// A buffer can be closed (its container exited): followers then end after the lines they have, and new
/// followers get the lines and an ended stream.
public final class LogBuffer: Sendable {
    private struct State {
        var ring: [LogLine] = []
        /// Where the oldest line is in `ring` once it is full.
        var start = 0
        var closed = false
        var followers: [UInt64: AsyncStream<LogLine>.Continuation] = [:]
        var nextFollower: UInt64 = 0

        var lines: [LogLine] { Array(ring[start...] + ring[..<start]) }
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 10_000) {
        precondition(capacity > 0, "a log holds at least one line")
        self.capacity = capacity
    }

    /// Writes a line and hands it to every follower; a closed buffer takes no more lines.
    public func append(_ text: String, at time: Date) {
        let line = LogLine(time: time, text: text)
        let followers = state.withLock { state -> [AsyncStream<LogLine>.Continuation] in
            guard !state.closed else { return [] }
            if state.ring.count < capacity {
                state.ring.append(line)
            } else {
                state.ring[state.start] = line
                state.start = (state.start + 1) % capacity
            }
            return Array(state.followers.values)
        }
        for follower in followers { follower.yield(line) }
    }

    /// The lines it holds, oldest first.
    public var lines: [LogLine] { state.withLock { $0.lines } }

    /// Whether it was closed.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// The lines it holds and, from the same instant, a stream of the lines written after them; the stream ends
    /// when the buffer is closed or the consumer stops iterating. A follower that falls `capacity` lines behind
    /// loses the oldest of those it has not read.
    public func follow() -> (backlog: [LogLine], updates: AsyncStream<LogLine>) {
        let (stream, continuation) = AsyncStream<LogLine>.makeStream(bufferingPolicy: .bufferingNewest(capacity))
        let (backlog, id, closed) = state.withLock { state in
            let id = state.nextFollower
            state.nextFollower += 1
            if !state.closed { state.followers[id] = continuation }
            return (state.lines, id, state.closed)
        }
        if closed {
            continuation.finish()
        } else {
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.followers.removeValue(forKey: id) }
            }
        }
        return (backlog, stream)
    }

    /// Ends every follower; the lines stay readable.
    public func close() {
        let followers = state.withLock { state in
            state.closed = true
            defer { state.followers = [:] }
            return Array(state.followers.values)
        }
        for follower in followers { follower.finish() }
    }

    /// How many followers are attached (for tests).
    public var followerCount: Int { state.withLock { $0.followers.count } }
}
