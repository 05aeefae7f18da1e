import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// What `EtcdGRPCServer.run()` shares with callers from outside it while it serves: the running gRPC server
/// (for a graceful shutdown asked for at any time, even before it runs) and the port it listens on.
final class ServingState: Sendable {
    private struct State {
        var server: GRPCServer<HTTP2ServerTransport.Posix>?
        var shutdownRequested = false
        var port: Result<Int, any Error>?
        var portWaiters: [CheckedContinuation<Int, any Error>] = []
    }

    private let state = Mutex(State())

    /// Makes `server` the one a shutdown reaches; true if a shutdown was asked for already.
    func attach(_ server: GRPCServer<HTTP2ServerTransport.Posix>) -> Bool {
        state.withLock { state in
            state.server = server
            return state.shutdownRequested
        }
    }

    /// Lets go of the server once it has stopped.
    func detach() {
        state.withLock { $0.server = nil }
    }

    /// Begins the graceful shutdown of the running server, or of the next one attached.
    ///
    /// The server is used under the lock: once `detach()` returns, `run()` holds the last reference to it, so
    /// the transport goes before the event loop it completes a promise on when freed.
    func beginGracefulShutdown() {
        state.withLock { state in
            state.shutdownRequested = true
            state.server?.beginGracefulShutdown()
        }
    }

    /// Records the port the server listens on, or why it could not listen, and answers those waiting for it.
    func listening(_ port: Result<Int, any Error>) {
        let waiters = state.withLock { state in
            state.port = port
            defer { state.portWaiters = [] }
            return state.portWaiters
        }
        for waiter in waiters { waiter.resume(with: port) }
    }

    /// The port, once the server listens.
    var port: Int {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let port = state.withLock { state in
                    if state.port == nil { state.portWaiters.append(continuation) }
                    return state.port
                }
                if let port { continuation.resume(with: port) }
            }
        }
    }
}
