import KubeAPI

/// How long a connection may take at each step, as Go's net/http enforces them for kube-apiserver
/// (`apiserver/pkg/server/secure_serving.go` sets `ReadHeaderTimeout` 32 s and `IdleTimeout` 90 s; Go's
/// `Server.tlsHandshakeTimeout()` gives the TLS handshake the least of its read and write timeouts, here the
/// same 32 s), and as kube-apiserver's `--request-timeout` (60 s) bounds a request that is not long-running.
public struct ConnectionTimeouts: Sendable, Hashable {
    /// From the connection's start until its TLS handshake is done; then the connection is closed.
    public var handshake: Duration
    /// From the connection being ready (after its handshake) until the first request's headers are in.
    public var header: Duration
    /// From the end of a response until the next request's headers are in, with no request in progress. Go
    /// waits `IdleTimeout` for the first byte and then `ReadHeaderTimeout` for the headers; here the one
    /// deadline covers both.
    public var idle: Duration
    /// From a request's headers until its whole body is in; then it is answered 504 `Timeout`, as
    /// kube-apiserver's timeout filter answers a request that outlives `--request-timeout`, and the
    /// connection is closed. A body shorter than its `Content-Length` ends here.
    public var body: Duration

    public init(
        handshake: Duration = .seconds(32), header: Duration = .seconds(32), idle: Duration = .seconds(90),
        body: Duration = .seconds(60)
    ) {
        self.handshake = handshake
        self.header = header
        self.idle = idle
        self.body = body
    }
}

/// A request body that did not arrive within ``ConnectionTimeouts/body``.
struct RequestBodyTimeout: Error {
    /// kube-apiserver's answer (`filters/timeout.go`: `NewTimeoutError("request did not complete within the
    /// allotted timeout", 0)`).
    static let status = StatusError(
        code: 504, reason: "Timeout", message: "Timeout: request did not complete within the allotted timeout")
}
