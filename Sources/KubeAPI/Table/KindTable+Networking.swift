import Foundation

extension KindTable {
    /// `kubectl get ingresses`: NAME CLASS HOSTS ADDRESS PORTS AGE.
    static let ingresses = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "Class",
                description: "The name of the IngressClass resource that should be used for additional configuration"),
            TableColumn(
                name: "Hosts", description: "Hosts that incoming requests are matched against before the ingress rule"),
            TableColumn(
                name: "Address", description: "Address is a list containing ingress points for the load-balancer"),
            TableColumn(name: "Ports", description: "Ports of TLS configurations that open"),
            .ageColumn,
        ],
        cells: { ingress, now in
            let spec = ingress.spec
            let tls = spec?["tls"]?.arrayValue ?? []
            return [
                .string(ingress.name), .string(text(spec?["ingressClassName"], or: "<none>")),
                .string(hosts(spec?["rules"]?.arrayValue ?? [])),
                .string(loadBalancerAddresses(ingress.json[["status", "loadBalancer"]]).joined(separator: ",")),
                .string(tls.isEmpty ? "80" : "80, 443"), age(ingress, now),
            ]
        })

    /// Up to three rule hosts, `+ N more...` past them, `*` when no rule names a host.
    private static func hosts(_ rules: [JSONValue]) -> String {
        let limit = 3
        var list: [String] = []
        var more = false
        for rule in rules {
            if list.count == limit { more = true }
            let host = text(rule["host"])
            if !more, !host.isEmpty { list.append(host) }
        }
        guard !list.isEmpty else { return "*" }
        let joined = list.joined(separator: ",")
        return more ? "\(joined) + \(rules.count - limit) more..." : joined
    }

    /// `kubectl get networkpolicies`: NAME POD-SELECTOR AGE.
    static let networkPolicies = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Pod-Selector", description: APIFieldDocs.networkPolicySpecPodSelector),
            .ageColumn,
        ],
        cells: { policy, now in
            // The pod selector is a required struct: an absent one selects everything, like an empty one.
            let selector = policy.spec?["podSelector"] ?? .emptyObject
            return [.string(policy.name), .string(LabelFormatting.formattedSelector(selector)), age(policy, now)]
        })
}
