/// The metric specs and statuses of an autoscaling/v2 HorizontalPodAutoscaler in autoscaling/v1's form, the form
/// v1 keeps in its `autoscaling.alpha.kubernetes.io/metrics` and `current-metrics` annotations (kubernetes
/// `pkg/apis/autoscaling/v1/conversion.go`): a v2 `target` / `current` and `metric` identifier become v1's flat
/// `targetValue`, `targetAverageValue`, `targetAverageUtilization`, `metricName`, `selector` fields, and back, with
/// v2's target type inferred from which of them is set. v1's required quantities are `0` when v2 has none.
enum HorizontalPodAutoscalerMetrics {
    /// The order of v1's metric fields (and conditions, selectors) in the structs `json.Marshal` writes.
    static let v1FieldOrder = [
        "type", "object", "pods", "resource", "containerResource", "external", "target", "kind", "name", "apiVersion",
        "metricName", "metricSelector", "targetValue", "currentValue", "targetAverageUtilization",
        "currentAverageUtilization", "targetAverageValue", "currentAverageValue", "container", "selector", "averageValue",
        "status", "lastTransitionTime", "reason", "message", "matchLabels", "matchExpressions", "key", "operator", "values",
    ]

    private static let zero: JSONValue = "0"

    // MARK: - Specs

    /// A v2 metric spec in v1's form.
    static func v1Spec(_ metric: JSONValue) -> JSONValue {
        var out: JSONValue = ["type": metric["type"] ?? ""]
        if let source = metric["resource"] {
            out["resource"] = resourceTarget(source, container: nil)
        }
        if let source = metric["containerResource"] {
            out["containerResource"] = resourceTarget(source, container: source["container"] ?? "")
        }
        if let source = metric["pods"] {
            var pods: JSONValue = ["metricName": source[["metric", "name"]] ?? "", "targetAverageValue": source[["target", "averageValue"]] ?? zero]
            pods["selector"] = source[["metric", "selector"]]
            out["pods"] = pods
        }
        if let source = metric["object"] {
            var object: JSONValue = [
                "target": source["describedObject"] ?? .emptyObject, "metricName": source[["metric", "name"]] ?? "",
                "targetValue": source[["target", "value"]] ?? zero,
            ]
            object["selector"] = source[["metric", "selector"]]
            object["averageValue"] = source[["target", "averageValue"]]
            out["object"] = object
        }
        if let source = metric["external"] {
            var external: JSONValue = ["metricName": source[["metric", "name"]] ?? ""]
            external["metricSelector"] = source[["metric", "selector"]]
            external["targetValue"] = source[["target", "value"]]
            external["targetAverageValue"] = source[["target", "averageValue"]]
            out["external"] = external
        }
        return out
    }

    private static func resourceTarget(_ source: JSONValue, container: JSONValue?) -> JSONValue {
        var out: JSONValue = ["name": source["name"] ?? ""]
        out["targetAverageUtilization"] = source[["target", "averageUtilization"]]
        out["targetAverageValue"] = source[["target", "averageValue"]]
        out["container"] = container
        return out
    }

    /// A v1 metric spec in v2's form.
    static func v2Spec(_ metric: JSONValue) -> JSONValue {
        var out: JSONValue = ["type": metric["type"] ?? ""]
        if let source = metric["resource"] {
            out["resource"] = ["name": source["name"] ?? "", "target": resourceTarget(v1: source)]
        }
        if let source = metric["containerResource"] {
            out["containerResource"] = [
                "name": source["name"] ?? "", "container": source["container"] ?? "", "target": resourceTarget(v1: source),
            ]
        }
        if let source = metric["pods"] {
            out["pods"] = [
                "metric": identifier(source["metricName"], source["selector"]),
                "target": ["type": "AverageValue", "averageValue": source["targetAverageValue"] ?? zero],
            ]
        }
        if let source = metric["object"] {
            var target: JSONValue = [
                "type": source["averageValue"] == nil ? "Value" : "AverageValue", "value": source["targetValue"] ?? zero,
            ]
            target["averageValue"] = source["averageValue"]
            out["object"] = [
                "describedObject": source["target"] ?? .emptyObject, "metric": identifier(source["metricName"], source["selector"]),
                "target": target,
            ]
        }
        if let source = metric["external"] {
            var target: JSONValue = ["type": source["targetValue"] == nil ? "AverageValue" : "Value"]
            target["value"] = source["targetValue"]
            target["averageValue"] = source["targetAverageValue"]
            out["external"] = ["metric": identifier(source["metricName"], source["metricSelector"]), "target": target]
        }
        return out
    }

