import EtcdCore
import EtcdSnapshot
import Foundation

/// `-w json`: the response as Go's `encoding/json` marshals etcd's structs, on one line (`printer_json.go`).
///
/// Key-value responses are the protobuf structs (snake_case, every field `omitempty`); lease responses are
/// clientv3's wrappers, whose embedded header spreads its fields into the object; watch responses are
/// clientv3's `WatchResponse`, with Go field names.
struct JSONPrinter: ResponsePrinter {
    let out: any OutputSink

    func get(_ response: RangeResponse) { print(Self.range(response)) }
    func put(_ response: PutResponse) { print(Self.put(response)) }
    func delete(_ response: DeleteRangeResponse) { print(Self.delete(response)) }
    func txn(_ response: TxnResponse) { print(Self.txn(response)) }

    func watch(_ response: WatchResponse) {
        var fields = GoJSONFields()
        fields.add("Header", Self.header(response.header))
        fields.add("Events", .array(response.events.map(Self.event)))
        fields.add("CompactRevision", .int(response.compactRevision))
        fields.add("Canceled", .bool(response.canceled))
        fields.add("Created", .bool(false))
        print(fields.object)
    }

    func leaseGrant(_ response: LeaseGrantResponse) {
        var fields = Self.embeddedHeader(response.header)
        fields.add("ID", .int(response.id))
        fields.add("TTL", .int(response.ttl))
        fields.add("Error", .string(""))
        print(fields.object)
    }

    func leaseRevoke(id: Int64, header: ResponseHeader) {
        print(.object([("header", Self.header(header))]))
    }

    func leaseKeepAlive(_ response: LeaseKeepAliveResponse) {
        var fields = Self.embeddedHeader(response.header)
        fields.add("ID", .int(response.id))
        fields.add("TTL", .int(response.ttl))
        print(fields.object)
    }

    func leaseTimeToLive(_ response: LeaseTimeToLiveResponse, keys: Bool) {
        var fields = Self.embeddedHeader(response.header)
        fields.add("id", .int(response.id))
        fields.add("ttl", .int(response.ttl))
        fields.add("granted-ttl", .int(response.grantedTTL))
        fields.add("keys", response.keys.isEmpty ? .null : .array(response.keys.map(GoJSON.bytes)))
        print(fields.object)
    }

    func leaseList(_ ids: [Int64], header: ResponseHeader) {
        var fields = Self.embeddedHeader(header)
        fields.add("leases", .array(ids.map { .object([("id", .int($0))]) }))
        print(fields.object)
    }

    /// etcd's `AlarmResponse`, headerless as etcd answers it; the alarm type is the enum's number (`NOSPACE`
    /// is 1, `CORRUPT` 2).
    func alarm(_ response: AlarmResponse) {
        var fields = GoJSONFields()
        fields.omitEmpty(
            "alarms",
            response.alarms.map { alarm in
                var fields = GoJSONFields()
                fields.omitEmpty("memberID", alarm.memberID)
                fields.omitEmpty("alarm", Int64(alarm.alarm == .noSpace ? 1 : 2))
                return fields.object
            })
        print(fields.object)
    }

    func memberList(_ response: MemberListResponse) {
        var fields = GoJSONFields()
        fields.add("header", Self.header(response.header))
        fields.omitEmpty(
            "members",
            response.members.map { member in
                var fields = GoJSONFields()
                fields.omitEmpty("ID", member.id)
                fields.omitEmpty("name", member.name)
                fields.omitEmpty("peerURLs", member.peerURLs.map(GoJSON.string))
                fields.omitEmpty("clientURLs", member.clientURLs.map(GoJSON.string))
                fields.omitEmpty("isLearner", member.isLearner)
                return fields.object
            })
        print(fields.object)
    }

    func endpointHealth(_ list: [EndpointHealth]) {
        print(
            .array(
                list.map { item in
                    var fields = GoJSONFields()
                    fields.add("endpoint", .string(item.endpoint))
                    fields.add("health", .bool(item.health))
                    fields.add("took", .string(item.took))
                    fields.omitEmpty("error", item.error)
                    return fields.object
                }))
    }

