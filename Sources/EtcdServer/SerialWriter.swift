import GRPCCore

/// Writes responses to one stream from many tasks, one write at a time and in the order the writers
/// arrived, each waiting for its turn (so a slow client slows its producers rather than growing a buffer).
actor SerialWriter<Message: Sendable> {
    private let writer: RPCWriter<Message>
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ writer: RPCWriter<Message>) {
        self.writer = writer
    }

    func write(_ message: Message) async throws {
        if busy {
            // The finishing writer hands its turn over without clearing `busy`.
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        try Task.checkCancellation()
        try await writer.write(message)
    }
}
