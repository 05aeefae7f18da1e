import Foundation

/// Aggregated discovery (`apidiscovery.k8s.io/v2` `APIGroupDiscoveryList`): every group, version and resource in one
/// document, which kubectl 1.32 asks `/api` and `/apis` for before falling back to `LegacyDiscovery`.
///
/// Shaped like kube-apiserver 1.32's (apiserver `pkg/endpoints/discovery/aggregated`, api `apidiscovery/v2`):
/// - each group's `metadata` is a Go `ObjectMeta`: `{"creationTimestamp": null, "name": …}`, with no name for the
///   core group;
/// - a built-in resource's `responseKind` has an empty group and version, as the installer converts it from an
///   `APIResource`, while a custom resource's names its own; a subresource's names its kind's group and version
///   only when they differ from the resource's (`autoscaling`/`v1` for `scale`);
/// - `shortNames`, `categories` and `subresources` are left out when empty.
public enum AggregatedDiscovery {
    /// The Content-Type of an aggregated discovery answer; client-go falls back to legacy discovery without it.
    public static let contentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Whether an Accept header asks for aggregated discovery v2 before any plain JSON it also takes, as
    /// kube-apiserver's negotiation picks the first acceptable media type. kubectl 1.32 sends
    /// `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,…;v=v2beta1…,application/json`.
    public static func isRequested(byAccept accept: String?) -> Bool {
        for clause in (accept ?? "").split(separator: ",") {
            let parts = clause.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let mediaType = parts.first?.lowercased() ?? ""
            guard ["application/json", "application/*", "*/*"].contains(mediaType) else { continue }
            var parameters: [String: String] = [:]
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { parameters[pair[0].lowercased()] = pair[1] }
            }
            let asks = (parameters["g"], parameters["v"], parameters["as"])
            if asks == ("apidiscovery.k8s.io", "v2", "APIGroupDiscoveryList") { return true }
            if asks == (nil, nil, nil) { return false }
        }
        return false
    }

    /// `GET /api`: the core group.
    public static func coreGroupList(_ catalog: ResourceCatalog) -> JSONValue {
        list(DiscoveryGroup.all(in: catalog).filter { $0.name.isEmpty })
    }

    /// `GET /apis`: every named group, in discovery order, its preferred version first.
    public static func groupList(_ catalog: ResourceCatalog) -> JSONValue {
        list(DiscoveryGroup.all(in: catalog).filter { !$0.name.isEmpty })
    }

    private static func list(_ groups: [DiscoveryGroup]) -> JSONValue {
        let items: [JSONValue] = groups.map { group in
            var metadata: JSONValue = ["creationTimestamp": .null]
            if !group.name.isEmpty { metadata["name"] = .string(group.name) }
            let versions: [JSONValue] = group.versions.map { version in
                var entry: JSONValue = ["version": .string(version.name), "freshness": "Current"]
                if !version.types.isEmpty { entry["resources"] = .array(version.types.map(resource)) }
                return entry
            }
            return ["metadata": metadata, "versions": .array(versions)]
        }
        return [
            "kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": .emptyObject,
            "items": .array(items),
        ]
    }

    private static func resource(_ type: ResourceType) -> JSONValue {
        let builtin = BuiltinResources.all.contains(type)
        var resource: JSONValue = [
            "resource": .string(type.plural), "singularResource": .string(type.singular),
            "scope": type.namespaced ? "Namespaced" : "Cluster",
            "responseKind": kind(builtin ? "" : type.group, builtin ? "" : type.version, type.kind),
            "verbs": .array(type.verbs.map(JSONValue.string)),
        ]
        if !type.shortNames.isEmpty { resource["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
        if !type.categories.isEmpty { resource["categories"] = .array(type.categories.map(JSONValue.string)) }
        let subresources: [JSONValue] = type.subresources.map {
            [
                "subresource": .string($0.name), "responseKind": kind($0.group ?? "", $0.version ?? "", $0.kind),
                "verbs": .array($0.verbs.map(JSONValue.string)),
            ]
        }
        if !subresources.isEmpty { resource["subresources"] = .array(subresources) }
        return resource
    }

    /// A `metav1.GroupVersionKind`: all three fields, even when empty.
    private static func kind(_ group: String, _ version: String, _ kind: String) -> JSONValue {
        ["group": .string(group), "version": .string(version), "kind": .string(kind)]
    }
}
