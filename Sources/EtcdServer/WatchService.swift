import EtcdCore
import EtcdProto
import GRPCCore

/// `etcdserverpb.Watch`: one bidirectional stream carrying many watches (`v3rpc/watch.go`).
///
/// Each stream is a `WatchSession`; see it for the protocol.
///
/// A stream ends when the client goes away, or with `Unavailable` "etcdserver: server stopped" when the
/// server begins its graceful shutdown (a watch never finishes on its own; etcd closes them as it stops).
struct WatchService: Etcdserverpb_Watch.SimpleServiceProtocol {
    let served: ServedStore
    /// How often watches that asked for progress notifications get one when idle (etcd: 10 minutes).
    let progressNotifyInterval: Duration
    let shutdown: ShutdownNotice

    func watch(
        request: RPCAsyncSequence<Etcdserverpb_WatchRequest, any Error>,
        response: RPCWriter<Etcdserverpb_WatchResponse>,
        context: ServerContext
    ) async throws {
        let session = WatchSession(
            served: served, writer: SerialWriter(response),
            // etcd fragments responses larger than its max request bytes plus gRPC overhead.
            fragmentBytes: served.maxRequestBytes + 512 * 1024, progressNotifyInterval: progressNotifyInterval)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await session.run(request) }
            group.addTask { [shutdown] in
                await shutdown.wait()
                if !Task.isCancelled { throw EtcdStatus.stopped }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
