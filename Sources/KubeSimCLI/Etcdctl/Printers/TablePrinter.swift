import EtcdCore
import EtcdSnapshot

/// `-w table`: ASCII tables for the cluster reports only; every key-value response is unsupported.
struct TablePrinter: PartialResponsePrinter {
    let out: any OutputSink
    var format: OutputFormat { .table }

    func memberList(_ response: MemberListResponse) { render(ClusterReportRows.memberList(response)) }
    func endpointHealth(_ list: [EndpointHealth]) { render(ClusterReportRows.endpointHealth(list)) }
    func endpointStatus(_ list: [EndpointStatus]) { render(ClusterReportRows.endpointStatus(list)) }
    func snapshotStatus(_ status: SnapshotStatus) { render(ClusterReportRows.snapshotStatus(status)) }

    private func render(_ table: (header: [String], rows: [[String]])) {
        var text = TextTable(headers: table.header)
        for row in table.rows { text.append(row) }
        out.write(text.rendered)
    }
}
