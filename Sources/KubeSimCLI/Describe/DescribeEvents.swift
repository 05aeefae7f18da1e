import Foundation
import KubeAPI

/// kubectl's `searchEvents` and `SortableEvents`: the core/v1 events about one object, oldest first.
enum DescribeEvents {
    /// The events whose involved object has this name and namespace, and this kind and uid when given, from the
    /// object's namespace (every namespace for a cluster-scoped object). nil when they cannot be listed, so the
    /// describer prints no Events section, as kubectl does when the search fails.
    static func search(
        _ client: any KubeClient, name: String, namespace: String, kind: String?, uid: String?
    ) async -> [KubeObject]? {
        guard
            let list = try? await client.list(
                BuiltinResources.events, namespace: namespace.isEmpty ? nil : namespace, labelSelector: .everything,
                fieldSelector: .everything, limit: 0, continueToken: nil)
        else { return nil }
        return list.items.filter { event in
            let involved = event.json["involvedObject"] ?? .emptyObject
            guard involved["name"]?.stringValue == name, (involved["namespace"]?.stringValue ?? "") == namespace else {
                return false
            }
            if let kind, involved["kind"]?.stringValue != kind { return false }
            if let uid, involved["uid"]?.stringValue != uid { return false }
            return true
        }
    }

    /// The events about `object` (`searchEvents` of its reference: name, namespace, kind, uid).
    static func about(_ object: KubeObject, client: any KubeClient, kind: String? = nil) async -> [KubeObject]? {
        await search(
            client, name: object.name, namespace: object.namespace ?? "", kind: kind ?? object.kind,
            uid: object.uid.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Oldest first by the series' last observation, else the last timestamp, else the event time; stable.
    static func sorted(_ events: [KubeObject]) -> [KubeObject] {
        func time(_ event: KubeObject) -> Date {
            let json = event.json
            if let series = json["series"], series != .null,
                let date = series["lastObservedTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
            {
                return date
            }
            if let date = json["lastTimestamp"]?.stringValue.flatMap(RFC3339Timestamp.date(from:)) { return date }
            return json["eventTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:)) ?? .distantPast
        }
        return events.enumerated().sorted { lhs, rhs in
            let (left, right) = (time(lhs.element), time(rhs.element))
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
