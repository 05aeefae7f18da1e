import EtcdCore
import EtcdSnapshot

/// One member as `member list` reports it (etcd's `etcdserverpb.Member`).
public struct MemberInfo: Sendable, Hashable {
    public var id: UInt64
    public var name: String
    public var peerURLs: [String]
    public var clientURLs: [String]
    public var isLearner: Bool
}

/// The answer `member list` prints (etcd's `MemberListResponse`).
public struct MemberListResponse: Sendable, Hashable {
    public var header: ResponseHeader
    public var members: [MemberInfo]
}

/// The answer `alarm list` and `alarm disarm` print (etcd's `AlarmResponse`). etcd answers it without a
/// header, so there is none.
public struct AlarmResponse: Sendable, Hashable {
    public var alarms: [AlarmMember]
}

/// One endpoint's `endpoint health` result (etcdctl's `epHealth`).
public struct EndpointHealth: Sendable, Hashable {
    public var endpoint: String
    public var health: Bool
    /// How long the health read took, as Go prints a duration.
    public var took: String
    /// Why it is unhealthy; empty when healthy.
    public var error: String
}

/// One endpoint's `endpoint status` (etcdctl's `epStatus`: the endpoint and etcd's `StatusResponse`).
public struct EndpointStatus: Sendable, Hashable {
    public var endpoint: String
    public var status: StoreStatus
    public var leader: UInt64
    public var raftIndex: UInt64
    public var raftAppliedIndex: UInt64
    public var isLearner = false
    public var errors: [String] = []
}

/// The rows etcdctl shows for cluster reports, shared by the simple printer (comma-joined) and the table
/// printer (`printer.go`'s `make…Table`).
enum ClusterReportRows {
    static func memberList(_ response: MemberListResponse) -> (header: [String], rows: [[String]]) {
        let rows = response.members.map { member in
            [
                GoInteger.hex(member.id), member.name.isEmpty ? "unstarted" : "started", member.name,
                member.peerURLs.joined(separator: ","), member.clientURLs.joined(separator: ","),
                String(member.isLearner),
            ]
        }
        return (["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"], rows)
    }

    static func endpointHealth(_ list: [EndpointHealth]) -> (header: [String], rows: [[String]]) {
        (["endpoint", "health", "took", "error"], list.map { [$0.endpoint, String($0.health), $0.took, $0.error] })
    }

    static func endpointStatus(_ list: [EndpointStatus]) -> (header: [String], rows: [[String]]) {
        let header = [
            "endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
            "raft applied index", "errors",
        ]
        let rows = list.map { item in
            [
                item.endpoint, GoInteger.hex(item.status.header.memberID), item.status.version,
                HumanizeBytes.string(UInt64(clamping: item.status.dbSize)),
                String(item.leader == item.status.header.memberID), String(item.isLearner),
                String(item.status.header.raftTerm), String(item.raftIndex), String(item.raftAppliedIndex),
                item.errors.joined(separator: ", "),
            ]
        }
        return (header, rows)
    }

    static func snapshotStatus(_ status: SnapshotStatus) -> (header: [String], rows: [[String]]) {
        (
            ["hash", "revision", "total keys", "total size"],
            [
                [
                    GoInteger.hex(status.hash), String(status.revision), String(status.totalKeys),
                    HumanizeBytes.string(UInt64(clamping: status.totalSize)),
                ]
            ]
        )
    }
}
