import EtcdCore
import EtcdSnapshot

/// Prints each kind of response in one output format, as etcdctl's `printer` interface does.
///
/// A format that cannot print a response throws etcdctl's "`<format>` not supported as output format"
/// (exit code 4); etcdctl reports that after the request ran, and so does KubeSim.
protocol ResponsePrinter: Sendable {
    func get(_ response: RangeResponse) throws(EtcdctlFailure)
    func put(_ response: PutResponse) throws(EtcdctlFailure)
    func delete(_ response: DeleteRangeResponse) throws(EtcdctlFailure)
    func txn(_ response: TxnResponse) throws(EtcdctlFailure)
    func watch(_ response: WatchResponse) throws(EtcdctlFailure)
    func leaseGrant(_ response: LeaseGrantResponse) throws(EtcdctlFailure)
    func leaseRevoke(id: Int64, header: ResponseHeader) throws(EtcdctlFailure)
    func leaseKeepAlive(_ response: LeaseKeepAliveResponse) throws(EtcdctlFailure)
    func leaseTimeToLive(_ response: LeaseTimeToLiveResponse, keys: Bool) throws(EtcdctlFailure)
    func leaseList(_ ids: [Int64], header: ResponseHeader) throws(EtcdctlFailure)
    func memberList(_ response: MemberListResponse) throws(EtcdctlFailure)
    func alarm(_ response: AlarmResponse) throws(EtcdctlFailure)
    func endpointHealth(_ list: [EndpointHealth]) throws(EtcdctlFailure)
    func endpointStatus(_ list: [EndpointStatus]) throws(EtcdctlFailure)
    func snapshotStatus(_ status: SnapshotStatus) throws(EtcdctlFailure)
}

/// The printer for a format, writing to `console`.
func makePrinter(_ format: OutputFormat, console: Console, hex: Bool, valueOnly: Bool = false) -> any ResponsePrinter {
    switch format {
    case .simple: SimplePrinter(console: console, hex: hex, valueOnly: valueOnly)
    case .json: JSONPrinter(out: console.out)
    case .fields: FieldsPrinter(out: console.out)
    case .table: TablePrinter(out: console.out)
    }
}

/// Formats that print only some responses (the table) get these defaults for the rest.
protocol PartialResponsePrinter: ResponsePrinter {
    /// The format, named in the failure.
    var format: OutputFormat { get }
}

extension PartialResponsePrinter {
    func get(_ response: RangeResponse) throws(EtcdctlFailure) { throw .unsupported(format) }
    func put(_ response: PutResponse) throws(EtcdctlFailure) { throw .unsupported(format) }
    func delete(_ response: DeleteRangeResponse) throws(EtcdctlFailure) { throw .unsupported(format) }
    func txn(_ response: TxnResponse) throws(EtcdctlFailure) { throw .unsupported(format) }
    func watch(_ response: WatchResponse) throws(EtcdctlFailure) { throw .unsupported(format) }
    func leaseGrant(_ response: LeaseGrantResponse) throws(EtcdctlFailure) { throw .unsupported(format) }
    func leaseRevoke(id: Int64, header: ResponseHeader) throws(EtcdctlFailure) { throw .unsupported(format) }
    func leaseKeepAlive(_ response: LeaseKeepAliveResponse) throws(EtcdctlFailure) { throw .unsupported(format) }
    func leaseTimeToLive(_ response: LeaseTimeToLiveResponse, keys: Bool) throws(EtcdctlFailure) {
        throw .unsupported(format)
    }
    func leaseList(_ ids: [Int64], header: ResponseHeader) throws(EtcdctlFailure) { throw .unsupported(format) }
    func alarm(_ response: AlarmResponse) throws(EtcdctlFailure) { throw .unsupported(format) }
}
