import Foundation
import KubeAPI

/// kube-controller-manager's Endpoints controller (`pkg/controller/endpoint`): keeps an Endpoints object named
/// like every service with a selector, listing the selected pods' addresses (ready ones in `addresses`, the
/// rest in `notReadyAddresses`) on the ports the service resolves on them, in RepackSubsets' canonical layout.
/// Selectorless and ExternalName services are left to their users; a deleted service's Endpoints is deleted.
public struct EndpointsController: Controller {
    /// `maxCapacity`: beyond this many addresses the object is truncated and annotated.
    static let maxCapacity = 1000
    static let overCapacityAnnotation = "endpoints.kubernetes.io/over-capacity"
    static let headlessLabel = "service.kubernetes.io/headless"
    /// Leader-election records kept in Endpoints by old components; they have no service and must stay.
    static let leaderAnnotation = "control-plane.alpha.kubernetes.io/leader"

    private let triggerTimes = TriggerTimeTracker()

    public init() {}

    public var name: String { "endpoint-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-endpoint-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] { [BuiltinResources.services, BuiltinResources.pods, BuiltinResources.endpoints] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.services: [ObjectKey(change.object)]
        case BuiltinResources.pods: ServiceEndpointRules.serviceKeys(forPodChange: change, in: cache)
        case BuiltinResources.endpoints where change.object.annotations[Self.leaderAnnotation] == nil: [ObjectKey(change.object)]
        default: []
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        let cache = context.cache
        guard let service = cache.get(BuiltinResources.services, key) else {
            triggerTimes.forget(key)
            guard cache.get(BuiltinResources.endpoints, key) != nil else { return }
            do {
                _ = try await context.api.delete(BuiltinResources.endpoints, namespace: key.namespace, name: key.name, options: DeleteOptions())
            } catch let error as StatusError where error.code == 404 {}
            return
        }
        guard ServiceEndpointRules.isManaged(service) else { return }
        let pods = ServiceEndpointRules.selectedPods(of: service, in: cache)
        let triggerTime = triggerTimes.triggerTime(for: service, pods: pods)
        let subsets = EndpointSubsetPacking.repack(pods.flatMap { entries(for: $0, of: service) })

        let current = cache.get(BuiltinResources.endpoints, key)
        if let current, Self.isUpToDate(current, subsets: subsets, service: service) { return }
        try await write(subsets, for: service, over: current, triggerTime: triggerTime, context: context)
    }

    /// The address-and-port entries a pod contributes (`syncService`'s loop over pods).
    private func entries(for pod: KubeObject, of service: KubeObject) -> [EndpointSubsetPacking.Entry] {
        guard ServiceEndpointRules.shouldPublish(pod, includeTerminating: false), let ip = Self.address(of: pod, for: service) else {
            return []
        }
        let address = EndpointAddress(
            ip: ip, hostname: ServiceEndpointRules.hostname(of: pod, for: service) ?? "",
            nodeName: pod.spec?["nodeName"]?.stringValue ?? "", targetRef: EndpointTargetRef(pod: pod))
        let ready = ServiceEndpointRules.publishesNotReady(service) || ServiceEndpointRules.isReady(pod)
        let ports = ServiceEndpointRules.ports(of: service)
        if ports.isEmpty {
            // A headless service may have no ports: its addresses are published alone.
            return service.spec?["clusterIP"]?.stringValue == "None" ? [.init(address: address, port: nil, ready: ready)] : []
        }
        return ports.compactMap { servicePort in
            guard let number = ServiceEndpointRules.targetPort(of: servicePort, on: pod) else { return nil }
            let port = EndpointPort(
                name: servicePort["name"]?.stringValue ?? "", port: number, protocol: servicePort["protocol"]?.stringValue ?? "",
                appProtocol: servicePort["appProtocol"]?.stringValue)
            return .init(address: address, port: port, ready: ready)
        }
    }

