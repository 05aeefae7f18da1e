/// Why a kubectl JSONPath template could not be parsed or run, with kubectl's own wording.
public struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: Sendable, Equatable {
        case parsing
        case executing
    }

    public var stage: Stage
    /// The template as the user wrote it.
    public var template: String
    /// The engine's explanation, e.g. `unclosed action` or `array index out of bounds: index 5, length 2`.
    public var reason: String
    /// For execution errors, the object the template ran on (kubectl prints it with Go's `%#v`).
    public var object: JSONValue?

    public init(stage: Stage, template: String, reason: String, object: JSONValue? = nil) {
        self.stage = stage
        self.template = template
        self.reason = reason
        self.object = object
    }

    /// What kubectl prints after `error: `, e.g. `error parsing jsonpath {.x, unclosed action`.
    public var description: String {
        switch stage {
        case .parsing:
            return "error parsing jsonpath \(template), \(reason)"
        case .executing:
            return "error executing jsonpath \(GoFormat.quote(template)): Error executing template: \(reason). "
                + "Printing more information for debugging the template:\n"
                + "\ttemplate was:\n\t\t\(template)\n"
                + "\tobject given to jsonpath engine was:\n\t\t\(GoFormat.syntax(object ?? .null))\n\n\n"
        }
    }
}
