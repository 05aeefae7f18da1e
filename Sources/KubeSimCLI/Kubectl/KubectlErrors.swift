import KubeAPI

/// How kubectl words API errors (`cmdutil.CheckErr`, `StandardErrorMessage`, `AddSourceToErr`).
enum KubectlErrors {
    /// The message kubectl prints for an API error, with where it came from when it was about a manifest:
    /// `Error from server (NotFound): error when creating "pod.yaml" (document 1): namespaces "x" not found`,
    /// or for a 422 `The Pod "Web_Bad" is invalid: metadata.name: Invalid value: ...` (one line per cause when
    /// there are several).
    static func message(_ error: StatusError, verb: String? = nil, document: ManifestDocument? = nil) -> String {
        let source = document.map { "\($0.location): " } ?? ""
        if error.code == 422, let kind = error.kind, !error.causes.isEmpty {
            let prefix = "\(source)The \(kind) \(FieldError.quoted(error.name ?? "")) is invalid: "
            if error.causes.count == 1 { return prefix + error.causes[0].description }
            return prefix + "\n" + error.causes.map { "* \($0.description)" }.joined(separator: "\n")
        }
        var message = error.message
        if let verb, let document { message = "error when \(verb) \(document.location): \(message)" }
        return "Error from server (\(error.reason.isEmpty ? "InternalError" : error.reason)): \(message)"
    }

    /// Any error as kubectl prints it.
    static func message(_ error: any Error, verb: String? = nil, document: ManifestDocument? = nil) -> String {
        if let sourced = error as? KubectlSourcedError { return message(sourced.status, verb: sourced.verb, document: document) }
        if let status = error as? StatusError { return message(status, verb: verb, document: document) }
        if let manifest = error as? ManifestError { return "error: \(manifest)" }
        let source = document.map { "\($0.location): " } ?? ""
        let text = (error as? CommandError)?.message ?? "\(error)"
        return "error: \(text.hasPrefix(source) ? text : source + text)"
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
