import Foundation

/// autoscaling/v1 HorizontalPodAutoscalers as a view of the autoscaling/v2 ones the store holds (autoscaling/v2
/// is the storage version in 1.32), as kubernetes `pkg/apis/autoscaling/v1/conversion.go` converts them.
///
/// v1 has one metric, `targetCPUUtilizationPercentage`: the first `cpu` Resource metric's utilization target.
/// What v1 cannot express rides in annotations, JSON as `json.Marshal` writes it: the other metrics in
/// `autoscaling.alpha.kubernetes.io/metrics`, every current metric in `.../current-metrics`, the conditions in
/// `.../conditions` (all in v1's metric form), and the behavior in `.../behavior` (Go's internal struct, field
/// names capitalised). Converting back takes them out again and puts them where v2 keeps them; a v1 object with no
/// metric at all gets the 80% CPU target kube-apiserver's conversion gives it. The stored v2 object never carries
/// the annotations.
public struct HorizontalPodAutoscalerConversion: VersionConversion {
    public var storage: ResourceType { BuiltinResources.horizontalPodAutoscalers }
    public var views: [ResourceType] { [BuiltinResources.horizontalPodAutoscalersV1] }

    static let metricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics"
    static let currentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics"
    static let conditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions"
    static let behaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior"
    /// The annotations only conversion writes (`DropRoundTripHorizontalPodAutoscalerAnnotations`).
    static let roundTripAnnotations = [metricsAnnotation, currentMetricsAnnotation, conditionsAnnotation, behaviorAnnotation]
    /// The CPU utilization target a v1 object without one gets (`autoscaling.DefaultCPUUtilization`).
    static let defaultCPUUtilization: Int64 = 80

    public init() {}

    // MARK: - v2 to v1

    public func fromStorage(_ object: JSONValue, to version: ResourceType) throws -> JSONValue {
        let spec = object["spec"] ?? .emptyObject
        let status = object["status"] ?? .emptyObject
        let metrics = spec["metrics"]?.arrayValue ?? []
        var annotations = Self.withoutRoundTrip(object[["metadata", "annotations"]]?.objectValue ?? [:])

        var v1Spec: JSONValue = ["scaleTargetRef": spec["scaleTargetRef"] ?? .emptyObject, "maxReplicas": spec["maxReplicas"] ?? 0]
        v1Spec["minReplicas"] = spec["minReplicas"]
        if let cpu = metrics.first(where: Self.isCPUResource) {
            v1Spec["targetCPUUtilizationPercentage"] = cpu[["resource", "target", "averageUtilization"]]
        }
        let others = metrics.filter { !(Self.isCPUResource($0) && $0[["resource", "target", "averageUtilization"]] != nil) }
        if !others.isEmpty {
            annotations[Self.metricsAnnotation] = Self.encode(.array(others.map(HorizontalPodAutoscalerMetrics.v1Spec)))
        }

        var v1Status: JSONValue = ["currentReplicas": status["currentReplicas"] ?? 0, "desiredReplicas": status["desiredReplicas"] ?? 0]
        v1Status["observedGeneration"] = status["observedGeneration"]
        v1Status["lastScaleTime"] = status["lastScaleTime"]
        let current = status["currentMetrics"]?.arrayValue ?? []
        for metric in current where Self.isCPUResource(metric) {
            if let utilization = metric[["resource", "current", "averageUtilization"]] {
                v1Status["currentCPUUtilizationPercentage"] = utilization
            }
        }
        if !current.isEmpty {
            annotations[Self.currentMetricsAnnotation] = Self.encode(.array(current.map(HorizontalPodAutoscalerMetrics.v1Status)))
        }
        if let conditions = status["conditions"]?.arrayValue, !conditions.isEmpty {
            annotations[Self.conditionsAnnotation] = Self.encode(.array(conditions.map(Self.goCondition)))
        }
        if let behavior = spec["behavior"], !behavior.isNull {
            annotations[Self.behaviorAnnotation] = GoStructJSON.string(
                Self.internalBehavior(behavior), fieldOrder: Self.internalBehaviorOrder)
        }

        var out = object
        out["apiVersion"] = .string(version.apiVersion)
        out[["metadata", "annotations"]] = annotations.isEmpty ? nil : .object(annotations.mapValues(JSONValue.string))
        out["spec"] = v1Spec
        out["status"] = v1Status
        return out
    }

    // MARK: - v1 to v2

