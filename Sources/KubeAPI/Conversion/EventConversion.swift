/// events.k8s.io/v1 Events as a view of the core/v1 Events the store holds under `/registry/events/` (kube-apiserver
/// stores both groups' events as core/v1, its cohabiting resources).
///
/// The fields map as kubernetes `pkg/apis/events/v1/conversion.go` maps them through the internal `core.Event`:
/// `note` is `message`, `regarding` is `involvedObject`, `deprecatedSource` is `source`, `deprecatedFirstTimestamp`,
/// `deprecatedLastTimestamp` and `deprecatedCount` are `firstTimestamp`, `lastTimestamp` and `count`, and
/// `reportingController` is core/v1's `reportingComponent`; `eventTime`, `series`, `action`, `reason`, `related`,
/// `type` and `reportingInstance` keep their names. Each side is written as Go writes its struct: fields without
/// `omitempty` (and struct-valued ones) are always present, empty strings and zero counts of `omitempty` fields
/// are left out.
public struct EventConversion: VersionConversion {
    public var storage: ResourceType { BuiltinResources.events }
    public var views: [ResourceType] { [BuiltinResources.eventsV1] }

    /// (events.k8s.io/v1 name, core/v1 name) of the fields whose names differ.
    static let renamed = [
        ("regarding", "involvedObject"), ("note", "message"), ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"), ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"), ("reportingController", "reportingComponent"),
    ]
    /// Fields both versions name alike.
    static let shared = ["metadata", "eventTime", "series", "action", "reason", "related", "type", "reportingInstance"]

    public init() {}

    public func fromStorage(_ object: JSONValue, to version: ResourceType) throws -> JSONValue {
        var event: JSONValue = ["apiVersion": .string(version.apiVersion), "kind": "Event"]
        for field in Self.shared { event[field] = object[field] }
        for (name, coreName) in Self.renamed { event[name] = object[coreName] }
        // events/v1 `Event` as Go writes it: eventTime, regarding and deprecatedSource always, the deprecated
        // timestamps as null when unset, and no empty strings or zero count.
        for field in ["eventTime", "deprecatedFirstTimestamp", "deprecatedLastTimestamp"] where event[field] == nil {
            event[field] = .null
        }
        for field in ["regarding", "deprecatedSource"] where event[field] == nil { event[field] = .emptyObject }
        for field in ["reportingController", "reportingInstance", "action", "reason", "note", "type"]
        where event[field]?.stringValue == "" {
            event[field] = nil
        }
        if event["deprecatedCount"]?.intValue == 0 { event["deprecatedCount"] = nil }
        return event
    }

    public func toStorage(_ object: JSONValue, from version: ResourceType) throws -> JSONValue {
        var event: JSONValue = ["apiVersion": "v1", "kind": "Event"]
        for field in Self.shared { event[field] = object[field] }
        for (name, coreName) in Self.renamed { event[coreName] = object[name] }
        // core/v1 `Event` as Go writes it: involvedObject and source always, the timestamps as null when unset,
        // reportingComponent and reportingInstance even when empty.
        for field in ["eventTime", "firstTimestamp", "lastTimestamp"] where event[field] == nil { event[field] = .null }
        for field in ["involvedObject", "source"] where event[field] == nil { event[field] = .emptyObject }
        for field in ["reportingComponent", "reportingInstance"] where event[field] == nil { event[field] = "" }
        if event["count"]?.intValue == 0 { event["count"] = nil }
        return event
    }
}
