/// One problem with one field of an object, as apimachinery's `field.Error` reports it.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem, with the reason string a Status cause carries.
    public enum Kind: String, Sendable {
        case required = "FieldValueRequired"
        case invalid = "FieldValueInvalid"
        case notSupported = "FieldValueNotSupported"
        case duplicate = "FieldValueDuplicate"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case notFound = "FieldValueNotFound"
        /// A field the schema does not know (strict decoding).
        case unknownField = "FieldValueUnknownField"
        /// A field another manager owns (server-side apply).
        case fieldManagerConflict = "FieldManagerConflict"
    }

    public var kind: Kind
    /// The field's path, e.g. `spec.containers[0].image`, `metadata.labels`.
    public var field: String
    /// The offending value, rendered as Go's `%#v` renders it in messages; nil when not shown.
    public var value: String?
    /// The detail after the value, e.g. "must be no more than 63 characters".
    public var detail: String

    public init(_ kind: Kind, _ field: String, value: String? = nil, _ detail: String = "") {
        self.kind = kind
        self.field = field
        self.value = value
        self.detail = detail
    }

    /// A cause as a `Status` carries it (`reason`, `field`, `message`), kept word for word.
    public init(cause: JSONValue) {
        kind = cause["reason"]?.stringValue.flatMap(Kind.init(rawValue:)) ?? .invalid
        field = cause["field"]?.stringValue ?? ""
        value = nil
        detail = ""
        receivedBody = cause["message"]?.stringValue
    }

    /// The message of a cause received from a server, which ``body`` repeats.
    private var receivedBody: String?

    /// The message part after the field, as apimachinery's `ErrorBody` writes it.
    public var body: String {
        if let receivedBody { return receivedBody }
        switch kind {
        case .required: return "Required value" + (detail.isEmpty ? "" : ": \(detail)")
        case .forbidden: return "Forbidden: \(detail)"
        case .tooLong: return "Too long: \(detail)"
        case .tooMany: return "Too many: \(detail)"
        case .unknownField: return "unknown field \(value ?? "")"
        case .fieldManagerConflict: return detail
        default:
            let name =
                switch kind {
                case .invalid: "Invalid value"
                case .notSupported: "Unsupported value"
                case .duplicate: "Duplicate value"
                case .notFound: "Not found"
                default: ""
                }
            var text = name
            if let value { text += ": \(value)" }
            if !detail.isEmpty { text += ": \(detail)" }
            return text
        }
    }

    /// `field: body`, as messages and Status causes print it.
    public var description: String { "\(field): \(body)" }
}

extension FieldError {
    /// A string value rendered as Go's `%q` does in field errors and messages: `"Web_Bad"`.
    public static func quoted(_ value: String) -> String { GoFormat.quote(value) }
}
