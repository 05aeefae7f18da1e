import KubeAPI

/// The schemas kube-apiserver publishes for one version of a custom resource (apiextensions-apiserver's
/// `controller/openapi/builder`): the kind's `openAPIV3Schema` with the standard `apiVersion`, `kind` and
/// `metadata`, and its list kind, each tagged with `x-kubernetes-group-version-kind`.
struct CustomResourceSchema {
    let type: ResourceType
    /// The CRD's `spec.names.listKind` (`<Kind>List` when absent).
    let listKind: String
    /// The version's `schema.openAPIV3Schema`; nil when the CRD gives none.
    let schema: JSONValue?
    /// The version's `subresources`.
    let subresources: JSONValue?

    init?(type: ResourceType, definition: JSONValue) {
        guard let spec = definition["spec"],
            let version = spec["versions"]?.arrayValue?.first(where: { $0["name"]?.stringValue == type.version })
        else { return nil }
        self.type = type
        listKind = spec["names"]?["listKind"]?.stringValue ?? "\(type.kind)List"
        schema = version["schema"]?["openAPIV3Schema"]
        subresources = version["subresources"]
    }

    /// `stable.example.com/v1.CronTab` → `com.example.stable.v1.CronTab` (kube-openapi's `ToRESTFriendlyName`).
    func definitionName(kind: String) -> String {
        let group = type.group.split(separator: ".").reversed().joined(separator: ".")
        return "\(group).\(type.version).\(kind)"
    }

    /// Where references point in each spec version.
    static func referencePrefix(v2: Bool) -> String { v2 ? "#/definitions/" : "#/components/schemas/" }

    /// The kind's schema for OpenAPI v3 or v2.
    func kindSchema(v2: Bool) -> JSONValue {
        let referencePrefix = Self.referencePrefix(v2: v2)
        var result: [String: JSONValue]
        if let schema, !(v2 && schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true) {
            result = (v2 ? SwaggerSchemaFilter.filter(schema) : schema).objectValue ?? [:]
            var properties = result["properties"]?.objectValue ?? [:]
            properties["apiVersion"] = ["type": "string", "description": .string(StandardDescriptions.apiVersion)]
            properties["kind"] = ["type": "string", "description": .string(StandardDescriptions.kind)]
            properties["metadata"] = [
                "$ref": .string(referencePrefix + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
                "description": .string(StandardDescriptions.objectMetadata),
            ]
            result["properties"] = .object(properties)
        } else {
            // No schema, or a v2 one that keeps unknown fields: kube-apiserver publishes a bare object so that
            // kubectl's client-side validation lets every field through.
            result = ["type": "object"]
        }
        result["x-kubernetes-group-version-kind"] = groupVersionKind(type.kind)
        return .object(result)
    }

    /// The list kind's schema.
    func listSchema(v2: Bool) -> JSONValue {
        let referencePrefix = Self.referencePrefix(v2: v2)
        return [
            "description": .string("\(listKind) is a list of \(type.kind)"),
            "required": ["items"],
            "properties": [
                "apiVersion": ["type": "string", "description": .string(StandardDescriptions.apiVersion)],
                "kind": ["type": "string", "description": .string(StandardDescriptions.kind)],
                "items": [
                    "type": "array",
                    "description": .string(
                        "List of \(type.plural). More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"),
                    "items": ["$ref": .string(referencePrefix + definitionName(kind: type.kind))],
                ],
                "metadata": [
                    "$ref": .string(referencePrefix + "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"),
                    "description": .string(StandardDescriptions.listMetadata),
                ],
            ],
            "x-kubernetes-group-version-kind": groupVersionKind(listKind),
        ]
    }

    func groupVersionKind(_ kind: String) -> JSONValue {
        [["group": .string(type.group), "version": .string(type.version), "kind": .string(kind)]]
    }
}

/// The descriptions kube-apiserver gives a custom resource's standard fields: `TypeMeta`'s, and
/// `PartialObjectMetadata`'s and `PartialObjectMetadataList`'s `metadata` (apimachinery's swagger docs).
enum StandardDescriptions {
    static let apiVersion =
        "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"
    static let kind =
        "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"
    static let objectMetadata =
        "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
    static let listMetadata =
        "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"
}
