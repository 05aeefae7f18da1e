/// How the objects of one group-kind that kube-apiserver serves in several versions move between a served version
/// and the version they are stored in (kube-apiserver decodes a request into the internal version and encodes it in
/// the resource's storage version, `--storage-versions`; a read goes the other way).
///
/// Every served version is a ``ResourceType`` of its own, listed in the catalog and in discovery; the storage
/// version is the one whose objects the store holds under the resource's etcd prefix, and the others are views of
/// the same objects. The registry converts at the store: what it reads becomes the request's version with
/// `fromStorage`, what it writes becomes the storage version with `toStorage`, so every verb (get, list, watch,
/// create, update, patch, server-side apply, delete) and the resourceVersion are shared by all versions.
/// Defaulting, validation and tables act on the storage version, as kube-apiserver's act on the internal one.
public protocol VersionConversion: Sendable {
    /// The version the store holds.
    var storage: ResourceType { get }
    /// The other versions served, each a view of the stored objects.
    var views: [ResourceType] { get }
    /// The stored object (of `storage`) as `version` serves it.
    /// - Throws: ``ConversionError`` for a stored object the version cannot be made from.
    func fromStorage(_ object: JSONValue, to version: ResourceType) throws -> JSONValue
    /// An object of `version` as it is stored.
    /// - Throws: ``ConversionError`` for an object that does not convert (an annotation that does not decode).
    func toStorage(_ object: JSONValue, from version: ResourceType) throws -> JSONValue
}

/// A conversion that failed, with the decoder's message.
public struct ConversionError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The built-in conversions: every group-kind served in more than one version.
public enum VersionConversions {
    public static let all: [any VersionConversion] = [EventConversion(), HorizontalPodAutoscalerConversion()]

    /// The conversion of a served version that is not its storage version; nil for a storage version and any
    /// resource served in one version.
    static func conversion(for type: ResourceType) -> (any VersionConversion)? {
        if let storageVersion = type.customStorageVersion {
            return storageVersion == type.version ? nil : CustomResourceConversion(view: type, storageVersion: storageVersion)
        }
        // Every stored object's read asks; most kinds have no view, which one set lookup tells.
        guard viewKinds.contains(type.kind) else { return nil }
        return views.first { $0.view.group == type.group && $0.view.version == type.version && $0.view.kind == type.kind }?.conversion
    }

    private static let views: [(view: ResourceType, conversion: any VersionConversion)] = all.flatMap { conversion in
        conversion.views.map { ($0, conversion) }
    }

    private static let viewKinds = Set(views.map(\.view.kind))
}

extension ResourceType {
    /// The conversion that makes this version from the stored one; nil when this is the storage version.
    public var conversion: (any VersionConversion)? { VersionConversions.conversion(for: self) }

    /// Whether objects of this version are the ones the store holds (false for a view of another version's).
    public var isStorageVersion: Bool { conversion == nil }

    /// The version objects of this resource are stored in: itself, or the storage version it is a view of.
    public var storageType: ResourceType { conversion?.storage ?? self }

    /// An object of this version as stored.
    public func toStorage(_ object: KubeObject) throws -> KubeObject {
        guard let conversion else { return object }
        return KubeObject(try conversion.toStorage(object.json, from: self))
    }

    /// A stored object as this version serves it.
    public func fromStorage(_ object: KubeObject) throws -> KubeObject {
        guard let conversion else { return object }
        return KubeObject(try conversion.fromStorage(object.json, to: self))
    }
}
