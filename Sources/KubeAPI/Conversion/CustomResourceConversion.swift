/// A custom resource's `None` conversion (a CRD's `spec.conversion.strategy: None`, its default): between served
/// versions only `apiVersion` changes, as apiextensions-apiserver's nopConverter does.
struct CustomResourceConversion: VersionConversion {
    let storage: ResourceType
    let views: [ResourceType]

    /// The conversion between `view` and the storage version of the same resource.
    init(view: ResourceType, storageVersion: String) {
        var storage = view
        storage.version = storageVersion
        self.storage = storage
        views = [view]
    }

    func fromStorage(_ object: JSONValue, to version: ResourceType) throws -> JSONValue {
        var converted = object
        converted["apiVersion"] = .string(version.apiVersion)
        return converted
    }

    func toStorage(_ object: JSONValue, from version: ResourceType) throws -> JSONValue {
        var converted = object
        converted["apiVersion"] = .string(storage.apiVersion)
        return converted
    }
}
