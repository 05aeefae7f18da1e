/// The query parameters of a list or watch, checked as kube-apiserver checks them before it reads: apimachinery's
/// `ValidateListOptions` (a 422 `Invalid` for the `ListOptions.meta.k8s.io` kind, all problems at once), then the
/// storage layer's own 400s for a continued list.
public struct ListOptions: Sendable, Hashable {
    public var resourceVersion: String
    public var resourceVersionMatch: String
    public var continueToken: String
    /// `sendInitialEvents`, when the request carries it at all.
    public var sendInitialEvents: String?

    public init(resourceVersion: String = "", resourceVersionMatch: String = "", continueToken: String = "", sendInitialEvents: String? = nil) {
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.continueToken = continueToken
        self.sendInitialEvents = sendInitialEvents
    }

    private static let exact = "Exact"
    private static let notOlderThan = "NotOlderThan"

    /// The state a list reads, or the error kube-apiserver answers for these options.
    public func listVersion() throws(StatusError) -> ListVersion {
        var errors: [FieldError] = []
        let match = resourceVersionMatch
        if !match.isEmpty {
            if resourceVersion.isEmpty {
                errors.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"))
            }
            if !continueToken.isEmpty {
                errors.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"))
            }
            if match != Self.exact && match != Self.notOlderThan {
                errors.append(.notSupported("resourceVersionMatch", string: match, [Self.exact, Self.notOlderThan, ""]))
            }
            if match == Self.exact && resourceVersion == "0" {
                errors.append(.forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""))
            }
        }
        if sendInitialEvents != nil {
            errors.append(.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"))
        }
        try Self.check(errors)
        if !continueToken.isEmpty {
            // The token carries the revision of the first page; only "0" ("any") may come with it.
            guard resourceVersion.isEmpty || resourceVersion == "0" else {
                throw .badRequest("specifying resource version is not allowed when using continue")
            }
            return .latest
        }
        if resourceVersion.isEmpty { return .latest }
        guard let revision = Int64(resourceVersion), revision >= 0 else {
            throw .badRequest("invalid resource version: \(resourceVersion)")
        }
        switch match {
        case Self.exact: return .exact(revision)
        case Self.notOlderThan: return .notOlderThan(revision)
        default: return revision == 0 ? .latest : .notOlderThan(revision)
        }
    }

    /// Checks the options of a watch: `resourceVersionMatch` belongs to a watch only with `sendInitialEvents`.
    public func validateWatch() throws(StatusError) {
        var errors: [FieldError] = []
        let match = resourceVersionMatch
        if sendInitialEvents != nil, match != Self.notOlderThan {
            errors.append(.forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"))
        }
        if !match.isEmpty {
            if sendInitialEvents == nil {
                errors.append(
                    .forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"))
            }
            if match != Self.notOlderThan {
                errors.append(.notSupported("resourceVersionMatch", string: match, [Self.notOlderThan]))
            }
            if !continueToken.isEmpty {
                errors.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"))
            }
        }
        try Self.check(errors)
    }

    private static func check(_ errors: [FieldError]) throws(StatusError) {
        guard errors.isEmpty else { throw StatusError.invalid(group: "meta.k8s.io", kind: "ListOptions", name: "", errors: errors) }
    }
}
