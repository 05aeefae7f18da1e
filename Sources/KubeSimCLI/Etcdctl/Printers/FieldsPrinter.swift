import EtcdCore
import EtcdSnapshot
import Foundation

/// `-w fields`: one `"Name" : value` line per field, strings Go-quoted (`printer_fields.go`).
struct FieldsPrinter: ResponsePrinter {
    let out: any OutputSink

    func get(_ response: RangeResponse) {
        header(response.header)
        for kv in response.kvs { keyValue(kv) }
        field("More", response.more)
        field("Count", response.count)
    }

    func put(_ response: PutResponse) {
        header(response.header)
        if let prevKv = response.prevKv { keyValue(prevKv, prefix: "Prev") }
    }

    func delete(_ response: DeleteRangeResponse) {
        header(response.header)
        field("Deleted", response.deleted)
        for kv in response.prevKvs { keyValue(kv, prefix: "Prev") }
    }

    func txn(_ response: TxnResponse) {
        header(response.header)
        field("Succeeded", response.succeeded)
        for op in response.responses {
            switch op {
            case .range(let response): get(response)
            case .put(let response): put(response)
            case .deleteRange(let response): delete(response)
            case .txn(let response): txn(response)
            }
        }
    }

    func watch(_ response: WatchResponse) {
        header(response.header)
        for event in response.events {
            field("Type", event.type == .put ? "PUT" : "DELETE")
            if let prevKv = event.prevKv { keyValue(prevKv, prefix: "Prev") }
            keyValue(event.kv)
        }
    }

    func leaseGrant(_ response: LeaseGrantResponse) {
        header(response.header)
        field("ID", response.id)
        field("TTL", response.ttl)
    }

    func leaseRevoke(id: Int64, header: ResponseHeader) { self.header(header) }

    func leaseKeepAlive(_ response: LeaseKeepAliveResponse) {
        header(response.header)
        field("ID", response.id)
        field("TTL", response.ttl)
    }

    func leaseTimeToLive(_ response: LeaseTimeToLiveResponse, keys: Bool) {
        header(response.header)
        field("ID", response.id)
        field("TTL", response.ttl)
        field("GrantedTTL", response.grantedTTL)
        for key in response.keys { field("Key", GoStringLiteral.quote(key)) }
    }

    func leaseList(_ ids: [Int64], header: ResponseHeader) {
        self.header(header)
        for id in ids { field("ID", id) }
    }

    func memberList(_ response: MemberListResponse) {
        header(response.header)
        for member in response.members {
            field("ID", member.id)
            field("Name", GoStringLiteral.quote(member.name))
            for url in member.peerURLs { field("PeerURL", GoStringLiteral.quote(url)) }
            for url in member.clientURLs { field("ClientURL", GoStringLiteral.quote(url)) }
            field("IsLearner", member.isLearner)
            out.line()
        }
    }

    /// The alarms without a header: etcd answers with none (and etcdctl 3.4 crashes printing it).
    func alarm(_ response: AlarmResponse) {
        for alarm in response.alarms {
            field("MemberID", alarm.memberID)
            field("AlarmType", alarm.alarm.rawValue)
            out.line()
        }
    }

    func endpointHealth(_ list: [EndpointHealth]) {
        for item in list {
            field("Endpoint", GoStringLiteral.quote(item.endpoint))
            field("Health", item.health)
            field("Took", item.took)
            field("Error", item.error)
            out.line()
        }
    }

    func endpointStatus(_ list: [EndpointStatus]) {
        for item in list {
            header(item.status.header)
            field("Version", GoStringLiteral.quote(item.status.version))
            field("DBSize", item.status.dbSize)
            field("Leader", item.leader)
            field("IsLearner", item.isLearner)
            field("RaftIndex", item.raftIndex)
            field("RaftTerm", item.status.header.raftTerm)
            field("RaftAppliedIndex", item.raftAppliedIndex)
            field("Errors", "[" + item.errors.joined(separator: " ") + "]")
            field("Endpoint", GoStringLiteral.quote(item.endpoint))
            out.line()
        }
    }

    func snapshotStatus(_ status: SnapshotStatus) {
        field("Hash", status.hash)
        field("Revision", status.revision)
        field("Keys", status.totalKeys)
        field("Size", status.totalSize)
    }

    private func header(_ header: ResponseHeader) {
        field("ClusterID", header.clusterID)
        field("MemberID", header.memberID)
        field("Revision", header.revision)
        field("RaftTerm", header.raftTerm)
    }

    private func keyValue(_ kv: KeyValue, prefix: String = "") {
        field(prefix + "Key", GoStringLiteral.quote(kv.key))
        field(prefix + "CreateRevision", kv.createRevision)
        field(prefix + "ModRevision", kv.modRevision)
        field(prefix + "Version", kv.version)
        field(prefix + "Value", GoStringLiteral.quote(kv.value))
        field(prefix + "Lease", kv.lease)
    }

    /// A `"name" : value` line; strings arrive already quoted where etcdctl quotes them.
    private func field(_ name: String, _ value: some CustomStringConvertible) {
        out.line("\"\(name)\" : \(value)")
    }
}