    func endpointStatus(_ list: [EndpointStatus]) {
        print(
            .array(
                list.map { item in
                    var status = GoJSONFields()
                    status.add("header", Self.header(item.status.header))
                    status.omitEmpty("version", item.status.version)
                    status.omitEmpty("dbSize", item.status.dbSize)
                    status.omitEmpty("leader", item.leader)
                    status.omitEmpty("raftIndex", item.raftIndex)
                    status.omitEmpty("raftTerm", item.status.header.raftTerm)
                    status.omitEmpty("raftAppliedIndex", item.raftAppliedIndex)
                    status.omitEmpty("errors", item.errors.map(GoJSON.string))
                    status.omitEmpty("dbSizeInUse", item.status.dbSizeInUse)
                    status.omitEmpty("isLearner", item.isLearner)
                    return .object([("Endpoint", .string(item.endpoint)), ("Status", status.object)])
                }))
    }

    func snapshotStatus(_ status: SnapshotStatus) {
        print(
            .object([
                ("hash", .uint(UInt64(status.hash))), ("revision", .int(status.revision)),
                ("totalKey", .int(Int64(status.totalKeys))), ("totalSize", .int(status.totalSize)),
            ]))
    }

    private func print(_ value: GoJSON) { out.line(value.encoded) }

    // MARK: - etcd's structs

    static func header(_ header: ResponseHeader) -> GoJSON { embeddedHeader(header).object }

    /// A header's fields, for objects that embed `*pb.ResponseHeader` and so carry its fields inline.
    static func embeddedHeader(_ header: ResponseHeader) -> GoJSONFields {
        var fields = GoJSONFields()
        fields.omitEmpty("cluster_id", header.clusterID)
        fields.omitEmpty("member_id", header.memberID)
        fields.omitEmpty("revision", header.revision)
        fields.omitEmpty("raft_term", header.raftTerm)
        return fields
    }

    static func keyValue(_ kv: KeyValue) -> GoJSON {
        var fields = GoJSONFields()
        fields.omitEmpty("key", kv.key)
        fields.omitEmpty("create_revision", kv.createRevision)
        fields.omitEmpty("mod_revision", kv.modRevision)
        fields.omitEmpty("version", kv.version)
        fields.omitEmpty("value", kv.value)
        fields.omitEmpty("lease", kv.lease)
        return fields.object
    }

    static func event(_ event: WatchEvent) -> GoJSON {
        var fields = GoJSONFields()
        fields.omitEmpty("type", Int64(event.type.rawValue))
        fields.add("kv", keyValue(event.kv))
        if let prevKv = event.prevKv { fields.add("prev_kv", keyValue(prevKv)) }
        return fields.object
    }

    static func range(_ response: RangeResponse) -> GoJSON {
        var fields = GoJSONFields()
        fields.add("header", header(response.header))
        fields.omitEmpty("kvs", response.kvs.map(keyValue))
        fields.omitEmpty("more", response.more)
        fields.omitEmpty("count", response.count)
        return fields.object
    }

    static func put(_ response: PutResponse) -> GoJSON {
        var fields = GoJSONFields()
        fields.add("header", header(response.header))
        if let prevKv = response.prevKv { fields.add("prev_kv", keyValue(prevKv)) }
        return fields.object
    }

    static func delete(_ response: DeleteRangeResponse) -> GoJSON {
        var fields = GoJSONFields()
        fields.add("header", header(response.header))
        fields.omitEmpty("deleted", response.deleted)
        fields.omitEmpty("prev_kvs", response.prevKvs.map(keyValue))
        return fields.object
    }

    static func txn(_ response: TxnResponse) -> GoJSON {
        var fields = GoJSONFields()
        fields.add("header", header(response.header))
        fields.omitEmpty("succeeded", response.succeeded)
        fields.omitEmpty(
            "responses",
            response.responses.map { op in
                let (name, value): (String, GoJSON) =
                    switch op {
                    case .range(let range): ("ResponseRange", Self.range(range))
                    case .put(let put): ("ResponsePut", Self.put(put))
                    case .deleteRange(let delete): ("ResponseDeleteRange", Self.delete(delete))
                    case .txn(let txn): ("ResponseTxn", Self.txn(txn))
                    }
                return .object([("Response", .object([(name, value)]))])
            })
        return fields.object
    }
}
