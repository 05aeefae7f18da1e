/// `SetDefaults_Service`, with the IP-family fields the service registry fills on a single-stack IPv4 cluster
/// (the cluster IP itself is allocated by the registry).
enum ServiceDefaults {
    static func apply(_ service: inout JSONValue) {
        service.update("spec", create: true) { spec in
            spec.setDefault("sessionAffinity", "None")
            spec.setDefault("type", "ClusterIP")
            let type = spec.text("type")
            spec.updateEach("ports") { port in
                port.setDefault("protocol", "TCP")
                let target = port["targetPort"]
                if target == nil || target == .null || target == .int(0) || target == .string("") {
                    port["targetPort"] = port["port"] ?? 0
                }
            }
            if spec.text("sessionAffinity") == "ClientIP" {
                spec.update("sessionAffinityConfig", create: true) { config in
                    config.update("clientIP", create: true) { $0.setDefault("timeoutSeconds", 10800) }
                }
            }
            if type == "NodePort" || type == "LoadBalancer" { spec.setDefault("externalTrafficPolicy", "Cluster") }
            if type == "LoadBalancer" { spec.setDefault("allocateLoadBalancerNodePorts", true) }
            if ["ClusterIP", "NodePort", "LoadBalancer"].contains(type) { spec.setDefault("internalTrafficPolicy", "Cluster") }
            guard type != "ExternalName" else { return }
            if let clusterIP = spec["clusterIP"]?.stringValue, !clusterIP.isEmpty, spec.list("clusterIPs").isEmpty {
                spec["clusterIPs"] = [.string(clusterIP)]
            }
            let headless = spec.texts("clusterIPs") == ["None"]
            let selectorless = (spec["selector"]?.objectValue ?? [:]).isEmpty
            spec.setDefault("ipFamilyPolicy", headless && selectorless ? "RequireDualStack" : "SingleStack")
            if spec.list("ipFamilies").isEmpty {
                let clusterIPs = spec.texts("clusterIPs").filter { $0 != "None" }
                spec["ipFamilies"] = .array(clusterIPs.isEmpty ? ["IPv4"] : clusterIPs.map { NetworkRules.isIPv6($0) ? "IPv6" : "IPv4" })
            }
        }
    }
}