    public func toStorage(_ object: JSONValue, from version: ResourceType) throws -> JSONValue {
        let spec = object["spec"] ?? .emptyObject
        let status = object["status"] ?? .emptyObject
        let annotations = object[["metadata", "annotations"]]?.objectValue?.compactMapValues(\.stringValue) ?? [:]

        var metrics: [JSONValue] = []
        if let encoded = annotations[Self.metricsAnnotation] {
            metrics = try Self.decodeArray(encoded).map(HorizontalPodAutoscalerMetrics.v2Spec)
        }
        if let cpu = spec["targetCPUUtilizationPercentage"], !cpu.isNull {
            metrics.append(Self.cpuUtilizationMetric(cpu))
        }
        if metrics.isEmpty { metrics = [Self.cpuUtilizationMetric(.int(Self.defaultCPUUtilization))] }
        var v2Spec: JSONValue = [
            "scaleTargetRef": spec["scaleTargetRef"] ?? .emptyObject, "maxReplicas": spec["maxReplicas"] ?? 0,
            "metrics": .array(metrics),
        ]
        v2Spec["minReplicas"] = spec["minReplicas"]
        if let encoded = annotations[Self.behaviorAnnotation] {
            v2Spec["behavior"] = Self.v2Behavior(try Self.decode(encoded))
        }

        var v2Status: JSONValue = ["desiredReplicas": status["desiredReplicas"] ?? 0]
        if let replicas = status["currentReplicas"], replicas.intValue != 0 { v2Status["currentReplicas"] = replicas }
        v2Status["observedGeneration"] = status["observedGeneration"]
        v2Status["lastScaleTime"] = status["lastScaleTime"]
        if let encoded = annotations[Self.currentMetricsAnnotation] {
            v2Status["currentMetrics"] = .array(try Self.decodeArray(encoded).map(HorizontalPodAutoscalerMetrics.v2Status))
        } else if let cpu = status["currentCPUUtilizationPercentage"], !cpu.isNull {
            v2Status["currentMetrics"] = [["type": "Resource", "resource": ["name": "cpu", "current": ["averageUtilization": cpu]]]]
        }
        if let encoded = annotations[Self.conditionsAnnotation] {
            v2Status["conditions"] = .array(try Self.decodeArray(encoded).map(Self.goCondition))
        }

        var out = object
        out["apiVersion"] = .string(storage.apiVersion)
        let kept = Self.withoutRoundTrip(annotations)
        out[["metadata", "annotations"]] = kept.isEmpty ? nil : .object(kept.mapValues(JSONValue.string))
        out["spec"] = v2Spec
        out["status"] = v2Status
        return out
    }

    // MARK: - Parts

    private static func isCPUResource(_ metric: JSONValue) -> Bool {
        metric["type"]?.stringValue == "Resource" && metric[["resource", "name"]]?.stringValue == "cpu"
    }

    private static func cpuUtilizationMetric(_ utilization: JSONValue) -> JSONValue {
        ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": utilization]]]
    }

    private static func withoutRoundTrip(_ annotations: [String: JSONValue]) -> [String: String] {
        annotations.compactMapValues(\.stringValue).filter { !roundTripAnnotations.contains($0.key) }
    }

    private static func withoutRoundTrip(_ annotations: [String: String]) -> [String: String] {
        annotations.filter { !roundTripAnnotations.contains($0.key) }
    }

    /// A condition as Go's struct writes it: lastTransitionTime always (null when unset).
    private static func goCondition(_ condition: JSONValue) -> JSONValue {
        var out = condition
        if out["lastTransitionTime"] == nil { out["lastTransitionTime"] = .null }
        return out
    }

    private static func encode(_ value: JSONValue) -> String {
        GoStructJSON.string(value, fieldOrder: HorizontalPodAutoscalerMetrics.v1FieldOrder)
    }

    private static func decode(_ text: String) throws -> JSONValue {
        do { return try JSONValue.parse(json: Data(text.utf8)) } catch { throw ConversionError("\(error)") }
    }

    private static func decodeArray(_ text: String) throws -> [JSONValue] {
        let value = try decode(text)
        if value.isNull { return [] }
        guard let items = value.arrayValue else {
            throw ConversionError("json: cannot unmarshal \(value.typeName) into Go value of type []v1.MetricSpec")
        }
        return items
    }

    // MARK: - Behavior in Go's internal struct

    /// Field order of the internal `HorizontalPodAutoscalerBehavior`, `HPAScalingRules` and `HPAScalingPolicy`.
    static let internalBehaviorOrder = [
        "ScaleUp", "ScaleDown", "StabilizationWindowSeconds", "SelectPolicy", "Policies", "Type", "Value", "PeriodSeconds",
    ]

    /// v2's behavior as the internal struct marshals: capitalised names, nil pointers as null.
    static func internalBehavior(_ behavior: JSONValue) -> JSONValue {
        func rules(_ rules: JSONValue?) -> JSONValue {
            guard let rules, !rules.isNull else { return .null }
            let policies: JSONValue = rules["policies"]?.arrayValue.map { items in
                .array(items.map { ["Type": $0["type"] ?? "", "Value": $0["value"] ?? 0, "PeriodSeconds": $0["periodSeconds"] ?? 0] })
            } ?? .null
            return [
                "StabilizationWindowSeconds": rules["stabilizationWindowSeconds"] ?? .null,
                "SelectPolicy": rules["selectPolicy"] ?? .null, "Policies": policies,
            ]
        }
        return ["ScaleUp": rules(behavior["scaleUp"]), "ScaleDown": rules(behavior["scaleDown"])]
    }

    /// The behavior annotation's internal struct in v2's form; Go's decoder matches the names case-insensitively.
    static func v2Behavior(_ behavior: JSONValue) -> JSONValue {
        func field(_ object: JSONValue?, _ name: String) -> JSONValue? {
            guard let fields = object?.objectValue else { return nil }
            let value = fields.first { $0.key.lowercased() == name.lowercased() }?.value
            return value?.isNull == true ? nil : value
        }
        func rules(_ value: JSONValue?) -> JSONValue? {
            guard let value, value.objectValue != nil else { return nil }
            var out: JSONValue = .emptyObject
            out["stabilizationWindowSeconds"] = field(value, "StabilizationWindowSeconds")
            out["selectPolicy"] = field(value, "SelectPolicy")
            out["policies"] = field(value, "Policies")?.arrayValue.map { items in
                .array(items.map { ["type": field($0, "Type") ?? "", "value": field($0, "Value") ?? 0, "periodSeconds": field($0, "PeriodSeconds") ?? 0] })
            }
            return out
        }
        var out: JSONValue = .emptyObject
        out["scaleUp"] = rules(field(behavior, "ScaleUp"))
        out["scaleDown"] = rules(field(behavior, "ScaleDown"))
        return out
    }
}
