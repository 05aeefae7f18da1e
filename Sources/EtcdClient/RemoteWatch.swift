import EtcdCore
import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// One watch on etcd, on a Watch stream of its own (HTTP/2 multiplexes the streams over the one connection).
///
/// As etcd's protocol has it (`api/v3rpc/watch.go`): the client sends one create request; etcd answers
/// `{created}` with its current revision (a refused create is `{created, canceled, cancel_reason}`), then
/// sends the watch's events as they happen, a start revision in the past replaying history first. A watch
/// whose start revision was compacted is ended with `{canceled, compact_revision}`; it becomes the model's
/// canceled `WatchResponse`, its reason the "compacted" text as the embedded store gives it. Responses without
/// events (progress notifications) are dropped: the model's streams carry none.
///
/// `start` returns once etcd has created the watch, so that a watch "from now" misses no change made after
/// it returns. Canceling the watch ends its stream.
final class RemoteWatch: Sendable {
    typealias Client = Etcdserverpb_Watch.Client<HTTP2ClientTransport.Posix>

    /// Responses waiting for the consumer at most; past that the stream waits for it.
    static let bufferedResponses = 64

    private let buffer = WatchBuffer(capacity: RemoteWatch.bufferedResponses)
    /// The task running the gRPC call, and whether the watch was canceled (perhaps before the task was made).
    private let call = Mutex<(task: Task<Void, Never>?, canceled: Bool)>((nil, false))
    private let endpoint: String

    private init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// Opens the stream and creates the watch; `onEnd` runs when the stream has ended.
    static func start(
        _ request: WatchRequest, client: Client, options: CallOptions, endpoint: String,
        onEnd: @escaping @Sendable () -> Void
    ) async throws -> RemoteWatch {
        let watch = RemoteWatch(endpoint: endpoint)
        let created = CreationSignal()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                created.set(continuation)
                let task = Task {
                    await watch.run(request, client: client, options: options, created: created)
                    onEnd()
                }
                let canceled = watch.call.withLock { call in
                    call.task = task
                    return call.canceled
                }
                if canceled { task.cancel() }
            }
        } onCancel: {
            watch.cancel()
        }
        return watch
    }

    /// The model's stream over this watch.
    var stream: WatchStream {
        WatchStream(next: { try await self.next() }, cancel: { self.cancel() })
    }

    /// Stops the watch: its stream ends (the gRPC call is canceled) and iteration returns nil.
    func cancel() {
        buffer.finish()
        call.withLock { call in
            call.canceled = true
            return call.task
        }?.cancel()
    }

    private func next() async throws -> WatchResponse? {
        try await withTaskCancellationHandler {
            try await buffer.next()
        } onCancel: {
            cancel()
        }
    }

    // MARK: - The stream

    private func run(_ request: WatchRequest, client: Client, options: CallOptions, created: CreationSignal) async {
        let buffer = buffer
        let endpoint = endpoint
        do {
            try await client.watch(
                options: options,
                requestProducer: { writer in
                    try await writer.write(request.proto)
                    // The request side stays open while the watch lasts: etcd ends no watch when it closes, but a
                    // proxy in between may.
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                },
                onResponse: { response in
                    var isCreated = false
                    for try await message in response.messages {
                        if !isCreated {
                            guard message.created else {
                                throw EtcdClientError.unexpectedResponse("a watch response before the watch was created")
                            }
                            if message.canceled { throw Self.refusal(message.cancelReason, endpoint: endpoint) }
                            isCreated = true
                            created.succeed()
                            continue
                        }
                        if message.canceled {
                            let reason =
                                message.cancelReason.isEmpty && message.compactRevision != 0
                                ? EtcdError.compacted.description : message.cancelReason
                            _ = await buffer.push(
                                WatchResponse(
                                    header: ResponseHeader(message.header), events: [],
                                    compactRevision: message.compactRevision, canceled: true, cancelReason: reason))
                            return
                        }
                        guard !message.events.isEmpty else { continue }
                        let events = try message.events.map(WatchEvent.init)
                        guard await buffer.push(WatchResponse(header: ResponseHeader(message.header), events: events)) else {
                            return
                        }
                    }
                })
            created.fail(EtcdClientError.unexpectedResponse("the watch stream ended before the watch was created"))
            buffer.finish()
        } catch {
            let mapped = StatusMapping.error(error, endpoint: endpoint)
            created.fail(mapped)
            buffer.finish(throwing: mapped)
        }
    }

    /// The error a refused create is reported with: etcd's own when its reason is one.
    private static func refusal(_ reason: String, endpoint: String) -> any Error {
        let error = StatusMapping.error(RPCError(code: .invalidArgument, message: reason), endpoint: endpoint)
        if error is EtcdError { return error }
        return EtcdClientError.rpcFailed(endpoint: endpoint, code: "watch refused", message: reason)
    }
}

/// Resumes the caller of `RemoteWatch.start` once: when etcd created the watch, or when it could not.
private final class CreationSignal: Sendable {
    private let continuation = Mutex<CheckedContinuation<Void, any Error>?>(nil)

    func set(_ continuation: CheckedContinuation<Void, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func succeed() { continuation.withLock { $0.take() }?.resume() }

    func fail(_ error: any Error) { continuation.withLock { $0.take() }?.resume(throwing: error) }
}
