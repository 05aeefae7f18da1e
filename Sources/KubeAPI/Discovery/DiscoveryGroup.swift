/// One API group as discovery presents it: its versions, preferred first, each with its types in resource order.
struct DiscoveryGroup {
    struct Version {
        var name: String
        var types: [ResourceType]
    }

    /// The group name; empty for the core group.
    var name: String
    var versions: [Version]

    /// The catalog's groups in the order kube-apiserver lists them: by the group priority of their APIServices
    /// (highest first; custom resource groups get 1000), then by name.
    static func all(in catalog: ResourceCatalog) -> [DiscoveryGroup] {
        let byGroup = Dictionary(grouping: catalog.all, by: \.group)
        let groups = byGroup.map { name, types in
            let byVersion = Dictionary(grouping: types, by: \.version)
            let versions = byVersion.keys.sorted(by: precedes).map { version in
                Version(name: version, types: byVersion[version]!.sorted { $0.plural < $1.plural })
            }
            return DiscoveryGroup(name: name, versions: versions)
        }
        return groups.sorted { a, b in
            let (priorityA, priorityB) = (priority(of: a.name), priority(of: b.name))
            return priorityA != priorityB ? priorityA > priorityB : a.name < b.name
        }
    }

    /// The group-version of one group and version, if the catalog serves it.
    static func find(in catalog: ResourceCatalog, group: String, version: String) -> Version? {
        all(in: catalog).first { $0.name == group }?.versions.first { $0.name == version }
    }

    /// `GroupPriorityMinimum` of the built-in groups' APIServices (kubernetes `pkg/controlplane`, the
    /// `apiVersionPriorities` tables); the crdRegistrationController gives custom resource groups 1000. The
    /// aggregator lists its own `apiregistration.k8s.io` first (kube-aggregator's `APIRegistrationGroupPriority`).
    private static func priority(of group: String) -> Int {
        let builtin = [
            "apiregistration.k8s.io": 20001, "": 18000, "apps": 17800, "events.k8s.io": 17750, "authentication.k8s.io": 17700,
            "authorization.k8s.io": 17600, "autoscaling": 17500, "batch": 17400, "certificates.k8s.io": 17300,
            "networking.k8s.io": 17200, "policy": 17100, "rbac.authorization.k8s.io": 17000, "storage.k8s.io": 16800,
            "apiextensions.k8s.io": 16700, "admissionregistration.k8s.io": 16700, "scheduling.k8s.io": 16600,
            "coordination.k8s.io": 16500, "node.k8s.io": 16300, "discovery.k8s.io": 16200, "flowcontrol.apiserver.k8s.io": 16100,
        ]
        return builtin[group] ?? 1000
    }

    /// Kubernetes' version order (apimachinery `version.CompareKubeAwareVersionStrings`): GA before beta before
    /// alpha, higher numbers first (`v2`, `v1`, `v1beta2`, `v1beta1`, `v1alpha1`); other names last, alphabetically.
    static func precedes(_ a: String, _ b: String) -> Bool {
        switch (rank(a), rank(b)) {
        case (let x?, let y?): x != y ? x > y : a < b
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): a < b
        }
    }

    /// `v<major>[alpha|beta<minor>]` as (stability, major, minor), larger sorting first; nil for any other name.
    private static func rank(_ version: String) -> (Int, Int, Int)? {
        guard version.hasPrefix("v") else { return nil }
        let rest = version.dropFirst()
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let major = Int(digits), digits.first != "0" else { return nil }
        let suffix = rest.dropFirst(digits.count)
        if suffix.isEmpty { return (2, major, 0) }
        for (stability, label) in [(1, "beta"), (0, "alpha")] where suffix.hasPrefix(label) {
            let number = suffix.dropFirst(label.count)
            guard let minor = Int(number), number.allSatisfy({ $0.isASCII && $0.isNumber }), number.first != "0" else {
                return nil
            }
            return (stability, major, minor)
        }
        return nil
    }
}
