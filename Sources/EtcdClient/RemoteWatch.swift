import EtcdCore
import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// One watch on etcd, on a Watch stream of its own (HTTP/2 multiplexes the streams over a member's connection).
///
/// As etcd's protocol has it (`api/v3rpc/watch.go`): the client sends one create request; etcd answers
/// `{created}` with its current revision (a refused create is `{created, canceled, cancel_reason}`), then
/// sends the watch's events as they happen, a start revision in the past replaying history first. A watch
/// whose start revision was compacted is ended with `{canceled, compact_revision}`; it becomes the model's
/// canceled `WatchResponse`, its reason the "compacted" text as the embedded store gives it. Responses without
/// events (progress notifications) are dropped: the model's streams carry none.
///
/// When the member's stream is lost (the member died, or its connection broke), the watch is created again on
/// the next member from the revision after the last one it handed over (from the revision after the creation's
/// when none was), as etcd's client resumes its watches: the consumer sees every revision once, none missed and
/// none twice. If that revision was compacted meanwhile the consumer gets the canceled "compacted" response, as
/// from any watch. It retries until canceled, waiting a little longer each round while no member answers.
///
/// `start` returns once a member has created the watch, so that a watch "from now" misses no change made after
/// it returns; it fails if no member could. Canceling the watch ends its stream.
final class RemoteWatch: Sendable {
    /// Responses waiting for the consumer at most; past that the stream waits for it.
    static let bufferedResponses = 64

    private let buffer = WatchBuffer(capacity: RemoteWatch.bufferedResponses)
    /// The task running the gRPC calls, and whether the watch was canceled (perhaps before the task was made).
    private let call = Mutex<(task: Task<Void, Never>?, canceled: Bool)>((nil, false))
    /// The first revision not yet handed over (0 until the first creation: the request's own start revision).
    private let resumeRevision = Mutex<Revision>(0)

    private init() {}

    /// Opens the stream on the current member and creates the watch; `onEnd` runs when the stream has ended.
    static func start(
        _ request: WatchRequest, connections: EtcdConnections, options: CallOptions,
        onEnd: @escaping @Sendable () -> Void
    ) async throws -> RemoteWatch {
        let watch = RemoteWatch()
        let created = CreationSignal()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                created.set(continuation)
                let task = Task {
                    await watch.run(request, connections: connections, options: options, created: created)
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

    // MARK: - The streams

    /// Runs the watch on one member after another until it ends, fails for good or is canceled.
    private func run(_ request: WatchRequest, connections: EtcdConnections, options: CallOptions, created: CreationSignal)
        async
    {
        var member = connections.active
        var failuresInARow = 0
        while true {
            var attempt = request
            let resume = resumeRevision.withLock { $0 }
            if resume != 0 { attempt.startRevision = resume }
            let error: any Error
            let createdHere = Flag()
            do {
                let ended = try await stream(
                    attempt, client: Etcdserverpb_Watch.Client(wrapping: member.grpc), options: options,
                    endpoint: member.endpoint.description, created: created, createdHere: createdHere)
                if ended || Task.isCancelled {
                    created.fail(EtcdClientError.unexpectedResponse("the watch stream ended before the watch was created"))
                    buffer.finish()
                    return
                }
                // The member closed the stream without canceling the watch (it is shutting down): a loss.
                error = RPCError(code: .unavailable, message: "the watch stream was closed by the member")
            } catch let failure {
                error = failure
            }
            let mapped = StatusMapping.error(error, endpoint: member.endpoint.description)
            let wasCreated = resumeRevision.withLock { $0 } != 0
            failuresInARow = createdHere.isSet ? 1 : failuresInARow + 1
            // A refusal, a cancellation, or no member able to create the watch in the first place: the end.
            guard Failover.movesOn(error), !Task.isCancelled,
                wasCreated || failuresInARow < connections.endpoints.count
            else {
                created.fail(mapped)
                buffer.finish(throwing: mapped)
                return
            }
            member = connections.failover(from: member)
            if failuresInARow >= connections.endpoints.count {
                // Every member failed in turn: wait before the next round (up to a second).
                let rounds = failuresInARow / connections.endpoints.count
                try? await Task.sleep(for: .milliseconds(min(1000, 50 * rounds * rounds)))
                if Task.isCancelled { return }
            }
        }
    }

    /// One Watch stream on one member: true when the watch ended (etcd canceled it, or the consumer is gone),
    /// false when the member closed the stream; throws when it failed. `createdHere` tells whether the member
    /// created the watch.
    private func stream(
        _ request: WatchRequest, client: Etcdserverpb_Watch.Client<EtcdConnections.Transport>, options: CallOptions,
        endpoint: String, created: CreationSignal, createdHere: Flag
    ) async throws -> Bool {
        let buffer = buffer
        return try await client.watch(
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
                        createdHere.set()
                        // From now on a lost stream resumes: at the start revision asked for, else after the
                        // revision the watch was created at.
                        self.resumeRevision.withLock { resume in
                            if resume == 0 {
                                resume = request.startRevision != 0 ? request.startRevision : message.header.revision + 1
                            }
                        }
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
                        return true
                    }
                    guard let last = message.events.last else { continue }
                    let events = try message.events.map(WatchEvent.init)
                    self.resumeRevision.withLock { $0 = last.kv.modRevision + 1 }
                    guard await buffer.push(WatchResponse(header: ResponseHeader(message.header), events: events)) else {
                        return true
                    }
                }
                return false
            })
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

/// A flag one task sets and another reads.
private final class Flag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
