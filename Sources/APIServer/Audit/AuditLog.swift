import Foundation
import KubeAPI
import KubeAuth
import Synchronization

/// What the audit log needs of a request, filled in as it is authenticated and authorized.
struct AuditFacts: Sendable {
    /// Who the credentials named (nil: anonymous or not authenticated).
    var authenticated: UserInfo?
    /// Who the request acts as, when impersonating.
    var impersonated: UserInfo?
    var attributes: AuthorizationAttributes?
    var decision: AuthorizationDecision?
}

/// kube-apiserver's log backend (`--audit-log-path`, `-` for standard output): one `audit.k8s.io/v1` Event per
/// line for each stage a request reaches at the level its policy gives it: `RequestReceived`, then
/// `ResponseComplete` (`ResponseStarted` for watches, whose stream goes on); `Request` and `RequestResponse` add
/// the request body (the response body is not recorded yet).
public final class AuditLog: Sendable {
    public let policy: AuditPolicy
    private let handle: Mutex<FileHandle>

    /// Appends to `path`, created if missing (`-`: standard output).
    public init(policy: AuditPolicy, path: String) throws {
        self.policy = policy
        if path == "-" {
            handle = Mutex(FileHandle.standardOutput)
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw AuditPolicyError(message: "cannot create the audit log \(path)")
            }
        }
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        file.seekToEndOfFile()
        handle = Mutex(file)
    }

    /// One request's events.
    struct Entry {
        var id: String
        var level: AuditPolicy.Level
        var omitStages: Set<String>
        var received: Date
        var event: JSONValue
    }

    /// The entry for a request, and its `RequestReceived` event; nil when the policy says `None`.
    func begin(
        facts: AuditFacts, method: String, uri: String, sourceIP: String, userAgent: String?, requestObject: JSONValue?
    ) -> Entry? {
        guard let attributes = facts.attributes else { return nil }
        let (level, omit) = policy.evaluate(attributes)
        guard level != .none else { return nil }
        let now = Date()
        var event: JSONValue = [
            "kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": .string(level.rawValue),
            "auditID": .string(UUID().uuidString.lowercased()), "requestURI": .string(uri), "verb": .string(attributes.verb),
            "user": (facts.authenticated ?? attributes.user).json, "sourceIPs": [.string(sourceIP)],
            "requestReceivedTimestamp": .string(Self.timestamp(now)),
        ]
        if let impersonated = facts.impersonated { event["impersonatedUser"] = impersonated.json }
        if let userAgent { event["userAgent"] = .string(userAgent) }
        if attributes.isResourceRequest {
            var reference: JSONValue = ["resource": .string(attributes.resource), "apiVersion": .string(attributes.apiVersion)]
            if !attributes.namespace.isEmpty { reference["namespace"] = .string(attributes.namespace) }
            if !attributes.name.isEmpty { reference["name"] = .string(attributes.name) }
            if !attributes.apiGroup.isEmpty { reference["apiGroup"] = .string(attributes.apiGroup) }
            if !attributes.subresource.isEmpty { reference["subresource"] = .string(attributes.subresource) }
            event["objectRef"] = reference
        }
        if level >= .request, let requestObject { event["requestObject"] = requestObject }
        var entry = Entry(id: event["auditID"]?.stringValue ?? "", level: level, omitStages: omit, received: now, event: event)
        write(&entry, stage: "RequestReceived", at: now)
        return entry
    }

    /// The response's event: its status, the authorization decision and, at `RequestResponse`, its object when
    /// one is given.
    func finish(_ entry: Entry, facts: AuditFacts, code: Int, status: JSONValue?, responseObject: JSONValue?, watch: Bool) {
        var entry = entry
        var responseStatus: JSONValue = ["metadata": .emptyObject, "code": .int(Int64(code))]
        if code >= 400, let status {
            for key in ["status", "message", "reason"] { responseStatus[key] = status[key] }
        }
        entry.event["responseStatus"] = responseStatus
        if let decision = facts.decision {
            entry.event["annotations"] = [
                "authorization.k8s.io/decision": .string(decision.allowed ? "allow" : "forbid"),
                "authorization.k8s.io/reason": .string(decision.reason),
            ]
        }
        if entry.level == .requestResponse, let responseObject { entry.event["responseObject"] = responseObject }
        write(&entry, stage: watch && code < 400 ? "ResponseStarted" : "ResponseComplete", at: Date())
    }

    private func write(_ entry: inout Entry, stage: String, at date: Date) {
        guard !entry.omitStages.contains(stage) else { return }
        entry.event["stage"] = .string(stage)
        entry.event["stageTimestamp"] = .string(Self.timestamp(date))
        let line = entry.event.jsonData() + Data("\n".utf8)
        handle.withLock { $0.write(line) }
    }

    /// RFC 3339 with microseconds, as Go's `metav1.MicroTime`.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int((date.timeIntervalSince1970 - seconds) * 1_000_000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let base = formatter.string(from: Date(timeIntervalSince1970: seconds)).dropLast()
        return base + String(format: ".%06dZ", micros)
    }
}
