import KubeAPI

/// What kube-apiserver drops from a custom resource's schema before publishing it in OpenAPI v2
/// (apiextensions-apiserver's `ToStructuralOpenAPIV2`): what Swagger 2.0 cannot say (`nullable`, `anyOf`, `oneOf`,
/// `not`), the type of int-or-string fields, and the fields under `x-kubernetes-preserve-unknown-fields`, so that
/// kubectl's client-side validation does not refuse what the schema allows.
enum SwaggerSchemaFilter {
    static func filter(_ schema: JSONValue) -> JSONValue {
        guard var fields = schema.objectValue else { return schema }
        for key in ["nullable", "anyOf", "oneOf", "not"] { fields.removeValue(forKey: key) }
        if fields["x-kubernetes-int-or-string"]?.boolValue == true { fields.removeValue(forKey: "type") }
        if fields["x-kubernetes-preserve-unknown-fields"]?.boolValue == true {
            fields.removeValue(forKey: "properties")
            fields.removeValue(forKey: "additionalProperties")
            fields.removeValue(forKey: "items")
            return .object(fields)
        }
        if let properties = fields["properties"]?.objectValue {
            fields["properties"] = .object(properties.mapValues(filter))
        }
        for key in ["items", "additionalProperties"] where fields[key]?.objectValue != nil {
            fields[key] = filter(fields[key]!)
        }
        if let allOf = fields["allOf"]?.arrayValue { fields["allOf"] = .array(allOf.map(filter)) }
        return .object(fields)
    }
}