    private static func resourceTarget(v1 source: JSONValue) -> JSONValue {
        var target: JSONValue = ["type": source["targetAverageUtilization"] == nil ? "AverageValue" : "Utilization"]
        target["averageUtilization"] = source["targetAverageUtilization"]
        target["averageValue"] = source["targetAverageValue"]
        return target
    }

    private static func identifier(_ name: JSONValue?, _ selector: JSONValue?) -> JSONValue {
        var metric: JSONValue = ["name": name ?? ""]
        metric["selector"] = selector
        return metric
    }

    // MARK: - Statuses

    /// A v2 metric status in v1's form.
    static func v1Status(_ metric: JSONValue) -> JSONValue {
        var out: JSONValue = ["type": metric["type"] ?? ""]
        for field in ["resource", "containerResource"] {
            guard let source = metric[field] else { continue }
            var status: JSONValue = ["name": source["name"] ?? "", "currentAverageValue": source[["current", "averageValue"]] ?? zero]
            status["currentAverageUtilization"] = source[["current", "averageUtilization"]]
            if field == "containerResource" { status["container"] = source["container"] ?? "" }
            out[field] = status
        }
        if let source = metric["pods"] {
            var pods: JSONValue = [
                "metricName": source[["metric", "name"]] ?? "", "currentAverageValue": source[["current", "averageValue"]] ?? zero,
            ]
            pods["selector"] = source[["metric", "selector"]]
            out["pods"] = pods
        }
        if let source = metric["object"] {
            var object: JSONValue = [
                "target": source["describedObject"] ?? .emptyObject, "metricName": source[["metric", "name"]] ?? "",
                "currentValue": source[["current", "value"]] ?? zero,
            ]
            object["selector"] = source[["metric", "selector"]]
            object["averageValue"] = source[["current", "averageValue"]]
            out["object"] = object
        }
        if let source = metric["external"] {
            var external: JSONValue = [
                "metricName": source[["metric", "name"]] ?? "", "currentValue": source[["current", "value"]] ?? zero,
            ]
            external["metricSelector"] = source[["metric", "selector"]]
            external["currentAverageValue"] = source[["current", "averageValue"]]
            out["external"] = external
        }
        return out
    }

    /// A v1 metric status in v2's form.
    static func v2Status(_ metric: JSONValue) -> JSONValue {
        var out: JSONValue = ["type": metric["type"] ?? ""]
        for field in ["resource", "containerResource"] {
            guard let source = metric[field] else { continue }
            var current: JSONValue = ["averageValue": source["currentAverageValue"] ?? zero]
            current["averageUtilization"] = source["currentAverageUtilization"]
            var status: JSONValue = ["name": source["name"] ?? "", "current": current]
            if field == "containerResource" { status["container"] = source["container"] ?? "" }
            out[field] = status
        }
        if let source = metric["pods"] {
            out["pods"] = [
                "metric": identifier(source["metricName"], source["selector"]),
                "current": ["averageValue": source["currentAverageValue"] ?? zero],
            ]
        }
        if let source = metric["object"] {
            var current: JSONValue = ["value": source["currentValue"] ?? zero]
            current["averageValue"] = source["averageValue"]
            out["object"] = [
                "describedObject": source["target"] ?? .emptyObject, "metric": identifier(source["metricName"], source["selector"]),
                "current": current,
            ]
        }
        if let source = metric["external"] {
            var current: JSONValue = ["value": source["currentValue"] ?? zero]
            current["averageValue"] = source["currentAverageValue"]
            out["external"] = ["metric": identifier(source["metricName"], source["metricSelector"]), "current": current]
        }
        return out
    }
}
