import EtcdCore
import GRPCCore

/// The gRPC statuses etcd answers with: its codes and its texts (`api/v3rpc/rpctypes/error.go`), so that
/// etcdctl and clientv3 recognise them (clientv3 matches errors by their text).
enum EtcdStatus {
    static func error(_ code: RPCError.Code, _ message: String) -> RPCError {
        RPCError(code: code, message: message)
    }

    static let emptyKey = error(.invalidArgument, EtcdError.emptyKey.description)
    static let keyNotFound = error(.invalidArgument, EtcdError.keyNotFound.description)
    static let requestTooLarge = error(.invalidArgument, EtcdError.requestTooLarge.description)
    static let tooManyOperations = error(.invalidArgument, EtcdError.tooManyOperations.description)
    static let canceled = error(.cancelled, "etcdserver: request canceled")
    static let stopped = error(.unavailable, "etcdserver: server stopped")

    /// An operation KubeSim does not offer, with the reason; never a silent success.
    static func unimplemented(_ what: String, _ why: String) -> RPCError {
        error(.unimplemented, "kubesim: \(what) is not supported: \(why)")
    }

    /// The status for an error a store threw, as etcd's `togRPCError` maps it.
    static func from(_ error: any Error) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case let error as EtcdError:
            return EtcdStatus.error(code(for: error), error.description)
        case is CancellationError:
            return canceled
        case let error as StorageError where error.message == "the store is closed":
            return stopped
        default:
            // etcd answers errors it has no status for with Unknown and their text.
            return EtcdStatus.error(.unknown, String(describing: error))
        }
    }

    static func code(for error: EtcdError) -> RPCError.Code {
        switch error {
        case .compacted, .alreadyCompacted, .futureRevision, .leaseTTLTooLarge: .outOfRange
        case .leaseNotFound: .notFound
        case .leaseExists: .failedPrecondition
        case .emptyKey, .tooManyOperations, .duplicateKey, .keyNotFound, .valueProvided, .leaseProvided,
            .requestTooLarge:
            .invalidArgument
        case .noSpace: .resourceExhausted
        }
    }
}

/// Runs a handler's body, turning what it throws into etcd's gRPC statuses.
func etcdCall<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw EtcdStatus.from(error)
    }
}
