/// An API error as kube-apiserver answers it: an HTTP code and a `Status` object, with apimachinery's
/// messages (`pkg/api/errors/errors.go`).
public struct StatusError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    /// `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `BadRequest`, `Forbidden`, ...
    public var reason: String
    public var message: String
    /// `details`: name, group, kind and, for `Invalid`, the causes.
    public var name: String?
    public var group: String?
    public var kind: String?
    public var causes: [FieldError]
    /// Causes that name no field, such as an eviction's `DisruptionBudget`.
    public var otherCauses: [StatusCause] = []
    /// `details.retryAfterSeconds`, also sent as the `Retry-After` header.
    public var retryAfterSeconds: Int?

    public init(
        code: Int, reason: String, message: String, name: String? = nil, group: String? = nil, kind: String? = nil,
        causes: [FieldError] = []
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
    }

    /// A `StatusCause` whose type is not a field error's (`metav1.CauseType`, e.g. `DisruptionBudget`).
    public struct StatusCause: Sendable, Hashable {
        public var type: String
        public var message: String

        public init(type: String, message: String) {
            self.type = type
            self.message = message
        }
    }

    public var description: String { message }

    /// The error a `Status` object describes, as a client receives it.
    public init(status: JSONValue, code: Int) {
        let details = status["details"] ?? .emptyObject
        self.init(
            code: Int(status["code"]?.intValue ?? Int64(code)), reason: status["reason"]?.stringValue ?? "",
            message: status["message"]?.stringValue ?? "", name: details["name"]?.stringValue,
            group: details["group"]?.stringValue, kind: details["kind"]?.stringValue,
            causes: (details["causes"]?.arrayValue ?? []).map(FieldError.init(cause:)))
        retryAfterSeconds = details["retryAfterSeconds"]?.intValue.map(Int.init)
    }

    /// The `Status` object.
    public var status: JSONValue {
        var status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(Int64(code)),
        ]
        var details = JSONValue.emptyObject
        if let name, !name.isEmpty { details["name"] = .string(name) }
        if let group, !group.isEmpty { details["group"] = .string(group) }
        if let kind, !kind.isEmpty { details["kind"] = .string(kind) }
        let allCauses: [JSONValue] =
            causes.map { ["reason": .string($0.kind.rawValue), "message": .string($0.body), "field": .string($0.field)] }
            + otherCauses.map { cause in
                var json: JSONValue = ["message": .string(cause.message)]
                if !cause.type.isEmpty { json["reason"] = .string(cause.type) }
                return json
            }
        if !allCauses.isEmpty { details["causes"] = .array(allCauses) }
        if let retryAfterSeconds, retryAfterSeconds > 0 { details["retryAfterSeconds"] = .int(Int64(retryAfterSeconds)) }
        // apimachinery's constructors that set `Details` (even an empty one, marshalled `{}`) set a kind here;
        // clients read `details` of those reasons without checking it is there (kubectl debug on NotFound).
        if details != .emptyObject || kind != nil { status["details"] = details }
        return status
    }

    // MARK: - apimachinery's constructors

    public static func notFound(_ type: ResourceType, name: String) -> StatusError {
        StatusError(
            code: 404, reason: "NotFound", message: "\(type.groupResource) \(FieldError.quoted(name)) not found", name: name,
            group: type.group, kind: type.plural)
    }

    /// A path that serves nothing, such as a subresource the resource does not have: go-restful's 404 as
    /// kube-apiserver words it (apiserver `serviceErrorHandler`, apimachinery `NewGenericServerResponse`).
    public static let unknownPath = StatusError(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource", kind: "")

    /// A read at a revision the store has not reached: kube-apiserver's 504 after waiting for it.
    public static func tooLargeResourceVersion(_ requested: Int64, current: Int64) -> StatusError {
        StatusError(
            code: 504, reason: "Timeout", message: "Too large resource version: \(requested), current: \(current)")
    }

    public static func alreadyExists(_ type: ResourceType, name: String) -> StatusError {
        StatusError(
            code: 409, reason: "AlreadyExists", message: "\(type.groupResource) \(FieldError.quoted(name)) already exists",
            name: name, group: type.group, kind: type.plural)
    }

    /// A failed optimistic-concurrency check (a stale resourceVersion).
    public static func conflict(_ type: ResourceType, name: String, detail: String = modifiedDetail) -> StatusError {
        StatusError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(type.groupResource) \(FieldError.quoted(name)): \(detail)", name: name,
            group: type.group, kind: type.plural)
    }

    public static let modifiedDetail =
        "the object has been modified; please apply your changes to the latest version and try again"

    public static func invalid(_ type: ResourceType, name: String, errors: [FieldError]) -> StatusError {
        invalid(group: type.group, kind: type.kind, name: name, errors: errors)
    }

    /// `NewInvalid` for any group and kind, such as `ListOptions.meta.k8s.io` for a list's query parameters.
    public static func invalid(group: String, kind: String, name: String, errors: [FieldError]) -> StatusError {
        let aggregate = errors.count == 1 ? errors[0].description : "[\(errors.map(\.description).joined(separator: ", "))]"
        let groupKind = group.isEmpty ? kind : "\(kind).\(group)"
        return StatusError(
            code: 422, reason: "Invalid", message: "\(groupKind) \(FieldError.quoted(name)) is invalid: \(aggregate)",
            name: name, group: group, kind: kind, causes: errors)
    }

    public static func badRequest(_ message: String) -> StatusError {
        StatusError(code: 400, reason: "BadRequest", message: message)
    }

    public static func forbidden(_ type: ResourceType, name: String, detail: String) -> StatusError {
        StatusError(
            code: 403, reason: "Forbidden", message: "\(type.groupResource) \(FieldError.quoted(name)) is forbidden: \(detail)",
            name: name, group: type.group, kind: type.plural)
    }

    /// `NewTooManyRequests`: 429, the client to retry after `retryAfterSeconds` (none when 0).
    public static func tooManyRequests(_ message: String, retryAfterSeconds: Int, causes: [StatusCause] = []) -> StatusError {
        var error = StatusError(code: 429, reason: "TooManyRequests", message: message)
        error.retryAfterSeconds = retryAfterSeconds
        error.otherCauses = causes
        return error
    }

    public static func methodNotAllowed(_ message: String) -> StatusError {
        StatusError(code: 405, reason: "MethodNotAllowed", message: message, kind: "")
    }

    public static func internalError(_ message: String) -> StatusError {
        var error = StatusError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)", kind: "")
        error.otherCauses = [StatusCause(type: "", message: message)]
        return error
    }

    /// A continue token or resourceVersion too old for the history kept (410).
    public static func expired(_ message: String) -> StatusError {
        StatusError(code: 410, reason: "Expired", message: message)
    }
}
