/// The unaggregated discovery documents (`meta/v1` APIVersions, APIGroupList, APIGroup, APIResourceList) that
/// clients read when they do not ask for aggregated discovery, as kube-apiserver 1.32 writes them
/// (apiserver `pkg/endpoints/discovery`, behind kube-aggregator).
///
/// `/api` and `/api/v1` carry no `apiVersion` (apiserver's `stripVersionNegotiatedSerializer` keeps them as in
/// release 1.1); the `/apis` documents do.
public enum LegacyDiscovery {
    /// `GET /api`: the core group's versions and the address clients should use.
    public static func apiVersions(serverAddress: String) -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    /// `GET /apis`: every named group with its versions and preferred version, in discovery order.
    public static func apiGroupList(_ catalog: ResourceCatalog) -> JSONValue {
        let groups = DiscoveryGroup.all(in: catalog).filter { !$0.name.isEmpty }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups.map(group))]
    }

    /// `GET /apis/<group>`: one group; nil when the catalog serves no such group.
    public static func apiGroup(_ catalog: ResourceCatalog, name: String) -> JSONValue? {
        guard !name.isEmpty, let found = DiscoveryGroup.all(in: catalog).first(where: { $0.name == name }) else { return nil }
        var document = group(found)
        document["kind"] = "APIGroup"
        document["apiVersion"] = "v1"
        return document
    }

    /// `GET /api/v1` (group "") or `GET /apis/<group>/<version>`: the group-version's resources and their
    /// subresources, sorted by name; nil when the catalog serves no such group-version.
    public static func apiResourceList(_ catalog: ResourceCatalog, group: String, version: String) -> JSONValue? {
        guard let found = DiscoveryGroup.find(in: catalog, group: group, version: version) else { return nil }
        var resources: [JSONValue] = []
        for type in found.types {
            var resource: JSONValue = [
                "name": .string(type.plural), "singularName": .string(type.singular), "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind), "verbs": .array(type.verbs.map(JSONValue.string)),
            ]
            if !type.shortNames.isEmpty { resource["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
            if !type.categories.isEmpty { resource["categories"] = .array(type.categories.map(JSONValue.string)) }
            resources.append(resource)
            for subresource in type.subresources {
                var entry: JSONValue = [
                    "name": .string("\(type.plural)/\(subresource.name)"), "singularName": "",
                    "namespaced": .bool(type.namespaced), "kind": .string(subresource.kind),
                    "verbs": .array(subresource.verbs.map(JSONValue.string)),
                ]
                entry["group"] = subresource.group.map(JSONValue.string)
                entry["version"] = subresource.version.map(JSONValue.string)
                resources.append(entry)
            }
        }
        var list: JSONValue = [
            "kind": "APIResourceList", "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
            "resources": .array(resources),
        ]
        if !group.isEmpty { list["apiVersion"] = "v1" }
        return list
    }

    /// An APIGroup's fields: name, versions (preferred first) and preferred version.
    private static func group(_ group: DiscoveryGroup) -> JSONValue {
        let versions: [JSONValue] = group.versions.map {
            ["groupVersion": .string("\(group.name)/\($0.name)"), "version": .string($0.name)]
        }
        return ["name": .string(group.name), "versions": .array(versions), "preferredVersion": versions[0]]
    }
}
