import EtcdCore
import Foundation
import KubeAPI

/// Who made a write, read from the object's `metadata.managedFields`, as kube-apiserver records them: the entry
/// the write added or changed (its manager, e.g. `kubectl-create`, `kube-controller-manager`, `kube-scheduler`,
/// `kubelet`, and `(status)` for the status subresource); without one, the entry written last, except for a pod's
/// binding, which changes no entry.
enum WriteAttribution {
    static func writer(of event: WatchEvent) -> String {
        guard event.type == .put, let object = RegistryValue.json(event.kv.value) else { return "" }
        let entries = managedFields(object)
        let previous = Set((event.prevKv.flatMap { RegistryValue.json($0.value) }.map(managedFields) ?? []).map { $0.jsonString() })
        let changed = entries.filter { !previous.contains($0.jsonString()) }
        // A binding sets a pod's node without a managedFields entry of its own.
        if changed.isEmpty, event.prevKv != nil, object[["spec", "nodeName"]] != nil,
            event.prevKv.flatMap({ RegistryValue.json($0.value) })?[["spec", "nodeName"]] == nil
        {
            return "kube-scheduler (binding)"
        }
        let candidates = changed.isEmpty ? entries : changed
        // RFC 3339 times in UTC compare as strings; the last of equal times wins.
        guard let entry = candidates.enumerated().max(by: { a, b in
            (time(a.element), a.offset) < (time(b.element), b.offset)
        })?.element else { return "" }
        let manager = entry["manager"]?.stringValue ?? ""
        return entry["subresource"]?.stringValue.map { "\(manager) (\($0))" } ?? manager
    }

    private static func managedFields(_ object: JSONValue) -> [JSONValue] {
        object[["metadata", "managedFields"]]?.arrayValue ?? []
    }

    private static func time(_ entry: JSONValue) -> String { entry["time"]?.stringValue ?? "" }
}
