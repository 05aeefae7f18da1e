import EtcdCore
import EtcdSnapshot
import Foundation

/// `-w simple`, etcdctl's default: keys and values on lines of their own, one-line summaries otherwise
/// (`printer_simple.go`).
struct SimplePrinter: ResponsePrinter {
    let console: Console
    /// Print keys and values as `\x`-escaped hex (`--hex`).
    let hex: Bool
    /// Leave keys out (`--print-value-only`).
    let valueOnly: Bool

    private var out: any OutputSink { console.out }

    func get(_ response: RangeResponse) {
        for kv in response.kvs { printKV(kv) }
    }

    func put(_ response: PutResponse) {
        out.line("OK")
        if let prevKv = response.prevKv { printKV(prevKv) }
    }

    func delete(_ response: DeleteRangeResponse) {
        out.line(String(response.deleted))
        for kv in response.prevKvs { printKV(kv) }
    }

    func txn(_ response: TxnResponse) {
        out.line(response.succeeded ? "SUCCESS" : "FAILURE")
        for op in response.responses {
            out.line()
            switch op {
            case .range(let response): get(response)
            case .put(let response): put(response)
            case .deleteRange(let response): delete(response)
            case .txn(let response): txn(response)
            }
        }
    }

    func watch(_ response: WatchResponse) {
        for event in response.events {
            out.line(event.type == .put ? "PUT" : "DELETE")
            if let prevKv = event.prevKv { printKV(prevKv) }
            printKV(event.kv)
        }
    }

    func leaseGrant(_ response: LeaseGrantResponse) {
        out.line("lease \(GoInteger.hex16(response.id)) granted with TTL(\(response.ttl)s)")
    }

    func leaseRevoke(id: Int64, header: ResponseHeader) {
        out.line("lease \(GoInteger.hex16(id)) revoked")
    }

    func leaseKeepAlive(_ response: LeaseKeepAliveResponse) {
        out.line("lease \(GoInteger.hex16(response.id)) keepalived with TTL(\(response.ttl))")
    }

    func leaseTimeToLive(_ response: LeaseTimeToLiveResponse, keys: Bool) {
        let id = GoInteger.hex16(response.id)
        if response.grantedTTL == 0 && response.ttl == -1 {
            out.line("lease \(id) already expired")
            return
        }
        var text = "lease \(id) granted with TTL(\(response.grantedTTL)s), remaining(\(response.ttl)s)"
        if keys {
            let names = response.keys.map { String(decoding: $0, as: UTF8.self) }
            text += ", attached keys([\(names.joined(separator: " "))])"
        }
        out.line(text)
    }

    func leaseList(_ ids: [Int64], header: ResponseHeader) {
        out.line("found \(ids.count) leases")
        for id in ids { out.line(GoInteger.hex16(id)) }
    }

    func memberList(_ response: MemberListResponse) { printRows(ClusterReportRows.memberList(response).rows) }

    /// Each alarm as Go's `%+v` prints the protobuf: its compact text form.
    func alarm(_ response: AlarmResponse) {
        for alarm in response.alarms { out.line(alarm.text) }
    }

    /// Health goes to standard error, as etcdctl 3.4 prints it.
    func endpointHealth(_ list: [EndpointHealth]) {
        for item in list {
            if item.error.isEmpty {
                console.err.line("\(item.endpoint) is healthy: successfully committed proposal: took = \(item.took)")
            } else {
                console.err.line("\(item.endpoint) is unhealthy: failed to commit proposal: \(item.error)")
            }
        }
    }

    func endpointStatus(_ list: [EndpointStatus]) { printRows(ClusterReportRows.endpointStatus(list).rows) }

    func snapshotStatus(_ status: SnapshotStatus) { printRows(ClusterReportRows.snapshotStatus(status).rows) }

    private func printRows(_ rows: [[String]]) {
        for row in rows { out.line(row.joined(separator: ", ")) }
    }

    /// etcdctl's `printKV`: the key (unless values only), then the value, each on its own line.
    private func printKV(_ kv: KeyValue) {
        if !valueOnly { out.line(bytes: text(kv.key)) }
        out.line(bytes: text(kv.value))
    }

    private func text(_ bytes: Data) -> [UInt8] {
        guard hex else { return Array(bytes) }
        return Array(bytes.map { "\\x" + ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined().utf8)
    }
}
