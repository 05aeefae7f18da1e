/// apimachinery's `field.Required`, `field.Invalid`, ... constructors.
extension FieldError {
    static func required(_ path: FieldPath, _ detail: String = "") -> FieldError {
        FieldError(.required, path.description, detail)
    }

    /// An invalid value; `value` is already rendered (see `GoSyntax`).
    static func invalid(_ path: FieldPath, _ value: String, _ detail: String) -> FieldError {
        FieldError(.invalid, path.description, value: value, detail)
    }

    static func invalid(_ path: FieldPath, string value: String, _ detail: String) -> FieldError {
        invalid(path, GoSyntax.string(value), detail)
    }

    static func invalid(_ path: FieldPath, int value: Int64, _ detail: String) -> FieldError {
        invalid(path, String(value), detail)
    }

    static func notSupported(_ path: FieldPath, _ value: String, _ supported: [String]) -> FieldError {
        let detail = supported.isEmpty ? "" : "supported values: " + supported.map(GoSyntax.string).joined(separator: ", ")
        return FieldError(.notSupported, path.description, value: value, detail)
    }

    static func notSupported(_ path: FieldPath, string value: String, _ supported: [String]) -> FieldError {
        notSupported(path, GoSyntax.string(value), supported)
    }

    static func duplicate(_ path: FieldPath, _ value: String) -> FieldError {
        FieldError(.duplicate, path.description, value: value)
    }

    static func notFound(_ path: FieldPath, _ value: String) -> FieldError {
        FieldError(.notFound, path.description, value: value)
    }

    static func forbidden(_ path: FieldPath, _ detail: String) -> FieldError {
        FieldError(.forbidden, path.description, detail)
    }

    static func tooLong(_ path: FieldPath, max: Int) -> FieldError {
        FieldError(.tooLong, path.description, "may not be more than \(max) bytes")
    }

    /// `ValidateImmutableField`: the new value, rendered, with "field is immutable".
    static func immutable(_ path: FieldPath, _ value: String) -> FieldError {
        invalid(path, value, "field is immutable")
    }
}

/// Messages shared by many rules.
enum RuleMessage {
    static let negative = "must be greater than or equal to 0"
    static let immutable = "field is immutable"

    /// `ValidateNonnegativeField`.
    static func nonNegative(_ value: Int64?, _ path: FieldPath) -> [FieldError] {
        guard let value, value < 0 else { return [] }
        return [.invalid(path, int: value, negative)]
    }
}
