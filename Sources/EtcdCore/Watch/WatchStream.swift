/// The responses of one watch, in revision order, until it is canceled.
///
/// Iterating pulls the next batch; a stream's store delivers history first, then live changes. `cancel()`
/// ends it (a waiting iteration returns nil); so does the store closing.
public struct WatchStream: AsyncSequence, Sendable {
    public typealias Element = WatchResponse

    private let nextResponse: @Sendable () async throws -> WatchResponse?
    private let onCancel: @Sendable () -> Void

    /// Makes a stream from a store's pull and cancel functions.
    public init(
        next: @escaping @Sendable () async throws -> WatchResponse?,
        cancel: @escaping @Sendable () -> Void
    ) {
        self.nextResponse = next
        self.onCancel = cancel
    }

    /// Stops the watch; further iteration returns nil.
    public func cancel() { onCancel() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextResponse: @Sendable () async throws -> WatchResponse?

        public mutating func next() async throws -> WatchResponse? {
            try await nextResponse()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(nextResponse: nextResponse) }
}
