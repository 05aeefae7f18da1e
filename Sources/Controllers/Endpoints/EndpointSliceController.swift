import Foundation
import KubeAPI

/// kube-controller-manager's EndpointSlice controller (`pkg/controller/endpointslice`,
/// `k8s.io/endpointslice` Reconciler): for every service with a selector, EndpointSlices named
/// `<service>-<suffix>`, owned by the service, holding one endpoint per selected pod with an IP (terminating
/// ones too, with their conditions) in slices of at most `maxEndpointsPerSlice`, grouped by the ports the
/// pods resolve. A service without endpoints gets one empty placeholder slice. Slices are updated in place;
/// a deleted service's slices go with it through the garbage collector (they are its dependents).
public struct EndpointSliceController: Controller {
    let maxEndpointsPerSlice: Int
    private let triggerTimes = TriggerTimeTracker()

    /// - Parameter maxEndpointsPerSlice: kube-controller-manager's `--max-endpoints-per-slice` (100).
    public init(maxEndpointsPerSlice: Int = 100) {
        self.maxEndpointsPerSlice = maxEndpointsPerSlice
    }

    public var name: String { "endpoint-slice-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-service-endpoint-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] {
        [BuiltinResources.services, BuiltinResources.pods, BuiltinResources.endpointSlices, BuiltinResources.nodes]
    }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.services: return [ObjectKey(change.object)]
        case BuiltinResources.pods: return ServiceEndpointRules.serviceKeys(forPodChange: change, in: cache)
        case BuiltinResources.endpointSlices:
            // Changes to the slices this controller manages (or managed) send their service back to it.
            let slices = [change.object] + (change.old.map { [$0] } ?? [])
            let services = slices.compactMap { slice -> ObjectKey? in
                guard slice.labels[EndpointSliceMetadata.managedByLabel] == EndpointSliceMetadata.controllerName,
                    let service = slice.labels[EndpointSliceMetadata.serviceNameLabel], !service.isEmpty
                else { return nil }
                return ObjectKey(namespace: slice.namespace, name: service)
            }
            return Array(Set(services)).sorted()
        default: return []
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        let cache = context.cache
        guard let service = cache.get(BuiltinResources.services, key) else {
            triggerTimes.forget(key)
            return
        }
        guard ServiceEndpointRules.isManaged(service) else { return }
        let pods = ServiceEndpointRules.selectedPods(of: service, in: cache)
        let slices = cache.list(BuiltinResources.endpointSlices, namespace: key.namespace).filter { slice in
            slice.labels[EndpointSliceMetadata.serviceNameLabel] == service.name
                && slice.labels[EndpointSliceMetadata.managedByLabel] == EndpointSliceMetadata.controllerName
                && slice.deletionTimestamp == nil
        }
        let triggerTime = triggerTimes.triggerTime(for: service, pods: pods)
        let addressTypes = Self.addressTypes(of: service)
        var changes = SliceChanges()
        for slice in slices where !addressTypes.contains(slice.json["addressType"]?.stringValue ?? "") {
            changes.deletes.append(PlannedSlice(stored: slice))
        }
        for addressType in addressTypes {
            let existing = slices.filter { $0.json["addressType"]?.stringValue == addressType }
            changes.merge(plan(service, pods: pods, existing: existing, addressType: addressType, cache: cache))
        }
        do {
            try await apply(changes, for: service, triggerTime: triggerTime, context: context)
        } catch let error as StatusError {
            await context.events.record(
                service, type: .warning, reason: "FailedToUpdateEndpointSlices",
                message: "Error updating Endpoint Slices for Service \(key.namespace ?? "")/\(service.name): \(error.message)")
            throw error
        }
    }

    /// `getAddressTypesForService`: the service's IP families; without them, its cluster IP's, or both for a
    /// headless service.
    static func addressTypes(of service: KubeObject) -> [String] {
        let families = (service.spec?["ipFamilies"]?.arrayValue ?? []).compactMap(\.stringValue).filter { $0 == "IPv4" || $0 == "IPv6" }
        if !families.isEmpty { return Array(Set(families)).sorted() }
        if ServiceEndpointRules.hasClusterIP(service) {
            return [ServiceEndpointRules.isIPv6(service.spec?["clusterIP"]?.stringValue ?? "") ? "IPv6" : "IPv4"]
        }
        return ["IPv4", "IPv6"]
    }

    // MARK: - Planning one address type (`reconcileByAddressType`)

    private func plan(
        _ service: KubeObject, pods: [KubeObject], existing: [KubeObject], addressType: String, cache: ObjectCache
    ) -> SliceChanges {
        var changes = SliceChanges()
        var existingByPorts: [[SlicePort]: [PlannedSlice]] = [:]
        for slice in existing {
            let planned = PlannedSlice(stored: slice)
            if EndpointSliceMetadata.isOwned(slice, by: service) {
                existingByPorts[SlicePort.ordered(planned.ports), default: []].append(planned)
            } else {
                changes.deletes.append(planned)
            }
        }
        var desiredByPorts: [[SlicePort]: DesiredEndpoints] = [:]
        var portsOrder: [[SlicePort]] = []
        for pod in pods where ServiceEndpointRules.shouldPublish(pod, includeTerminating: true) {
            let ports = SlicePort.ordered(Self.ports(of: service, on: pod))
            let nodeName = pod.spec?["nodeName"]?.stringValue ?? ""
            let node = cache.get(BuiltinResources.nodes, namespace: nil, name: nodeName)
            // A pod on a node the cache does not know is left out, unless the service publishes not-ready
            // addresses (upstream also retries the service; a node's arrival does not bring it back here).
            if node == nil && !ServiceEndpointRules.publishesNotReady(service) { continue }
            if desiredByPorts[ports] == nil {
                desiredByPorts[ports] = DesiredEndpoints()
                portsOrder.append(ports)
            }
            let endpoint = Self.endpoint(for: pod, on: node, of: service, addressType: addressType)
            if !endpoint.addresses.isEmpty { desiredByPorts[ports]!.insert(endpoint) }
        }
        for ports in portsOrder {
            let plan = EndpointSlicePlan(
                existing: existingByPorts[ports] ?? [], desired: desiredByPorts[ports]!, service: service, addressType: addressType,
                ports: ports, maxEndpoints: maxEndpointsPerSlice)
            changes.creates += plan.creates
            changes.updates += plan.updates
            changes.deletes += plan.deletes
        }
        for (ports, slices) in existingByPorts.sorted(by: { ($0.value.first?.name ?? "") < ($1.value.first?.name ?? "") })
        where desiredByPorts[ports] == nil {
            changes.deletes += slices
        }
        // A service with no endpoints keeps exactly one empty placeholder slice.
        if existing.count == changes.deletes.count && changes.creates.isEmpty {
            let labels = EndpointSliceMetadata.labels(from: [:], for: service).labels
            let placeholder = PlannedSlice(labels: labels, addressType: addressType, ports: [])
            if changes.deletes.count == 1, Self.isPlaceholder(changes.deletes[0], like: placeholder, of: service) {
                changes.deletes = []
            } else {
                changes.creates.append(placeholder)
            }
        }
        return changes
    }

    /// `getEndpointPorts`: each service port resolved on the pod (ports it lacks are skipped).
    private static func ports(of service: KubeObject, on pod: KubeObject) -> [SlicePort] {
        let servicePorts = ServiceEndpointRules.ports(of: service)
        if servicePorts.isEmpty && service.spec?["clusterIP"]?.stringValue == "None" { return [] }
        return servicePorts.compactMap { servicePort in
            guard let number = ServiceEndpointRules.targetPort(of: servicePort, on: pod) else { return nil }
            return SlicePort(
                name: servicePort["name"]?.stringValue ?? "", protocol: servicePort["protocol"]?.stringValue ?? "", port: number,
                appProtocol: servicePort["appProtocol"]?.stringValue)
        }
    }

    /// `podToEndpoint`: serving is readiness, terminating is a deletion timestamp, ready is serving and not
    /// terminating (or always, when the service publishes not-ready addresses).
    private static func endpoint(for pod: KubeObject, on node: KubeObject?, of service: KubeObject, addressType: String) -> SliceEndpoint {
        let serving = ServiceEndpointRules.isReady(pod)
        let terminating = pod.deletionTimestamp != nil
        let nodeName = pod.spec?["nodeName"]?.stringValue ?? ""
        let zone = node?.labels["topology.kubernetes.io/zone"] ?? ""
        return SliceEndpoint(
            addresses: ServiceEndpointRules.podIPs(pod).filter { ServiceEndpointRules.isIPv6($0) == (addressType == "IPv6") },
            ready: ServiceEndpointRules.publishesNotReady(service) || (serving && !terminating), serving: serving,
            terminating: terminating, hostname: ServiceEndpointRules.hostname(of: pod, for: service),
            targetRef: EndpointTargetRef(pod: pod), nodeName: nodeName.isEmpty ? nil : nodeName, zone: zone.isEmpty ? nil : zone)
    }

    /// `placeholderSliceCompare`: the same namespace, labels, owner references and address type, and empty.
    private static func isPlaceholder(_ slice: PlannedSlice, like placeholder: PlannedSlice, of service: KubeObject) -> Bool {
        slice.labels == placeholder.labels && slice.addressType == placeholder.addressType && slice.ports.isEmpty
            && slice.endpoints.isEmpty && slice.stored?.ownerReferences == [EndpointSliceMetadata.ownerReference(service)]
    }

    // MARK: - Writing (`finalize`)

    private func apply(_ changes: SliceChanges, for service: KubeObject, triggerTime: Date?, context: ControllerContext) async throws {
        var changes = changes
        // A slice to create and one to delete become one update of the latter, keeping its name.
        var index = 0
        while index < changes.deletes.count, let create = changes.creates.last {
            let doomed = changes.deletes[index]
            guard doomed.addressType == create.addressType, let stored = doomed.stored, EndpointSliceMetadata.isOwned(stored, by: service)
            else {
                index += 1
                continue
            }
            var replacement = create
            replacement.name = doomed.name
            changes.creates.removeLast()
            changes.updates.append(replacement)
            changes.deletes.remove(at: index)
        }
        let namespace = service.namespace
        if service.deletionTimestamp == nil {
            for slice in changes.creates {
                let body = Self.body(of: slice, for: service, triggerTime: triggerTime)
                _ = try await context.api.create(BuiltinResources.endpointSlices, namespace: namespace, object: body, options: context.writeOptions)
            }
        }
        for slice in changes.updates {
            let body = Self.body(of: slice, for: service, triggerTime: triggerTime)
            _ = try await context.api.update(
                BuiltinResources.endpointSlices, namespace: namespace, name: slice.name ?? "", object: body, options: context.writeOptions)
        }
        for slice in changes.deletes {
            do {
                _ = try await context.api.delete(
                    BuiltinResources.endpointSlices, namespace: namespace, name: slice.name ?? "", options: DeleteOptions())
            } catch let error as StatusError where error.code == 404 {}
        }
    }

    /// The object written for a slice: a stored one keeps its metadata (and resourceVersion, as a
    /// precondition); a new one gets `generateName` and the controller reference. Empty lists are written as
    /// null, as the API server (which stores protobuf) reads them back.
    private static func body(of slice: PlannedSlice, for service: KubeObject, triggerTime: Date?) -> JSONValue {
        var object: KubeObject
        if let stored = slice.stored, stored.name == slice.name {
            object = stored
        } else {
            object = KubeObject(["apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": .emptyObject])
            if let name = slice.name { object.name = name }
            object.json[["metadata", "generateName"]] = .string(EndpointSliceMetadata.generateName(service))
            object.json[["metadata", "ownerReferences"]] = [EndpointSliceMetadata.ownerReference(service)]
        }
        object.namespace = service.namespace
        object.labels = slice.labels
        var annotations = object.annotations
        annotations[TriggerTimeTracker.annotationKey] = triggerTime.map(TriggerTimeTracker.annotation)
        object.annotations = annotations
        object.json["addressType"] = .string(slice.addressType)
        object.json["endpoints"] = slice.endpoints.isEmpty ? .null : .array(slice.endpoints.map(\.json))
        object.json["ports"] = slice.ports.isEmpty ? .null : .array(slice.ports.map(\.json))
        return object.json
    }
}

/// The slices one sync creates, updates and deletes.
private struct SliceChanges {
    var creates: [PlannedSlice] = []
    var updates: [PlannedSlice] = []
    var deletes: [PlannedSlice] = []

    mutating func merge(_ other: SliceChanges) {
        creates += other.creates
        updates += other.updates
        deletes += other.deletes
    }
}
