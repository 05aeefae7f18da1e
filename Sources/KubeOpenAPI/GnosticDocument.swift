import KubeAPI

/// A Swagger 2.0 document as gnostic's `openapi.v2.Document`, the protobuf client-go's `OpenAPISchema()` decodes
/// (kubectl's client-side validation and `explain --output=plaintext-openapiv2` read it).
struct GnosticDocument {
    let message: Openapi_V2_Document

    init(_ document: JSONValue) {
        let fields = document.objectValue ?? [:]
        var message = Openapi_V2_Document()
        message.swagger = fields["swagger"]?.stringValue ?? "2.0"
        if let info = fields["info"] {
            var converted = Openapi_V2_Info()
            converted.title = info["title"]?.stringValue ?? ""
            converted.version = info["version"]?.stringValue ?? ""
            converted.description_p = info["description"]?.stringValue ?? ""
            message.info = converted
        }
        message.schemes = GnosticSchema.strings(fields["schemes"] ?? .null)
        message.consumes = GnosticSchema.strings(fields["consumes"] ?? .null)
        message.produces = GnosticSchema.strings(fields["produces"] ?? .null)
        var paths = Openapi_V2_Paths()
        let pathItems = fields["paths"]?.objectValue ?? [:]
        paths.path = pathItems.keys.sorted().map { path in
            var named = Openapi_V2_NamedPathItem()
            named.name = path
            named.value = Self.pathItem(pathItems[path]!)
            return named
        }
        message.paths = paths
        var definitions = Openapi_V2_Definitions()
        definitions.additionalProperties = GnosticSchema.namedSchemas(fields["definitions"] ?? .emptyObject)
        message.definitions = definitions
        if let parameters = fields["parameters"]?.objectValue {
            var converted = Openapi_V2_ParameterDefinitions()
            converted.additionalProperties = parameters.keys.sorted().map { name in
                var named = Openapi_V2_NamedParameter()
                named.name = name
                named.value = Self.parameter(parameters[name]!)
                return named
            }
            message.parameters = converted
        }
        message.security = (fields["security"]?.arrayValue ?? []).map(Self.securityRequirement)
        if let definitions = fields["securityDefinitions"]?.objectValue {
            var converted = Openapi_V2_SecurityDefinitions()
            converted.additionalProperties = definitions.keys.sorted().map { name in
                var named = Openapi_V2_NamedSecurityDefinitionsItem()
                named.name = name
                var item = Openapi_V2_SecurityDefinitionsItem()
                let definition = definitions[name]!
                var key = Openapi_V2_ApiKeySecurity()
                key.type = definition["type"]?.stringValue ?? ""
                key.name = definition["name"]?.stringValue ?? ""
                key.in = definition["in"]?.stringValue ?? ""
                key.description_p = definition["description"]?.stringValue ?? ""
                item.apiKeySecurity = key
                named.value = item
                return named
            }
            message.securityDefinitions = converted
        }
        message.vendorExtension = GnosticSchema.vendorExtensions(fields)
        self.message = message
    }

    private static func pathItem(_ value: JSONValue) -> Openapi_V2_PathItem {
        var item = Openapi_V2_PathItem()
        let fields = value.objectValue ?? [:]
        for (method, operation) in fields {
            switch method {
            case "get": item.get = Self.operation(operation)
            case "put": item.put = Self.operation(operation)
            case "post": item.post = Self.operation(operation)
            case "delete": item.delete = Self.operation(operation)
            case "options": item.options = Self.operation(operation)
            case "head": item.head = Self.operation(operation)
            case "patch": item.patch = Self.operation(operation)
            case "parameters": item.parameters = (operation.arrayValue ?? []).map(parametersItem)
            case "$ref": item.ref = operation.stringValue ?? ""
            default: break
            }
        }
        item.vendorExtension = GnosticSchema.vendorExtensions(fields)
        return item
    }

