import EtcdCore
import EtcdProto
import GRPCCore

/// `etcdserverpb.Cluster`: the member list of a one-member cluster (`v3rpc/member.go`).
///
/// KubeSim runs no raft and has no peers, so the member lists no peer URLs (it listens on none) and
/// membership changes answer Unimplemented.
struct ClusterService: Etcdserverpb_Cluster.SimpleServiceProtocol {
    let served: ServedStore
    /// The member's name, as etcd's `--name`.
    let memberName: String
    /// The URLs clients reach this member on.
    let clientURLs: ClientURL

    private static let singleMember = "KubeSim is a single-member cluster without raft"

    func memberList(
        request: Etcdserverpb_MemberListRequest, context: ServerContext
    ) async throws -> Etcdserverpb_MemberListResponse {
        try await etcdCall {
            var member = Etcdserverpb_Member()
            member.id = served.memberID
            member.name = memberName
            member.clientUrls = clientURLs.urls
            var response = Etcdserverpb_MemberListResponse()
            response.header = served.header(try await served.currentRevision())
            response.members = [member]
            return response
        }
    }

    func memberAdd(
        request: Etcdserverpb_MemberAddRequest, context: ServerContext
    ) async throws -> Etcdserverpb_MemberAddResponse {
        throw EtcdStatus.unimplemented("MemberAdd", Self.singleMember)
    }

    func memberRemove(
        request: Etcdserverpb_MemberRemoveRequest, context: ServerContext
    ) async throws -> Etcdserverpb_MemberRemoveResponse {
        throw EtcdStatus.unimplemented("MemberRemove", Self.singleMember)
    }

    func memberUpdate(
        request: Etcdserverpb_MemberUpdateRequest, context: ServerContext
    ) async throws -> Etcdserverpb_MemberUpdateResponse {
        throw EtcdStatus.unimplemented("MemberUpdate", Self.singleMember)
    }

    func memberPromote(
        request: Etcdserverpb_MemberPromoteRequest, context: ServerContext
    ) async throws -> Etcdserverpb_MemberPromoteResponse {
        throw EtcdStatus.unimplemented("MemberPromote", Self.singleMember)
    }
}
