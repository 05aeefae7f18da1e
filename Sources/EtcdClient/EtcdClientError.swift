/// What goes wrong between the client and etcd, other than the errors etcd itself answers with (those are
/// `EtcdError`s, as the embedded store throws them).
public enum EtcdClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An endpoint URL that cannot be used.
    case invalidEndpoint(String, reason: String)
    /// TLS files that cannot be used together (a certificate without its key, or the reverse).
    case invalidTLS(String)
    /// None of the endpoints answered; each with why.
    case noEndpointAnswered([Failure])
    /// A call failed with a gRPC status etcd has no `EtcdError` for (unavailable, permission denied, ...):
    /// the status code's name and the message.
    case rpcFailed(endpoint: String, code: String, message: String)
    /// etcd answered with something the etcd v3 API does not allow (a broken server or a proxy).
    case unexpectedResponse(String)
    /// The client was closed.
    case closed

    /// Why one endpoint was given up.
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        public var endpoint: String
        public var reason: String

        public init(endpoint: String, reason: String) {
            self.endpoint = endpoint
            self.reason = reason
        }

        public var description: String { "\(endpoint): \(reason)" }
    }

    public var description: String {
        switch self {
        case .invalidEndpoint(let text, let reason): "invalid etcd endpoint \"\(text)\": \(reason)"
        case .invalidTLS(let reason): "invalid etcd TLS configuration: \(reason)"
        case .noEndpointAnswered(let failures):
            "no etcd endpoint answered: " + failures.map(\.description).joined(separator: "; ")
        case .rpcFailed(let endpoint, let code, let message): "etcd at \(endpoint) failed (\(code)): \(message)"
        case .unexpectedResponse(let what): "unexpected answer from etcd: \(what)"
        case .closed: "the etcd client is closed"
        }
    }
}
