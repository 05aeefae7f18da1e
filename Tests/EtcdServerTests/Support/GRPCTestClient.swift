import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// Runs `body` with a plaintext gRPC client connected to a test server.
func withClient<T: Sendable>(
    _ server: TestServer, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T
) async throws -> T {
    try await withGRPCClient(
        transport: .http2NIOPosix(
            target: .ipv4(address: "127.0.0.1", port: server.port), transportSecurity: .plaintext,
            config: .defaults { $0.connection.maxIdleTime = nil }),
        handleClient: body)
}

/// Runs `body` with a plaintext gRPC client connected to a port on the loopback (the real etcd's, say).
func withClient<T: Sendable>(
    port: Int, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T
) async throws -> T {
    try await withGRPCClient(
        transport: .http2NIOPosix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext,
            config: .defaults { $0.connection.maxIdleTime = nil }),
        handleClient: body)
}

/// The status code and message an RPC failed with.
func rpcFailure(_ body: () async throws -> Void) async -> (RPCError.Code, String)? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return (error.code, error.message)
    } catch {
        return (.unknown, "\(error)")
    }
}

/// A Watch stream driven from a test: send requests, read responses with a timeout.
final class WatchConnection: Sendable {
    private let requests: AsyncStream<Etcdserverpb_WatchRequest>.Continuation
    private final class Received: Sendable {
        let responses = Mutex<[Etcdserverpb_WatchResponse]>([])
        let error = Mutex<(any Error)?>(nil)
    }

    private let received = Received()
    private let call: Task<Void, any Error>

    init(_ client: GRPCClient<HTTP2ClientTransport.Posix>) {
        let (stream, continuation) = AsyncStream<Etcdserverpb_WatchRequest>.makeStream()
        requests = continuation
        let received = received
        call = Task {
            do {
                try await Etcdserverpb_Watch.Client(wrapping: client).watch(
                    requestProducer: { writer in
                        for await request in stream { try await writer.write(request) }
                    },
                    onResponse: { response in
                        for try await message in response.messages {
                            received.responses.withLock { $0.append(message) }
                        }
                    })
            } catch {
                received.error.withLock { $0 = error }
                throw error
            }
        }
    }

    func send(_ request: Etcdserverpb_WatchRequest) { requests.yield(request) }

    func create(
        _ key: String, rangeEnd: String = "", start: Int64 = 0, id: Int64 = 0, prevKv: Bool = false,
        filters: [Etcdserverpb_WatchCreateRequest.FilterType] = [], progressNotify: Bool = false, fragment: Bool = false
    ) {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data(key.utf8)
        create.rangeEnd = Data(rangeEnd.utf8)
        create.startRevision = start
        create.watchID = id
        create.prevKv = prevKv
        create.filters = filters
        create.progressNotify = progressNotify
        create.fragment = fragment
        var request = Etcdserverpb_WatchRequest()
        request.createRequest = create
        send(request)
    }

    func cancel(_ id: Int64) {
        var request = Etcdserverpb_WatchRequest()
        request.cancelRequest.watchID = id
        send(request)
    }

    func requestProgress() {
        var request = Etcdserverpb_WatchRequest()
        request.progressRequest = Etcdserverpb_WatchProgressRequest()
        send(request)
    }

    /// The next response, or nil after `timeout`: a watchdog for a response that never comes, long enough for
    /// a machine busy with the rest of the suite (all test targets share one process and its thread pool).
    func next(timeout: Duration = .seconds(30)) async -> Etcdserverpb_WatchResponse? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let first = received.responses.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return first }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return nil
    }

    /// Everything that arrives within `duration`.
    func drain(for duration: Duration) async -> [Etcdserverpb_WatchResponse] {
        try? await Task.sleep(for: duration)
        return received.responses.withLock { all in
            defer { all.removeAll() }
            return all
        }
    }

    var error: (any Error)? { received.error.withLock { $0 } }

    /// Ends the call abruptly, as a client that goes away.
    func close() {
        requests.finish()
        call.cancel()
    }
}

extension Data {
    var text: String { String(decoding: self, as: UTF8.self) }
}

func key(_ text: String) -> Data { Data(text.utf8) }
