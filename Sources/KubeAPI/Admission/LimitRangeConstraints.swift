import Foundation

/// The LimitRanger plugin's checks of a pod against one LimitRange (`PodValidateLimitFunc`): `min`, `max` and
/// `maxLimitRequestRatio` of `Container` items for each container and init container, and of `Pod` items for
/// the pod's total (init containers counted as the scheduler counts them). Quantities are compared in
/// thousandths, rounded up, as `MilliValue` does. Resources are checked in name order (Go's map order is random).
enum LimitRangeConstraints {
    static func violations(of limitRange: KubeObject, by spec: JSONValue) -> [String] {
        var errors: [String] = []
        let containers = (spec["containers"]?.arrayValue ?? []) + (spec["initContainers"]?.arrayValue ?? [])
        for item in limitRange.json[["spec", "limits"]]?.arrayValue ?? [] {
            switch item["type"]?.stringValue {
            case "Container":
                for container in containers {
                    errors += check(item, type: "Container", requests: list(container, "requests"), limits: list(container, "limits"))
                }
            case "Pod":
                errors += check(item, type: "Pod", requests: podTotal(spec, "requests"), limits: podTotal(spec, "limits"))
            default:
                break
            }
        }
        return errors
    }

    private static func check(_ item: JSONValue, type: String, requests: [String: Quantity], limits: [String: Quantity]) -> [String] {
        var errors: [String] = []
        for (resource, enforced) in quantities(item["min"]) {
            let bound = enforced.canonical
            if let request = requests[resource] {
                if milli(request) < milli(enforced) {
                    errors.append("minimum \(resource) usage per \(type) is \(bound), but request is \(request.canonical)")
                } else if let limit = limits[resource], milli(limit) < milli(enforced) {
                    errors.append("minimum \(resource) usage per \(type) is \(bound), but limit is \(limit.canonical)")
                }
            } else {
                errors.append("minimum \(resource) usage per \(type) is \(bound).  No request is specified")
            }
        }
        for (resource, enforced) in quantities(item["max"]) {
            let bound = enforced.canonical
            if let limit = limits[resource] {
                if milli(limit) > milli(enforced) {
                    errors.append("maximum \(resource) usage per \(type) is \(bound), but limit is \(limit.canonical)")
                } else if let request = requests[resource], milli(request) > milli(enforced) {
                    errors.append("maximum \(resource) usage per \(type) is \(bound), but request is \(request.canonical)")
                }
            } else {
                errors.append("maximum \(resource) usage per \(type) is \(bound).  No limit is specified")
            }
        }
        for (resource, enforced) in quantities(item["maxLimitRequestRatio"]) {
            let bound = enforced.canonical
            let request = requests[resource].map(milli) ?? 0
            let limit = limits[resource].map(milli) ?? 0
            if request == 0 {
                errors.append("\(resource) max limit to request ratio per \(type) is \(bound), but no request is specified or request is 0")
            } else if limit == 0 {
                errors.append("\(resource) max limit to request ratio per \(type) is \(bound), but no limit is specified or limit is 0")
            } else {
                let ratio = NSDecimalNumber(decimal: limit).doubleValue / NSDecimalNumber(decimal: request).doubleValue
                if ratio * 1000 > NSDecimalNumber(decimal: milli(enforced)).doubleValue {
                    errors.append(
                        "\(resource) max limit to request ratio per \(type) is \(bound), but provided ratio is \(String(format: "%f", ratio))")
                }
            }
        }
        return errors
    }

    /// A resource list as quantities, by resource name in order.
    private static func quantities(_ list: JSONValue?) -> [(String, Quantity)] {
        (list?.objectValue ?? [:]).sorted { $0.key < $1.key }.compactMap { key, value in Quantity(json: value).map { (key, $0) } }
    }

    private static func list(_ container: JSONValue, _ name: String) -> [String: Quantity] {
        Dictionary(uniqueKeysWithValues: quantities(container[["resources", name]]))
    }

    /// The pod's total requests or limits: the app containers and restartable (sidecar) init containers
    /// summed, or the largest single init container (plus the sidecars started before it) if that is more.
    private static func podTotal(_ spec: JSONValue, _ name: String) -> [String: Quantity] {
        var total: [String: Quantity] = [:]
        for container in spec["containers"]?.arrayValue ?? [] { add(list(container, name), to: &total) }
        var sidecars: [String: Quantity] = [:]
        var initPeak: [String: Quantity] = [:]
        for container in spec["initContainers"]?.arrayValue ?? [] {
            var own = list(container, name)
            if container["restartPolicy"]?.stringValue == "Always" {
                add(own, to: &total)
                add(own, to: &sidecars)
                own = sidecars
            } else {
                add(sidecars, to: &own)
            }
            for (resource, quantity) in own where initPeak[resource].map({ quantity > $0 }) ?? true { initPeak[resource] = quantity }
        }
        for (resource, quantity) in initPeak where total[resource].map({ quantity > $0 }) ?? true { total[resource] = quantity }
        return total
    }

    private static func add(_ list: [String: Quantity], to total: inout [String: Quantity]) {
        for (resource, quantity) in list {
            total[resource] = total[resource].map { Quantity(value: $0.value + quantity.value, format: $0.format) } ?? quantity
        }
    }

    /// The quantity in thousandths, rounded up (`Quantity.MilliValue`).
    private static func milli(_ quantity: Quantity) -> Decimal {
        var scaled = quantity.value * 1000
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .up)
        return rounded
    }
}
