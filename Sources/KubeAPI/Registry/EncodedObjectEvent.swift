/// One change a watch reports, with its object already written as compact JSON: what an HTTP watch sends, made
/// once per stored change and shared by every watcher of it (``Registry/watchJSON(_:namespace:resourceVersion:labelSelector:fieldSelector:)``).
public struct EncodedObjectEvent: Sendable, Hashable {
    public var type: ObjectEvent.EventType
    /// The object's resourceVersion (for a DELETED event, the revision of the delete), nil when it has none.
    public var resourceVersion: String?
    /// The object's compact JSON, the bytes `object.json.jsonBytes()` writes for the event's object.
    public var json: [UInt8]

    public init(type: ObjectEvent.EventType, resourceVersion: String?, json: [UInt8]) {
        self.type = type
        self.resourceVersion = resourceVersion
        self.json = json
    }

    /// The event of an object already built (a watch's initial ADDED events), encoded as a watch writes it.
    public init(_ event: ObjectEvent) {
        self.init(type: event.type, resourceVersion: event.object.resourceVersion, json: event.object.json.jsonBytes())
    }
}
