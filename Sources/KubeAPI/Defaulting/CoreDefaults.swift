/// The small core/v1 defaulters: Secrets, Namespaces, volumes and claims, Endpoints, LimitRanges, Nodes and quotas.
enum CoreDefaults {
    /// `SetDefaults_Secret`: type Opaque.
    static func applyToSecret(_ secret: inout JSONValue) {
        secret.setDefault("type", "Opaque")
    }

    /// `SetDefaults_Namespace`: the `kubernetes.io/metadata.name` label. (The `kubernetes` finalizer and phase
    /// Active are the strategy's, on create: ``ObjectLifecycle``.)
    static func applyToNamespace(_ namespace: inout JSONValue) {
        let name = namespace.object("metadata")["name"] ?? ""
        namespace.update("metadata", create: true) { metadata in
            metadata.update("labels", create: true) { $0["kubernetes.io/metadata.name"] = name }
        }
    }

    /// `SetDefaults_PersistentVolume`: Retain, Filesystem, phase Pending.
    static func applyToVolume(_ volume: inout JSONValue) {
        volume.update("spec", create: true) { spec in
            spec.setDefault("persistentVolumeReclaimPolicy", "Retain")
            spec.setDefault("volumeMode", "Filesystem")
            QuantityDefaults.canonicalize(&spec, "capacity")
        }
        volume.update("status", create: true) { $0.setDefault("phase", "Pending") }
    }

    /// `SetDefaults_PersistentVolumeClaim`: Filesystem, phase Pending.
    static func applyToClaim(_ claim: inout JSONValue) {
        claim.update("spec", create: true) { spec in
            spec.setDefault("volumeMode", "Filesystem")
            spec.update("resources") { resources in
                QuantityDefaults.canonicalize(&resources, "requests")
                QuantityDefaults.canonicalize(&resources, "limits")
            }
        }
        claim.update("status", create: true) { $0.setDefault("phase", "Pending") }
    }

    /// `SetDefaults_EndpointPort`: TCP.
    static func applyToEndpoints(_ endpoints: inout JSONValue) {
        endpoints.updateEach("subsets") { subset in
            subset.updateEach("ports") { $0.setDefault("protocol", "TCP") }
        }
    }

    /// `SetDefaults_LimitRangeItem`: a Container limit defaults to the max, a default request to the default
    /// limit, else to the min.
    static func applyToLimitRange(_ limitRange: inout JSONValue) {
        limitRange.update("spec") { spec in
            spec.updateEach("limits") { item in
                for field in ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"] {
                    QuantityDefaults.canonicalize(&item, field)
                }
                guard item.text("type") == "Container" else { return }
                var defaults = item["default"]?.objectValue ?? [:]
                var requests = item["defaultRequest"]?.objectValue ?? [:]
                for (name, value) in item["max"]?.objectValue ?? [:] where defaults[name] == nil { defaults[name] = value }
                for (name, value) in defaults where requests[name] == nil { requests[name] = value }
                for (name, value) in item["min"]?.objectValue ?? [:] where requests[name] == nil { requests[name] = value }
                if !defaults.isEmpty { item["default"] = .object(defaults) }
                if !requests.isEmpty { item["defaultRequest"] = .object(requests) }
            }
        }
    }

    /// `SetDefaults_NodeStatus`: allocatable defaults to capacity.
    static func applyToNode(_ node: inout JSONValue) {
        node.update("status") { status in
            if !status.has("allocatable"), let capacity = status["capacity"], !capacity.isNull { status["allocatable"] = capacity }
        }
    }

    static func applyToResourceQuota(_ quota: inout JSONValue) {
        quota.update("spec") { QuantityDefaults.canonicalize(&$0, "hard") }
    }
}
