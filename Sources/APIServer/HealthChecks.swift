import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI
import Synchronization

/// kube-apiserver's `/healthz`, `/livez` and `/readyz` (apiserver `pkg/server/healthz`): each runs its named
/// checks: `ping`, `log`, `etcd` (a read through the registry's store, local or a real etcd cluster) and, for
/// readiness, `etcd-readiness` and `shutdown` (failing once the server stops taking requests). `?verbose`
/// lists them, `?exclude=<name>` leaves one out, `/<endpoint>/<check>` runs one; a failure answers 500 with the
/// list and the reason withheld, as kube-apiserver does.
final class HealthChecks: Sendable {
    private let registry: Registry
    private let stopping = Atomic<Bool>(false)

    init(registry: Registry) {
        self.registry = registry
    }

    /// From now on `/readyz` fails its `shutdown` check.
    func markShuttingDown() { stopping.store(true, ordering: .relaxed) }

    /// The checks of an endpoint, in the order kube-apiserver lists them.
    private func checks(_ endpoint: String) -> [String] {
        endpoint == "readyz" ? ["ping", "log", "etcd", "etcd-readiness", "shutdown"] : ["ping", "log", "etcd"]
    }

    private func passes(_ check: String) async -> Bool {
        switch check {
        case "etcd", "etcd-readiness":
            do {
                _ = try await registry.object(BuiltinResources.namespaces, namespace: nil, name: "default")
                return true
            } catch {
                return false
            }
        case "shutdown": return !stopping.load(ordering: .relaxed)
        default: return true
        }
    }

    /// Answers `GET /<endpoint>[/<check>]`.
    func respond(endpoint: String, check: String?, query: QueryParameters) async -> Response {
        let names = checks(endpoint)
        if let check {
            guard names.contains(check) else { return Self.text("404 page not found\n", status: .notFound) }
            return await passes(check) ? Self.text("ok") : Self.text("internal server error: \(check) failed\n", status: .internalServerError)
        }
        let excluded = Set(query.all("exclude"))
        var lines: [String] = []
        var failed = false
        for name in names where !excluded.contains(name) {
            if await passes(name) {
                lines.append("[+]\(name) ok")
            } else {
                lines.append("[-]\(name) failed: reason withheld")
                failed = true
            }
        }
        for name in excluded.sorted() where names.contains(name) { lines.append("[+]\(name) excluded: ok") }
        if failed {
            return Self.text(lines.joined(separator: "\n") + "\n\(endpoint) check failed\n", status: .internalServerError)
        }
        guard query["verbose"] != nil else { return Self.text("ok") }
        return Self.text(lines.joined(separator: "\n") + "\n\(endpoint) check passed\n")
    }

    private static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
