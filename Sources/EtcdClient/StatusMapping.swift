import EtcdCore
import GRPCCore

/// Turns the gRPC statuses etcd answers with back into `EtcdError`s.
///
/// etcd's own client recognises its errors by their text, whatever the code (`api/v3rpc/rpctypes`); so does
/// this one. The texts are the ones `EtcdError.description` holds, which KubeSim's server sends as well.
/// Statuses with another text become `EtcdClientError.rpcFailed`, keeping the code and the message.
enum StatusMapping {
    /// The errors recognised by their message. `alreadyCompacted` shares the text of `compacted`: a
    /// compaction call turns one into the other.
    private static let byMessage: [String: EtcdError] = {
        let recognised: [EtcdError] = [
            .compacted, .futureRevision, .emptyKey, .tooManyOperations, .duplicateKey, .leaseNotFound,
            .leaseExists, .leaseTTLTooLarge, .keyNotFound, .valueProvided, .leaseProvided, .requestTooLarge,
            .noSpace,
        ]
        return Dictionary(uniqueKeysWithValues: recognised.map { ($0.description, $0) })
    }()

    /// The error a failed call is reported with.
    static func error(_ error: any Error, endpoint: String) -> any Error {
        switch error {
        case let status as RPCError:
            if let known = byMessage[status.message] { return known }
            // Some proxies strip etcd's "etcdserver: " prefix.
            if let known = byMessage["etcdserver: " + status.message] { return known }
            return EtcdClientError.rpcFailed(endpoint: endpoint, code: "\(status.code)", message: status.message)
        case is EtcdError, is EtcdClientError, is CancellationError:
            return error
        default:
            return EtcdClientError.rpcFailed(endpoint: endpoint, code: "unknown", message: String(describing: error))
        }
    }
}