    private static func operation(_ value: JSONValue) -> Openapi_V2_Operation {
        let fields = value.objectValue ?? [:]
        var operation = Openapi_V2_Operation()
        operation.tags = GnosticSchema.strings(fields["tags"] ?? .null)
        operation.summary = fields["summary"]?.stringValue ?? ""
        operation.description_p = fields["description"]?.stringValue ?? ""
        operation.operationID = fields["operationId"]?.stringValue ?? ""
        operation.produces = GnosticSchema.strings(fields["produces"] ?? .null)
        operation.consumes = GnosticSchema.strings(fields["consumes"] ?? .null)
        operation.parameters = (fields["parameters"]?.arrayValue ?? []).map(parametersItem)
        var responses = Openapi_V2_Responses()
        let codes = fields["responses"]?.objectValue ?? [:]
        responses.responseCode = codes.keys.sorted().map { code in
            var named = Openapi_V2_NamedResponseValue()
            named.name = code
            var value = Openapi_V2_ResponseValue()
            var response = Openapi_V2_Response()
            response.description_p = codes[code]?["description"]?.stringValue ?? ""
            if let schema = codes[code]?["schema"] {
                var item = Openapi_V2_SchemaItem()
                item.schema = GnosticSchema.schema(schema)
                response.schema = item
            }
            value.response = response
            named.value = value
            return named
        }
        operation.responses = responses
        operation.schemes = GnosticSchema.strings(fields["schemes"] ?? .null)
        operation.deprecated = fields["deprecated"]?.boolValue ?? false
        operation.vendorExtension = GnosticSchema.vendorExtensions(fields)
        return operation
    }

    private static func parametersItem(_ value: JSONValue) -> Openapi_V2_ParametersItem {
        var item = Openapi_V2_ParametersItem()
        if let reference = value["$ref"]?.stringValue {
            var json = Openapi_V2_JsonReference()
            json.ref = reference
            item.jsonReference = json
        } else {
            item.parameter = parameter(value)
        }
        return item
    }

    /// A body parameter, or a query/path/header parameter with its type inline.
    private static func parameter(_ value: JSONValue) -> Openapi_V2_Parameter {
        let fields = value.objectValue ?? [:]
        var parameter = Openapi_V2_Parameter()
        let location = fields["in"]?.stringValue ?? ""
        let name = fields["name"]?.stringValue ?? ""
        let description = fields["description"]?.stringValue ?? ""
        let required = fields["required"]?.boolValue ?? false
        let type = fields["type"]?.stringValue ?? ""
        let uniqueItems = fields["uniqueItems"]?.boolValue ?? false
        let extensions = GnosticSchema.vendorExtensions(fields)
        var nonBody = Openapi_V2_NonBodyParameter()
        switch location {
        case "body":
            var body = Openapi_V2_BodyParameter()
            (body.name, body.in, body.description_p, body.required, body.vendorExtension) = (name, location, description, required, extensions)
            if let schema = fields["schema"] { body.schema = GnosticSchema.schema(schema) }
            parameter.bodyParameter = body
            return parameter
        case "path":
            var path = Openapi_V2_PathParameterSubSchema()
            (path.name, path.in, path.description_p, path.required, path.type) = (name, location, description, required, type)
            (path.uniqueItems, path.vendorExtension) = (uniqueItems, extensions)
            nonBody.pathParameterSubSchema = path
        case "header":
            var header = Openapi_V2_HeaderParameterSubSchema()
            (header.name, header.in, header.description_p, header.required, header.type) = (name, location, description, required, type)
            (header.uniqueItems, header.vendorExtension) = (uniqueItems, extensions)
            nonBody.headerParameterSubSchema = header
        default:
            var query = Openapi_V2_QueryParameterSubSchema()
            (query.name, query.in, query.description_p, query.required, query.type) = (name, location, description, required, type)
            (query.uniqueItems, query.vendorExtension) = (uniqueItems, extensions)
            nonBody.queryParameterSubSchema = query
        }
        parameter.nonBodyParameter = nonBody
        return parameter
    }

    private static func securityRequirement(_ value: JSONValue) -> Openapi_V2_SecurityRequirement {
        var requirement = Openapi_V2_SecurityRequirement()
        let fields = value.objectValue ?? [:]
        requirement.additionalProperties = fields.keys.sorted().map { name in
            var named = Openapi_V2_NamedStringArray()
            named.name = name
            var array = Openapi_V2_StringArray()
            array.value = GnosticSchema.strings(fields[name]!)
            named.value = array
            return named
        }
        return requirement
    }
}
