import KubeAPI

/// Who a request comes from, as kube-apiserver's authenticators say (`user.Info`): the name, uid, groups and
/// extra attributes that authorization, `SelfSubjectReview` and CSR requesters read.
public struct UserInfo: Sendable, Hashable {
    public var name: String
    public var uid: String
    public var groups: [String]
    public var extra: [String: [String]]

    public init(name: String, uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) {
        self.name = name
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }

    public static let anonymousName = "system:anonymous"
    public static let allAuthenticated = "system:authenticated"
    public static let allUnauthenticated = "system:unauthenticated"
    public static let masters = "system:masters"
    public static let nodesGroup = "system:nodes"
    public static let serviceAccountsGroup = "system:serviceaccounts"

    /// `system:anonymous` in `system:unauthenticated`.
    public static let anonymous = UserInfo(name: anonymousName, groups: [allUnauthenticated])

    /// The user with `system:authenticated` added, as kube-apiserver's authenticator chain does for everyone but
    /// the anonymous user.
    public func authenticated() -> UserInfo {
        guard !groups.contains(Self.allAuthenticated), name != Self.anonymousName else { return self }
        var user = self
        user.groups.append(Self.allAuthenticated)
        return user
    }

    /// A service account's user name (`system:serviceaccount:<namespace>:<name>`).
    public static func serviceAccountName(namespace: String, name: String) -> String {
        "system:serviceaccount:\(namespace):\(name)"
    }

    /// A service account's user and groups.
    public static func serviceAccount(namespace: String, name: String, uid: String, extra: [String: [String]] = [:]) -> UserInfo {
        UserInfo(
            name: serviceAccountName(namespace: namespace, name: name), uid: uid,
            groups: [serviceAccountsGroup, "\(serviceAccountsGroup):\(namespace)"], extra: extra)
    }

    /// The namespace and name of a service account user, nil for other users.
    public var serviceAccount: (namespace: String, name: String)? {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount", !parts[2].isEmpty, !parts[3].isEmpty
        else { return nil }
        return (String(parts[2]), String(parts[3]))
    }

    /// The node a node's user names (`system:node:<name>` in `system:nodes`), nil for other users.
    public var nodeName: String? {
        guard groups.contains(Self.nodesGroup), name.hasPrefix("system:node:") else { return nil }
        let node = String(name.dropFirst("system:node:".count))
        return node.isEmpty ? nil : node
    }

    /// The `status.userInfo` of a SelfSubjectReview and TokenReview, and the `spec` fields of a SubjectAccessReview.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["username": .string(name)]
        if !uid.isEmpty { object["uid"] = .string(uid) }
        if !groups.isEmpty { object["groups"] = .array(groups.map { .string($0) }) }
        if !extra.isEmpty {
            object["extra"] = .object(extra.mapValues { .array($0.map { .string($0) }) })
        }
        return .object(object)
    }
}
