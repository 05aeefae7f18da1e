import EtcdCore
import EtcdProto
import GRPCCore

/// `etcdserverpb.Watch`: one bidirectional stream carrying many watches (`v3rpc/watch.go`).
///
/// Each stream is a `WatchSession`; see it for the protocol.
struct WatchService: Etcdserverpb_Watch.SimpleServiceProtocol {
    let served: ServedStore
    /// How often watches that asked for progress notifications get one when idle (etcd: 10 minutes).
    let progressNotifyInterval: Duration

    func watch(
        request: RPCAsyncSequence<Etcdserverpb_WatchRequest, any Error>,
        response: RPCWriter<Etcdserverpb_WatchResponse>,
        context: ServerContext
    ) async throws {
        let session = WatchSession(
            served: served, writer: SerialWriter(response),
            // etcd fragments responses larger than its max request bytes plus gRPC overhead.
            fragmentBytes: served.maxRequestBytes + 512 * 1024, progressNotifyInterval: progressNotifyInterval)
        try await session.run(request)
    }
}