    /// `podToEndpointAddressForService`: the pod's IP of the service's first IP family.
    static func address(of pod: KubeObject, for service: KubeObject) -> String? {
        let ips = ServiceEndpointRules.podIPs(pod)
        let wantsIPv6: Bool
        if let family = service.spec?["ipFamilies"]?.arrayValue?.first?.stringValue {
            wantsIPv6 = family == "IPv6"
        } else if ServiceEndpointRules.hasClusterIP(service) {
            wantsIPv6 = ServiceEndpointRules.isIPv6(service.spec?["clusterIP"]?.stringValue ?? "")
        } else {
            wantsIPv6 = ServiceEndpointRules.isIPv6(ips.first ?? "")
        }
        return ips.first { ServiceEndpointRules.isIPv6($0) == wantsIPv6 }
    }

    /// Whether the stored object already says what it should: the same subsets (ignoring the pods'
    /// resourceVersions), the service's labels besides the headless one, and no over-capacity annotation owed.
    private static func isUpToDate(_ current: KubeObject, subsets: [EndpointSubset], service: KubeObject) -> Bool {
        let stored = (current.json["subsets"]?.arrayValue ?? []).map(EndpointSubset.init(json:))
        var labels = current.labels
        labels[headlessLabel] = nil
        let addresses = stored.reduce(0) { $0 + $1.addresses.count + $1.notReadyAddresses.count }
        return stored == subsets && labels == service.labels && addresses <= maxCapacity
            && current.annotations[overCapacityAnnotation] == nil
    }

    private func write(
        _ subsets: [EndpointSubset], for service: KubeObject, over current: KubeObject?, triggerTime: Date?,
        context: ControllerContext
    ) async throws {
        var object = current ?? KubeObject(["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": .string(service.name)]])
        object.namespace = service.namespace
        var subsets = subsets
        var annotations = object.annotations
        annotations[TriggerTimeTracker.annotationKey] = triggerTime.map(TriggerTimeTracker.annotation)
        annotations[Self.overCapacityAnnotation] = Self.truncate(&subsets) ? "truncated" : nil
        object.annotations = annotations
        object.json["subsets"] = subsets.isEmpty ? nil : .array(subsets.map(\.json))
        var labels = service.labels
        labels[Self.headlessLabel] = ServiceEndpointRules.hasClusterIP(service) ? nil : ""
        object.labels = labels
        do {
            if current == nil {
                _ = try await context.api.create(
                    BuiltinResources.endpoints, namespace: service.namespace, object: object.json, options: context.writeOptions)
            } else {
                _ = try await context.api.update(
                    BuiltinResources.endpoints, namespace: service.namespace, name: service.name, object: object.json,
                    options: context.writeOptions)
            }
        } catch let error as StatusError {
            let namespace = service.namespace ?? ""
            if current == nil {
                await context.events.record(
                    object, type: .warning, reason: "FailedToCreateEndpoint",
                    message: "Failed to create endpoint for service \(namespace)/\(service.name): \(error.message)")
                // A terminating namespace refuses creates for good: drop the key, as upstream does.
                if error.code == 403 { return }
            } else {
                await context.events.record(
                    object, type: .warning, reason: "FailedToUpdateEndpoint",
                    message: "Failed to update endpoint \(namespace)/\(service.name): \(error.message)")
            }
            throw error
        }
    }

    /// `truncateEndpoints`: past `maxCapacity` addresses, keeps ready ones first, sharing what is left between
    /// the subsets in proportion (rounded up). Returns whether it truncated.
    static func truncate(_ subsets: inout [EndpointSubset]) -> Bool {
        let ready = subsets.reduce(0) { $0 + $1.addresses.count }
        let notReady = subsets.reduce(0) { $0 + $1.notReadyAddresses.count }
        guard ready + notReady > maxCapacity else { return false }
        let truncateReady = ready > maxCapacity
        let budget = truncateReady ? maxCapacity : maxCapacity - ready
        let total = truncateReady ? ready : notReady
        var left = budget
        for index in subsets.indices {
            let count = truncateReady ? subsets[index].addresses.count : subsets[index].notReadyAddresses.count
            let share = min(Int((Double(count) / Double(total) * Double(budget)).rounded(.up)), left)
            if truncateReady {
                subsets[index].addresses = Array(subsets[index].addresses.prefix(share))
                subsets[index].notReadyAddresses = []
                left -= subsets[index].addresses.count
            } else {
                subsets[index].notReadyAddresses = Array(subsets[index].notReadyAddresses.prefix(share))
                left -= subsets[index].notReadyAddresses.count
            }
        }
        return true
    }
}
