import Synchronization

/// Every resource type the API server knows: the built-in ones and those custom resource definitions add.
///
/// Lookups follow kubectl's rules for a TYPE argument: plural, singular, short name or kind, optionally
/// qualified by group (`deployments.apps`, `deploy.apps`).
public final class ResourceCatalog: Sendable {
    private let builtins: [ResourceType]
    /// Each custom resource's served versions, preferred first, by group and plural.
    private let custom = Mutex<[String: [ResourceType]]>([:])
    /// The CustomResourceDefinition objects behind `custom`, by the same keys.
    private let definitions = Mutex<[String: JSONValue]>([:])

    public init(builtins: [ResourceType] = BuiltinResources.all) {
        self.builtins = builtins
    }

    /// Built-in types first, then custom ones sorted by group and plural, each resource's versions preferred first.
    public var all: [ResourceType] {
        builtins + custom.withLock { types in types.keys.sorted().flatMap { types[$0] ?? [] } }
    }

    /// The type for an object's `apiVersion` and `kind`.
    public func type(apiVersion: String, kind: String) -> ResourceType? {
        let (group, version) = Self.split(apiVersion: apiVersion)
        return all.first { $0.group == group && $0.version == version && $0.kind == kind }
    }

    /// The type a URL path names: group (empty for core), version and plural.
    public func type(group: String, version: String, plural: String) -> ResourceType? {
        all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The type a kubectl TYPE argument names (case-insensitive), e.g. `po`, `pods`, `Pod`, `deploy.apps`.
    public func type(named argument: String) -> ResourceType? {
        let lowered = argument.lowercased()
        let types = all
        func matches(_ type: ResourceType, _ name: String) -> Bool {
            name == type.plural || name == type.singular || name == type.kind.lowercased() || type.shortNames.contains(name)
        }
        if let exact = types.first(where: { matches($0, lowered) }) { return exact }
        // "name.group": the first dot splits the resource from its group.
        guard let dot = lowered.firstIndex(of: ".") else { return nil }
        let name = String(lowered[..<dot])
        let group = String(lowered[lowered.index(after: dot)...])
        if let match = types.first(where: { matches($0, name) && ($0.group == group || $0.group.hasPrefix(group + ".")) }) {
            return match
        }
        // "name.version.group", as kubectl takes `hpa.v1.autoscaling`.
        guard let versionDot = group.firstIndex(of: ".") else { return nil }
        let version = String(group[..<versionDot])
        let versionGroup = String(group[group.index(after: versionDot)...])
        return types.first { matches($0, name) && $0.version == version && $0.group == versionGroup }
    }

    /// The types in a discovery category, e.g. "all": the first (preferred) version of each resource.
    public func types(inCategory category: String) -> [ResourceType] {
        var seen = Set<String>()
        return all.filter { $0.categories.contains(category) && seen.insert($0.groupResource).inserted }
    }

    // MARK: - Custom resources

    /// Serves the custom resource a CustomResourceDefinition object defines, in every version it serves
    /// (replacing an earlier one). Returns the storage version's type, or nil when the definition lacks what a
    /// type needs.
    @discardableResult
    public func register(definition: JSONValue) -> ResourceType? {
        guard let type = Self.resourceType(fromDefinition: definition) else { return nil }
        let versions = Self.servedTypes(fromDefinition: definition)
        custom.withLock { $0[Self.customKey(type)] = versions.isEmpty ? [type] : versions }
        definitions.withLock { $0[Self.customKey(type)] = definition }
        return type
    }

    /// Stops serving the custom resource a definition defined.
    public func unregister(definition: JSONValue) {
        guard let type = Self.resourceType(fromDefinition: definition) else { return }
        _ = custom.withLock { $0.removeValue(forKey: Self.customKey(type)) }
        _ = definitions.withLock { $0.removeValue(forKey: Self.customKey(type)) }
    }

    /// The CustomResourceDefinition object that made a custom type served; nil for built-in types.
    public func definition(of type: ResourceType) -> JSONValue? {
        definitions.withLock { $0[Self.customKey(type)] }
    }

    /// The type a CRD stores: its storage version (else the first served one), names and scope; stored under
    /// `/registry/<group>/<plural>/`.
    public static func resourceType(fromDefinition definition: JSONValue) -> ResourceType? {
        let versions = definition["spec"]?["versions"]?.arrayValue ?? []
        let storage = versions.first { $0["storage"]?.boolValue == true } ?? versions.first { $0["served"]?.boolValue != false }
        guard let name = storage?["name"]?.stringValue else { return nil }
        return resourceType(fromDefinition: definition, version: name, storageVersion: name)
    }

    /// Every version a CRD serves, preferred first (Kubernetes' version order), the others views of the storage
    /// version's objects with `None` conversion.
    static func servedTypes(fromDefinition definition: JSONValue) -> [ResourceType] {
        guard let storage = resourceType(fromDefinition: definition) else { return [] }
        let served = (definition["spec"]?["versions"]?.arrayValue ?? [])
            .filter { $0["served"]?.boolValue != false }.compactMap { $0["name"]?.stringValue }
        return served.sorted(by: DiscoveryGroup.precedes).compactMap {
            resourceType(fromDefinition: definition, version: $0, storageVersion: storage.version)
        }
    }

    private static func resourceType(fromDefinition definition: JSONValue, version: String, storageVersion: String) -> ResourceType? {
        guard let spec = definition["spec"], let group = spec["group"]?.stringValue,
            let names = spec["names"], let plural = names["plural"]?.stringValue, let kind = names["kind"]?.stringValue,
            let entry = spec["versions"]?.arrayValue?.first(where: { $0["name"]?.stringValue == version })
        else { return nil }
        var type = ResourceType(
            group: group, version: version, kind: kind, plural: plural,
            singular: names["singular"]?.stringValue ?? kind.lowercased(),
            shortNames: names["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            namespaced: spec["scope"]?.stringValue != "Cluster", etcdPrefix: "\(group)/\(plural)",
            categories: names["categories"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        type.customStorageVersion = storageVersion
        let subresources = entry["subresources"]
        type.customSubresources = ResourceType.customSubresources(subresources, kind: kind)
        if let scale = subresources?["scale"] {
            type.scalePaths = ResourceType.ScalePaths(
                specReplicas: scale["specReplicasPath"]?.stringValue ?? ".spec.replicas",
                statusReplicas: scale["statusReplicasPath"]?.stringValue ?? ".status.replicas",
                labelSelector: scale["labelSelectorPath"]?.stringValue)
        }
        return type
    }

    private static func customKey(_ type: ResourceType) -> String { "\(type.group)/\(type.plural)" }

    /// `apps/v1` → ("apps", "v1"); `v1` → ("", "v1").
    public static func split(apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}
