import KubeAPI

/// Swagger 2.0 schemas as gnostic's `openapi.v2` messages, field by field as gnostic's compiler reads them from
/// JSON; `x-` keys become vendor extensions whose `yaml` holds the value (JSON is YAML, which client-go parses).
enum GnosticSchema {
    static func schema(_ value: JSONValue) -> Openapi_V2_Schema {
        var schema = Openapi_V2_Schema()
        guard let fields = value.objectValue else { return schema }
        for key in fields.keys.sorted() {
            let field = fields[key]!
            switch key {
            case "$ref": schema.ref = field.stringValue ?? ""
            case "format": schema.format = field.stringValue ?? ""
            case "title": schema.title = field.stringValue ?? ""
            case "description": schema.description_p = field.stringValue ?? ""
            case "default": schema.default = any(field)
            case "multipleOf": schema.multipleOf = number(field)
            case "maximum": schema.maximum = number(field)
            case "exclusiveMaximum": schema.exclusiveMaximum = field.boolValue ?? false
            case "minimum": schema.minimum = number(field)
            case "exclusiveMinimum": schema.exclusiveMinimum = field.boolValue ?? false
            case "maxLength": schema.maxLength = field.intValue ?? 0
            case "minLength": schema.minLength = field.intValue ?? 0
            case "pattern": schema.pattern = field.stringValue ?? ""
            case "maxItems": schema.maxItems = field.intValue ?? 0
            case "minItems": schema.minItems = field.intValue ?? 0
            case "uniqueItems": schema.uniqueItems = field.boolValue ?? false
            case "maxProperties": schema.maxProperties = field.intValue ?? 0
            case "minProperties": schema.minProperties = field.intValue ?? 0
            case "required": schema.required = strings(field)
            case "enum": schema.enum = (field.arrayValue ?? []).map(any)
            case "type":
                var type = Openapi_V2_TypeItem()
                type.value = field.stringValue.map { [$0] } ?? strings(field)
                schema.type = type
            case "items":
                var items = Openapi_V2_ItemsItem()
                items.schema = field.arrayValue?.map(self.schema) ?? [self.schema(field)]
                schema.items = items
            case "allOf": schema.allOf = (field.arrayValue ?? []).map(self.schema)
            case "properties":
                var properties = Openapi_V2_Properties()
                properties.additionalProperties = namedSchemas(field)
                schema.properties = properties
            case "additionalProperties":
                var item = Openapi_V2_AdditionalPropertiesItem()
                if let flag = field.boolValue { item.boolean = flag } else { item.schema = self.schema(field) }
                schema.additionalProperties = item
            case "discriminator": schema.discriminator = field.stringValue ?? ""
            case "readOnly": schema.readOnly = field.boolValue ?? false
            case "example": schema.example = any(field)
            case "externalDocs":
                var docs = Openapi_V2_ExternalDocs()
                docs.description_p = field["description"]?.stringValue ?? ""
                docs.url = field["url"]?.stringValue ?? ""
                schema.externalDocs = docs
            default:
                if key.hasPrefix("x-") { schema.vendorExtension.append(namedAny(key, field)) }
            }
        }
        return schema
    }

    /// An object's members as named schemas, in key order.
    static func namedSchemas(_ value: JSONValue) -> [Openapi_V2_NamedSchema] {
        let fields = value.objectValue ?? [:]
        return fields.keys.sorted().map { name in
            var named = Openapi_V2_NamedSchema()
            named.name = name
            named.value = schema(fields[name]!)
            return named
        }
    }

    /// The `x-` members of an object as vendor extensions.
    static func vendorExtensions(_ fields: [String: JSONValue]) -> [Openapi_V2_NamedAny] {
        fields.keys.sorted().filter { $0.hasPrefix("x-") }.map { namedAny($0, fields[$0]!) }
    }

    static func namedAny(_ name: String, _ value: JSONValue) -> Openapi_V2_NamedAny {
        var named = Openapi_V2_NamedAny()
        named.name = name
        named.value = any(value)
        return named
    }

    static func any(_ value: JSONValue) -> Openapi_V2_Any {
        var any = Openapi_V2_Any()
        any.yaml = value.jsonString() + "\n"
        return any
    }

    static func strings(_ value: JSONValue) -> [String] {
        (value.arrayValue ?? []).compactMap(\.stringValue)
    }

    static func number(_ value: JSONValue) -> Double {
        switch value {
        case .int(let integer): Double(integer)
        case .double(let double): double
        default: 0
        }
    }
}
