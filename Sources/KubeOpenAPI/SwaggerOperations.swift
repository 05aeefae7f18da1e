import KubeAPI

/// OpenAPI v3 path items as Swagger 2.0 says them, for custom resources' routes in `/openapi/v2`: query and path
/// parameters with their type inline, the request body as a `body` parameter, responses with one schema, and the
/// media types as `consumes` and `produces`.
enum SwaggerOperations {
    static func pathItem(_ item: JSONValue) -> JSONValue {
        guard let fields = item.objectValue else { return item }
        var result: [String: JSONValue] = [:]
        for (key, value) in fields {
            result[key] = key == "parameters" ? .array((value.arrayValue ?? []).map(parameter)) : operation(value)
        }
        return .object(result)
    }

    private static func operation(_ operation: JSONValue) -> JSONValue {
        guard var fields = operation.objectValue else { return operation }
        var parameters = (fields["parameters"]?.arrayValue ?? []).map(parameter)
        if let body = fields.removeValue(forKey: "requestBody") {
            let content = body["content"]?.objectValue ?? [:]
            fields["consumes"] = .array(content.keys.sorted().map { .string($0) })
            var parameter: [String: JSONValue] = ["name": "body", "in": "body", "required": .bool(body["required"]?.boolValue ?? false)]
            parameter["schema"] = content.keys.sorted().first.flatMap { content[$0]?["schema"] }.map(definitionReferences)
            parameters.insert(.object(parameter), at: 0)
        } else {
            fields["consumes"] = ["*/*"]
        }
        fields["parameters"] = parameters.isEmpty ? nil : .array(parameters)
        var produces = Set<String>()
        var responses: [String: JSONValue] = [:]
        for (code, response) in fields["responses"]?.objectValue ?? [:] {
            var converted: [String: JSONValue] = ["description": response["description"] ?? ""]
            if let content = response["content"]?.objectValue, let first = content.keys.sorted().first {
                produces.formUnion(content.keys)
                converted["schema"] = content[first]?["schema"].map(definitionReferences)
            }
            responses[code] = .object(converted)
        }
        fields["responses"] = .object(responses)
        fields["produces"] = .array(produces.sorted().map { .string($0) })
        fields["schemes"] = ["https"]
        return .object(fields)
    }

    private static func parameter(_ parameter: JSONValue) -> JSONValue {
        guard var fields = parameter.objectValue else { return parameter }
        if let schema = fields.removeValue(forKey: "schema")?.objectValue {
            for (key, value) in schema { fields[key] = value }
        }
        return .object(fields)
    }

    /// `#/components/schemas/X` → `#/definitions/X`, everywhere in a schema.
    static func definitionReferences(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let fields):
            return .object(fields.mapValues { field in
                if let reference = field.stringValue, reference.hasPrefix("#/components/schemas/") {
                    return .string("#/definitions/" + reference.dropFirst("#/components/schemas/".count))
                }
                return definitionReferences(field)
            })
        case .array(let items):
            return .array(items.map(definitionReferences))
        default:
            return value
        }
    }
}
