import EtcdCore
import EtcdProto
import EtcdSnapshot
import GRPCCore

/// `etcdserverpb.Cluster`: the member list of a one-member cluster (`v3rpc/member.go`).
///
/// The member is named as the seeded cluster's etcd static pod names it (`--name`, its peer URL), else
/// `memberName` and etcd's default peer URL (`SnapshotMember.serving`); its client URLs are the ones served.
/// KubeSim runs no raft and listens for no peers, so membership changes answer Unimplemented.
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
            let serving = try await SnapshotMember.serving(
                from: served.store, id: served.memberID, defaultName: memberName, clientURLs: clientURLs.urls)
            var member = Etcdserverpb_Member()
            member.id = serving.id
            member.name = serving.name
            member.peerUrls = serving.peerURLs
            member.clientUrls = serving.clientURLs
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
