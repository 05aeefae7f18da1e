import GRPCCore

/// Which failures move a call to another etcd member, and which calls may be sent again there: the rules of
/// etcd's own client (`clientv3/retry.go`).
///
/// A member that cannot be reached, or that answers it has no leader or timed out, fails with gRPC's
/// `unavailable`; a call past its deadline fails with `deadlineExceeded`. Reads (repeatable calls) are then
/// sent to the next member. A write is sent again only when it never left this client (the connection was not
/// up), because one sent to a member that then failed may have been committed: it fails instead, and the next
/// call goes to the next member.
enum Failover {
    /// Whether `error` means this member cannot serve now, so the next call should go to another one.
    static func movesOn(_ error: any Error) -> Bool {
        guard let status = error as? RPCError else { return false }
        return status.code == .unavailable || status.code == .deadlineExceeded
    }

    /// Whether `error` says the call never reached the member (no connection was up), so that even a write
    /// can be sent to another one.
    static func wasNotSent(_ error: any Error) -> Bool {
        guard let status = error as? RPCError, status.code == .unavailable else { return false }
        return notSentMessages.contains { status.message.hasPrefix($0) }
    }

    /// Whether the member itself answered (etcd's `etcdserver: ...` texts: no leader, leader changed, request
    /// timed out), rather than the connection failing: its answer is the one a caller should see when no
    /// member can serve.
    static func isEtcdAnswer(_ error: any Error) -> Bool {
        guard let status = error as? RPCError else { return false }
        return status.message.hasPrefix("etcdserver: ")
    }

    /// grpc-swift's messages for a call refused before anything was sent.
    private static let notSentMessages = [
        "Could not establish a connection", "subchannel isn't ready", "subchannel is unavailable",
        "Channel isn't ready", "The server accepted the TCP connection but closed the connection before",
    ]
}
