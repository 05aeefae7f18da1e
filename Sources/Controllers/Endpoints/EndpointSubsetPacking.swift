/// The canonical layout of an Endpoints object's subsets (`pkg/api/v1/endpoints` RepackSubsets): every address
/// offering the same ports with the same readiness shares one subset; addresses sorted by IP and pod uid, ports
/// and subsets by the MD5 of their Go rendering.
enum EndpointSubsetPacking {
    /// One address offering one port (nil: a headless service without ports), ready or not.
    struct Entry {
        var address: EndpointAddress
        var port: EndpointPort?
        var ready: Bool
    }

    static func repack(_ entries: [Entry]) -> [EndpointSubset] {
        // Each distinct address (by IP and uid) keeps its first form; per port, not ready wins over ready.
        var addresses: [[String]: EndpointAddress] = [:]
        var readiness: [EndpointPort?: [[String]: Bool]] = [:]
        var portOrder: [EndpointPort?] = []
        for entry in entries {
            let identity = entry.address.identity
            if addresses[identity] == nil { addresses[identity] = entry.address }
            if readiness[entry.port] == nil {
                readiness[entry.port] = [:]
                portOrder.append(entry.port)
            }
            if readiness[entry.port]![identity] ?? true { readiness[entry.port]![identity] = entry.ready }
        }
        // Ports offered by the same addresses with the same readiness share a subset.
        var groups: [[String: Bool]: [EndpointPort]] = [:]
        var groupOrder: [[String: Bool]] = []
        for port in portOrder {
            let members = Dictionary(uniqueKeysWithValues: readiness[port]!.map { ($0.key.joined(separator: "\u{0}"), $0.value) })
            if groups[members] == nil {
                groups[members] = []
                groupOrder.append(members)
            }
            if let port { groups[members]!.append(port) }
        }
        let byJoinedIdentity = Dictionary(uniqueKeysWithValues: addresses.map { ($0.key.joined(separator: "\u{0}"), $0.value) })
        let subsets = groupOrder.map { members in
            let ready = members.filter(\.value).keys.compactMap { byJoinedIdentity[$0] }
            let notReady = members.filter { !$0.value }.keys.compactMap { byJoinedIdentity[$0] }
            return EndpointSubset(
                addresses: ready.sorted(by: EndpointAddress.precedes),
                notReadyAddresses: notReady.sorted(by: EndpointAddress.precedes),
                ports: groups[members]!.sorted { $0.hashKey < $1.hashKey })
        }
        return subsets.sorted { $0.hashKey < $1.hashKey }
    }
}
