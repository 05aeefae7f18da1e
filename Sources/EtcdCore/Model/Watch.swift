import Foundation

/// A request to follow changes of a key or range (etcd's `WatchCreateRequest`).
public struct WatchRequest: Sendable, Hashable {
    public var key: Data
    /// As in `RangeRequest.rangeEnd`.
    public var rangeEnd: Data
    /// The first revision to report, inclusive; 0 for changes after now.
    public var startRevision: Revision
    /// Attach each key's previous value to its events.
    public var prevKv: Bool
    /// Leave put events out.
    public var noPut: Bool
    /// Leave delete events out.
    public var noDelete: Bool

    public init(
        key: Data, rangeEnd: Data = Data(), startRevision: Revision = 0, prevKv: Bool = false,
        noPut: Bool = false, noDelete: Bool = false
    ) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.startRevision = startRevision
        self.prevKv = prevKv
        self.noPut = noPut
        self.noDelete = noDelete
    }
}

/// One change of one key (etcd's `mvccpb.Event`).
public struct WatchEvent: Sendable, Hashable {
    public enum EventType: Int, Sendable {
        case put = 0, delete = 1
    }

    public var type: EventType
    /// The key after the change. For a delete: the key and the delete's revision as `modRevision`.
    public var kv: KeyValue
    /// The key before the change, when the watch asked for it and the key existed.
    public var prevKv: KeyValue?

    public init(type: EventType, kv: KeyValue, prevKv: KeyValue? = nil) {
        self.type = type
        self.kv = kv
        self.prevKv = prevKv
    }
}

/// A batch of events a watch delivers, or its end (etcd's `WatchResponse`).
public struct WatchResponse: Sendable, Hashable {
    public var header: ResponseHeader
    /// The events, in revision order; all of one revision travel together.
    public var events: [WatchEvent]
    /// Set when the watch was canceled because its start revision had been compacted.
    public var compactRevision: Revision
    /// Whether this is the watch's last response.
    public var canceled: Bool
    public var cancelReason: String

    public init(
        header: ResponseHeader, events: [WatchEvent], compactRevision: Revision = 0,
        canceled: Bool = false, cancelReason: String = ""
    ) {
        self.header = header
        self.events = events
        self.compactRevision = compactRevision
        self.canceled = canceled
        self.cancelReason = cancelReason
    }
}
