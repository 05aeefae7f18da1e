import KubeAPI

/// One slice as the reconciler reasons about it: an existing one (named, with its stored object) or one to
/// create (no name yet).
struct PlannedSlice: Sendable {
    var stored: KubeObject?
    var name: String?
    var labels: [String: String]
    var addressType: String
    var ports: [SlicePort]
    var endpoints: [SliceEndpoint]

    init(stored: KubeObject) {
        self.stored = stored
        name = stored.name
        labels = stored.labels
        addressType = stored.json["addressType"]?.stringValue ?? ""
        ports = (stored.json["ports"]?.arrayValue ?? []).map(SlicePort.init(json:))
        endpoints = (stored.json["endpoints"]?.arrayValue ?? []).map(SliceEndpoint.init(json:))
    }

    init(labels: [String: String], addressType: String, ports: [SlicePort]) {
        self.labels = labels
        self.addressType = addressType
        self.ports = ports
        endpoints = []
    }
}

/// The endpoints a service should publish for one set of ports, in the order their pods were seen, looked up
/// by identity (`EndpointSet`; upstream pops them in map order, we in pod order, so runs repeat).
struct DesiredEndpoints: Sendable {
    private var order: [[String]] = []
    private var byIdentity: [[String]: SliceEndpoint] = [:]

    var count: Int { byIdentity.count }
    var isEmpty: Bool { byIdentity.isEmpty }

    mutating func insert(_ endpoint: SliceEndpoint) {
        if byIdentity.updateValue(endpoint, forKey: endpoint.identity) == nil { order.append(endpoint.identity) }
    }

    func get(_ identity: [String]) -> SliceEndpoint? { byIdentity[identity] }

    mutating func remove(_ identity: [String]) { byIdentity[identity] = nil }

    mutating func popFirst() -> SliceEndpoint? {
        while !order.isEmpty {
            let identity = order.removeFirst()
            if let endpoint = byIdentity.removeValue(forKey: identity) { return endpoint }
        }
        return nil
    }
}

/// What to change among a service's slices for one set of ports (`reconcileByPortMapping`): keep endpoints in
/// the slices that hold them, drop the ones no longer wanted, fill slices that change anyway, then fit the
/// rest into the unchanged slice closest to full, or new slices of at most `maxEndpoints`.
struct EndpointSlicePlan: Sendable {
    var creates: [PlannedSlice] = []
    var updates: [PlannedSlice] = []
    var deletes: [PlannedSlice] = []

    init(
        existing: [PlannedSlice], desired: DesiredEndpoints, service: KubeObject, addressType: String, ports: [SlicePort],
        maxEndpoints: Int
    ) {
        var desired = desired
        var slices: [String: PlannedSlice] = [:]
        var unchanged: Set<String> = []
        var toUpdate: Set<String> = []
        var toDelete: Set<String> = []
        // 1. Keep the wanted endpoints where they are, updated; note slices to update or delete.
        for slice in existing {
            guard let name = slice.name else { continue }
            slices[name] = slice
            var kept: [SliceEndpoint] = []
            var changed = false
            for endpoint in slice.endpoints {
                guard let wanted = desired.get(endpoint.identity) else { continue }
                kept.append(wanted)
                if !wanted.equalsBeyondIdentity(endpoint) { changed = true }
                desired.remove(endpoint.identity)
            }
            let (labels, labelsChanged) = EndpointSliceMetadata.labels(from: slice.labels, for: service)
            if changed || kept.count != slice.endpoints.count {
                if kept.isEmpty {
                    toDelete.insert(name)
                } else {
                    slices[name]!.endpoints = kept
                    slices[name]!.labels = labels
                    toUpdate.insert(name)
                }
            } else if labelsChanged {
                slices[name]!.labels = labels
                toUpdate.insert(name)
            } else {
                unchanged.insert(name)
            }
        }
        // 2. Fill the slices being updated anyway, fullest first.
        if !desired.isEmpty {
            let fullestFirst = toUpdate.sorted { a, b in
                let (countA, countB) = (slices[a]!.endpoints.count, slices[b]!.endpoints.count)
                return countA != countB ? countA > countB : a < b
            }
            for name in fullestFirst {
                while slices[name]!.endpoints.count < maxEndpoints, let endpoint = desired.popFirst() {
                    slices[name]!.endpoints.append(endpoint)
                }
            }
        }
        // 3. Fit what is left into an unchanged slice, or new ones.
        while !desired.isEmpty {
            var target: PlannedSlice
            if desired.count < maxEndpoints,
                let name = Self.sliceToFill(unchanged.sorted().map { slices[$0]! }, adding: desired.count, max: maxEndpoints)
            {
                target = slices[name]!
            } else {
                let labels = EndpointSliceMetadata.labels(from: [:], for: service).labels
                target = PlannedSlice(labels: labels, addressType: addressType, ports: ports)
            }
            while target.endpoints.count < maxEndpoints, let endpoint = desired.popFirst() { target.endpoints.append(endpoint) }
            if let name = target.name {
                slices[name] = target
                toUpdate.insert(name)
                unchanged.remove(name)
            } else {
                creates.append(target)
            }
        }
        updates = toUpdate.sorted().map { slices[$0]! }
        deletes = toDelete.sorted().map { slices[$0]! }
    }

    /// `getSliceToFill`: the slice that comes closest to full, without overflowing, once `count` are added.
    private static func sliceToFill(_ slices: [PlannedSlice], adding count: Int, max: Int) -> String? {
        var best: (gap: Int, name: String)?
        for slice in slices {
            let gap = max - (count + slice.endpoints.count)
            if gap >= 0, gap < (best?.gap ?? max) {
                best = (gap, slice.name!)
                if gap == 0 { break }
            }
        }
        return best?.name
    }
}
