import KubeAPI

/// How kubectl words errors (`cmdutil.CheckErr`, `StandardErrorMessage`, `MultipleErrors`, `AddSourceToErr`).
enum KubectlErrors {
    /// What kubectl prints when this is the command's only error: a 422 as `The Pod "Web_Bad" is invalid: ...`
    /// (one `* ` line per cause when there are several), another API error as `Error from server (NotFound): ...`,
    /// anything else as `error: ...`.
    static func message(_ error: any Error) -> String {
        if let status = error as? StatusError, status.code == 422, let kind = status.kind, !status.causes.isEmpty {
            let prefix = "The \(kind) \(FieldError.quoted(status.name ?? "")) is invalid: "
            if status.causes.count == 1 { return prefix + status.causes[0].description }
            return prefix + "\n" + status.causes.map { "* \($0.description)" }.joined(separator: "\n")
        }
        let line = standardMessage(error)
        return line.hasPrefix("error: ") || error is StatusError ? line : "error: " + line
    }

    /// What kubectl prints for a command that failed more than once (an aggregate): one line per error, API
    /// errors as `Error from server (...)`, others bare.
    static func messages(_ errors: [any Error]) -> [String] {
        errors.count == 1 ? [message(errors[0])] : errors.map(standardMessage)
    }

    /// `messageForError`: an API error as `Error from server (Reason): message`, any other as its text.
    private static func standardMessage(_ error: any Error) -> String {
        if let status = error as? StatusError {
            return "Error from server (\(status.reason.isEmpty ? "InternalError" : status.reason)): \(status.message)"
        }
        if let manifest = error as? ManifestError { return manifest.description }
        return (error as? CommandError)?.message ?? "\(error)"
    }

    /// `AddSourceToErr`: the error of an operation on an object read from `source`, as
    /// `error when creating "web.yaml": ...` (an API error keeps its code, reason and details).
    static func sourced(_ error: any Error, verb: String, source: String) -> any Error {
        let prefix = "error when \(verb) \(FieldError.quoted(source)): "
        if var status = error as? StatusError {
            status.message = prefix + status.message
            return status
        }
        return CommandError(prefix + ((error as? CommandError)?.message ?? "\(error)"))
    }

    /// A `resource.Info` as kubectl prints it inside messages (`Info.String()`).
    static func info(_ type: ResourceType, name: String, namespace: String?) -> String {
        "Resource: \(FieldError.quoted("\(type.group)/\(type.version), Resource=\(type.plural)")), "
            + "GroupVersionKind: \(FieldError.quoted("\(type.group)/\(type.version), Kind=\(type.kind)"))\n"
            + "Name: \(FieldError.quoted(name)), Namespace: \(FieldError.quoted(namespace ?? ""))"
    }
}

/// A command's own failure, printed as `error: <message>`.
struct CommandError: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
