import Foundation

extension KindTable {
    /// `kubectl get endpointslices`: NAME ADDRESSTYPE PORTS ENDPOINTS AGE, with at most three ports and
    /// addresses each.
    static let endpointSlices = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "AddressType", description: APIFieldDocs.endpointSliceAddressType),
            TableColumn(name: "Ports", description: APIFieldDocs.endpointSlicePorts),
            TableColumn(name: "Endpoints", description: APIFieldDocs.endpointSliceEndpoints),
            .ageColumn,
        ],
        cells: { slice, now in
            let ports = (slice.json["ports"]?.arrayValue ?? []).map { port in
                port["port"]?.intValue.map(String.init) ?? port["name"]?.stringValue ?? "*"
            }
            let addresses = (slice.json["endpoints"]?.arrayValue ?? []).flatMap { endpoint in
                (endpoint["addresses"]?.arrayValue ?? []).map { text($0) }
            }
            return [
                .string(slice.name), .string(text(slice.json["addressType"])), .string(firstThree(ports)),
                .string(firstThree(addresses)), age(slice, now),
            ]
        })

    /// `listWithMoreString`: the first three items joined with commas, `+ N more...` past them, `<unset>` for none.
    private static func firstThree(_ items: [String]) -> String {
        let limit = 3
        let joined = items.prefix(limit).joined(separator: ",")
        if items.count > limit { return "\(joined) + \(items.count - limit) more..." }
        return joined.isEmpty ? "<unset>" : joined
    }
}
