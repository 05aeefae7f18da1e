import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// A watcher of the workload's key prefix that keeps what it sees and, when its stream breaks (the server was
/// killed, the connection dropped), resumes at the revision after the last one it saw, as clients do.
public final class WatchFollower: Sendable {
    private struct State {
        var events: [KVEvent] = []
        /// Each (re)start's requested revision and the revision of the first event after it.
        var resumes: [(requested: Int64, first: Int64?)] = []
        var lastRevision: Int64 = 0
    }

    private let state = Mutex(State())
    private let prefix: String
    private let port: @Sendable () async -> Int?
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Follows keys under `prefix` from `startRevision`, reaching the server through `port` (nil while down).
    public init(prefix: String, startRevision: Int64, port: @escaping @Sendable () async -> Int?) {
        self.prefix = prefix
        self.port = port
        state.withLock { $0.lastRevision = startRevision - 1 }
        let runner = Task { [self] in await self.follow() }
        task.withLock { $0 = runner }
    }

    public var events: [KVEvent] { state.withLock { $0.events } }
    public var resumes: [(requested: Int64, first: Int64?)] { state.withLock { $0.resumes } }
    public var lastRevision: Int64 { state.withLock { $0.lastRevision } }

    /// Waits until the watcher has seen `revision` (or `timeout` passes); returns whether it did.
    public func waitFor(revision: Int64, timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if lastRevision >= revision { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    public func stop() async {
        let runner = task.withLock { $0 }
        runner?.cancel()
        await runner?.value
    }

    private func follow() async {
        while !Task.isCancelled {
            guard let port = await port() else {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            let start = lastRevision + 1
            state.withLock { $0.resumes.append((start, nil)) }
            try? await withEtcdClient(port: port) { client in try await self.stream(client, from: start) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func stream(_ client: GRPCClient<HTTP2ClientTransport.Posix>, from start: Int64) async throws {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data(prefix.utf8)
        var end = Data(prefix.utf8)
        end[end.count - 1] += 1
        create.rangeEnd = end
        create.startRevision = start
        var request = Etcdserverpb_WatchRequest()
        request.createRequest = create
        let requests = AsyncStream<Etcdserverpb_WatchRequest> { continuation in continuation.yield(request) }
        try await Etcdserverpb_Watch.Client(wrapping: client).watch(
            requestProducer: { writer in for await request in requests { try await writer.write(request) } },
            onResponse: { response in
                for try await message in response.messages where !message.events.isEmpty {
                    self.record(message.events)
                }
            })
    }

    private func record(_ events: [Mvccpb_Event]) {
        state.withLock { state in
            for event in events {
                let kv = event.kv
                state.events.append(
                    KVEvent(
                        revision: kv.modRevision, key: String(decoding: kv.key, as: UTF8.self),
                        value: event.type == .delete ? nil : String(decoding: kv.value, as: UTF8.self)))
                if let last = state.resumes.indices.last, state.resumes[last].first == nil {
                    state.resumes[last].first = kv.modRevision
                }
                state.lastRevision = max(state.lastRevision, kv.modRevision)
            }
        }
    }
}
