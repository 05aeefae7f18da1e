/// How a write is made: the options kube-apiserver takes on create, update, patch and delete.
public struct WriteOptions: Sendable, Hashable {
    /// Validate and answer as if written, but write nothing (`dryRun=All`).
    public var dryRun: Bool
    /// Who makes the change, recorded in `managedFields`.
    public var fieldManager: String
    /// For server-side apply: take fields other managers own instead of failing with a conflict.
    public var force: Bool
    /// `fieldValidation=Strict` refuses an object with fields its kind does not have; otherwise they are
    /// dropped (the API server's HTTP layer answers `Warn` with warnings).
    public var fieldValidation: FieldValidation

    public init(dryRun: Bool = false, fieldManager: String = "kubesim", force: Bool = false, fieldValidation: FieldValidation = .ignore) {
        self.dryRun = dryRun
        self.fieldManager = fieldManager
        self.force = force
        self.fieldValidation = fieldValidation
    }
}

/// What to do with fields an object's kind does not have (`fieldValidation`, kubectl's `--validate`).
public enum FieldValidation: String, Sendable, Hashable, CaseIterable {
    case strict = "Strict", warn = "Warn", ignore = "Ignore"
}

/// What a delete does with the objects that name the deleted one as owner.
public enum PropagationPolicy: String, Sendable {
    /// Delete the object now and its dependents after it (kubectl's default).
    case background = "Background"
    /// Delete the dependents first, then the object.
    case foreground = "Foreground"
    /// Keep the dependents, without the owner reference.
    case orphan = "Orphan"
}

/// Which state of the store a list reads (`resourceVersion` and `resourceVersionMatch`).
public enum ListVersion: Sendable, Hashable {
    /// The most recent (no resourceVersion, or "0").
    case latest
    /// The most recent, which must be at least this revision (a resourceVersion, or `NotOlderThan`).
    case notOlderThan(Int64)
    /// Exactly this revision, while it is not compacted (`resourceVersionMatch=Exact`).
    case exact(Int64)
}

/// A list's items and the revision it was read at.
/// One page of a list of items of any form (objects, their encodings), with the list's metadata.
public struct ListPage<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The list's resourceVersion: the store revision it was read at.
    public var resourceVersion: String
    /// The token for the next page, when `limit` cut the list.
    public var continueToken: String?
    /// How many more items are left after this page, when known.
    public var remainingItemCount: Int64?
}

public struct ObjectList: Sendable, Hashable {
    public var items: [KubeObject]
    /// The list's resourceVersion: the store revision it was read at.
    public var resourceVersion: String
    /// The token for the next page, when `limit` cut the list.
    public var continueToken: String?
    /// How many more items are left after this page, when known.
    public var remainingItemCount: Int64?

    public init(items: [KubeObject], resourceVersion: String, continueToken: String?, remainingItemCount: Int64?) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }
}

/// One change a watch reports (`watch.Event`).
public struct ObjectEvent: Sendable, Hashable {
    public enum EventType: String, Sendable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED", bookmark = "BOOKMARK"
    }

    public var type: EventType
    public var object: KubeObject

    public init(type: EventType, object: KubeObject) {
        self.type = type
        self.object = object
    }
}
