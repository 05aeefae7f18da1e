import HTTPTypes
import Hummingbird
import KubeAPI
import NIOSSL
import Synchronization

/// Who a request comes from, for limits per client: its TLS client certificate, else its remote address.
enum ClientIdentity: Sendable, Hashable {
    case certificate(NIOSSLCertificate)
    case address(String)
}

/// A cap on the watches one client may hold open at once, answered 429 `TooManyRequests` with `Retry-After`.
///
/// kube-apiserver has no such cap: `--max-requests-inflight` (400) and `--max-mutating-requests-inflight` (200)
/// exclude long-running requests such as watches, and API Priority and Fairness only charges a watch's
/// initialisation, so a real server holds whatever watches its clients open until memory runs out. A
/// simulator on a laptop cannot afford that, so it limits each client (its certificate, or its address
/// without TLS) to far more watches than any real client opens (kube-controller-manager's informers open
/// about fifty) and refuses the next one as kube-apiserver's max-in-flight filter refuses a request over its
/// limit: 429 with `Retry-After: 1`, here with a `Status` body that says which limit was hit.
final class WatchLimit: Sendable {
    /// The default cap on one client's open watches.
    static let defaultPerClient = 1000
    /// The seconds a refused client is asked to wait, as kube-apiserver's max-in-flight filter asks.
    static let retryAfterSeconds = 1

    let perClient: Int
    private let open = Mutex<[ClientIdentity: Int]>([:])

    init(perClient: Int) {
        self.perClient = perClient
    }

    /// Counts a new watch of `client`, unless it holds the maximum already.
    func admit(_ client: ClientIdentity) -> Bool {
        open.withLock { open in
            guard open[client, default: 0] < perClient else { return false }
            open[client, default: 0] += 1
            return true
        }
    }

    /// A watch of `client` has ended.
    func release(_ client: ClientIdentity) {
        open.withLock { open in
            guard let count = open[client] else { return }
            open[client] = count > 1 ? count - 1 : nil
        }
    }

    /// The answer to a watch over the limit.
    func refusal() -> Response {
        var status = StatusError(
            code: 429, reason: "TooManyRequests",
            message: "Too many requests, please try again later: this client already has \(perClient) watches open, "
                + "the most one client may hold"
        ).status
        status["details"] = ["retryAfterSeconds": .int(Int64(Self.retryAfterSeconds))]
        var response = APIResponse.json(status, status: 429)
        response.headers[HTTPField.Name("Retry-After")!] = "\(Self.retryAfterSeconds)"
        return response
    }
}
