import Foundation

extension KindTable {
    /// `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE (`printHorizontalPodAutoscaler`),
    /// printed from the autoscaling/v2 form whatever version was asked for.
    static let horizontalPodAutoscalers = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "Reference",
                description: "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
            TableColumn(
                name: "Targets",
                description: "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond."),
            TableColumn(
                name: "MinPods",
                description: "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available."),
            TableColumn(
                name: "MaxPods", type: "integer",
                description: "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
            TableColumn(
                name: "Replicas", type: "integer",
                description: "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
            .ageColumn,
        ],
        cells: { hpa, now in
            let spec = hpa.spec ?? .emptyObject
            let reference = spec["scaleTargetRef"] ?? .emptyObject
            let minimum = spec["minReplicas"]?.intValue.map { String($0) } ?? "<unset>"
            return [
                .string(hpa.name),
                .string("\(reference["kind"]?.stringValue ?? "")/\(reference["name"]?.stringValue ?? "")"),
                .string(hpaTargets(spec["metrics"]?.arrayValue ?? [], hpa.json[["status", "currentMetrics"]]?.arrayValue ?? [])),
                .string(minimum), .int(integer(spec["maxReplicas"])), .int(integer(hpa.json[["status", "currentReplicas"]])),
                age(hpa, now),
            ]
        })

    /// `formatHPAMetrics`: each metric's current value over its target, `<unknown>` before the controller has
    /// measured it, at most two and then `+ N more...`.
    static func hpaTargets(_ specs: [JSONValue], _ statuses: [JSONValue]) -> String {
        if specs.isEmpty { return "<none>" }
        let shown = 2
        var list: [String] = []
        for (index, spec) in specs.enumerated() {
            let status = index < statuses.count ? statuses[index] : nil
            func text(_ value: JSONValue?) -> String? {
                guard let value, !value.isNull else { return nil }
                return value.stringValue ?? value.intValue.map { String($0) }
            }
            switch spec["type"]?.stringValue {
            case "External", "Object":
                let field = spec["type"]?.stringValue == "External" ? "external" : "object"
                if let average = text(spec[[field, "target", "averageValue"]]) {
                    let current = text(status?[[field, "current", "averageValue"]]) ?? "<unknown>"
                    list.append("\(current)/\(average) (avg)")
                } else {
                    let current = status?[field] != nil ? (text(status?[[field, "current", "value"]]) ?? "0") : "<unknown>"
                    list.append("\(current)/\(text(spec[[field, "target", "value"]]) ?? "0")")
                }
            case "Pods":
                let current = status?["pods"] != nil ? (text(status?[["pods", "current", "averageValue"]]) ?? "0") : "<unknown>"
                list.append("\(current)/\(text(spec[["pods", "target", "averageValue"]]) ?? "0")")
            case "Resource", "ContainerResource":
                let field = spec["type"]?.stringValue == "Resource" ? "resource" : "containerResource"
                let name = spec[[field, "name"]]?.stringValue ?? ""
                if let average = text(spec[[field, "target", "averageValue"]]) {
                    let current = status?[field] != nil ? (text(status?[[field, "current", "averageValue"]]) ?? "0") : "<unknown>"
                    list.append("\(name): \(current)/\(average)")
                } else {
                    let current = status?[[field, "current", "averageUtilization"]]?.intValue.map { "\($0)%" } ?? "<unknown>"
                    let target = spec[[field, "target", "averageUtilization"]]?.intValue.map { "\($0)%" } ?? "<auto>"
                    list.append("\(name): \(current)/\(target)")
                }
            default:
                list.append("<unknown type>")
            }
        }
        guard list.count > shown else { return list.joined(separator: ", ") }
        return list.prefix(shown).joined(separator: ", ") + " + \(list.count - shown) more..."
    }
}
