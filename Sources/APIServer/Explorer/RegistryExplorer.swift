import EtcdCore
import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI
import NIOCore

/// The registry explorer: a read-only web page under `/ui/` on the API server's port, with its JSON reads and
/// live feed under `/ui/api/`. Its assets are compiled in (``ExplorerAssets``); nothing is fetched elsewhere.
///
/// Access takes the token `kubesim serve` prints (`/ui/?token=…`, then a cookie the page's first load sets) or a
/// client certificate the cluster CA signed; anything else is answered 401. Every route is a GET and only reads.
final class RegistryExplorer: Sendable {
    static let cookie = "kubesim-ui-token"
    private let configuration: ExplorerConfiguration
    private let reader: RegistryReader
    private let feed: ExplorerFeed

    init(store: any KeyValueStore, configuration: ExplorerConfiguration) {
        self.configuration = configuration
        reader = RegistryReader(store: store)
        feed = ExplorerFeed(store: store)
    }

    /// Whether a path is the explorer's.
    static func handles(_ path: String) -> Bool { path == "/ui" || path.hasPrefix("/ui/") }

    /// Ends the open feeds (server shutdown).
    func closeAll() { feed.closeAll() }

    func respond(to request: Request, isAdministrator: Bool, departure: ClientDeparture) async -> Response {
        let query = QueryParameters(request.uri.query)
        let tokenInQuery = query["token"].map(matches) ?? false
        guard isAdministrator || tokenInQuery || cookieToken(request).map(matches) == true else {
            return text("Unauthorized: open the URL kubesim serve printed, with its ?token=…\n", status: .unauthorized)
        }
        guard request.method == .get || request.method == .head else {
            return text("the registry explorer only reads\n", status: .methodNotAllowed)
        }
        do {
            switch request.uri.path {
            case "/ui":
                return Response(status: .seeOther, headers: [.location: "/ui/" + (request.uri.query.map { "?" + $0 } ?? "")])
            case "/ui/", "/ui/index.html":
                var response = asset(ExplorerAssets.html, type: "text/html; charset=utf-8")
                if tokenInQuery {
                    response.headers[.setCookie] = "\(Self.cookie)=\(configuration.token); Path=/ui; HttpOnly; SameSite=Strict"
                }
                return response
            case "/ui/app.js": return asset(ExplorerAssets.script, type: "text/javascript; charset=utf-8")
            case "/ui/app.css": return asset(ExplorerAssets.style, type: "text/css; charset=utf-8")
            case "/ui/api/summary": return json(try await summary())
            case "/ui/api/children":
                let page = try await reader.children(
                    of: query["prefix"] ?? RegistryReader.root, at: revision(query["revision"]),
                    offset: Int(query["offset"] ?? "") ?? 0, limit: min(Int(query["limit"] ?? "") ?? 500, 5000))
                return json([
                    "revision": .int(page.revision), "compacted": .int(try await reader.revisions().compacted),
                    "total": .int(Int64(page.total)), "keys": .int(Int64(page.keys)),
                    "children": .array(page.children.map { child in
                        ["name": .string(child.name), "count": .int(Int64(child.count)), "key": child.key.map(JSONValue.string) ?? .null]
                    }),
                ])
            case "/ui/api/key": return json(try await key(query["key"] ?? "", at: revision(query["revision"])))
            case "/ui/api/history": return json(try await history(query["key"] ?? ""))
            case "/ui/api/keydiff":
                let key = query["key"] ?? ""
                let before = try await reader.value(of: key, at: revision(query["from"])).kv
                let after = try await reader.value(of: key, at: revision(query["to"])).kv
                let lines = after.map { RegistryValue.diff(from: before?.value, to: $0.value) } ?? (before == nil ? [] : ["(deleted)"])
                return json(["key": .string(key), "diff": .array(lines.map(JSONValue.string))])
            case "/ui/api/changes":
                let changes = try await RegistryChanges.between(
                    revision(query["from"]), and: revision(query["to"]), in: reader.store)
                return json(ExplorerJSON.changes(changes))
            case "/ui/api/feed":
                return try await feed.respond(after: query["after"].flatMap(Revision.init), departure: departure)
            default:
                return text("not found\n", status: .notFound)
            }
        } catch EtcdError.compacted {
            let compacted = (try? await reader.revisions().compacted) ?? 0
            return json(["error": .string("that revision is compacted: history before revision \(compacted) is gone")], status: .gone)
        } catch EtcdError.futureRevision {
            return json(["error": "that revision is in the future"], status: .badRequest)
        } catch let error as ExplorerError {
            return json(["error": .string(error.message)], status: .badRequest)
        } catch {
            return json(["error": .string("\(error)")], status: .internalServerError)
        }
    }

    struct ExplorerError: Error {
        var message: String
    }

    private func matches(_ token: String) -> Bool {
        // Compared in full whatever the first difference, so timing tells nothing.
        let (a, b) = (Array(token.utf8), Array(configuration.token.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func cookieToken(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2 && parts[0] == Self.cookie { return String(parts[1]) }
            }
        }
        return nil
    }

    private func revision(_ text: String?) throws -> Revision {
        guard let text, !text.isEmpty else { return 0 }
        guard let revision = Revision(text), revision >= 0 else { throw ExplorerError(message: "invalid revision \(text)") }
        return revision
    }

    /// The revisions and the lesson's context: the etcd static pod's key and flags, and the etcdctl command.
    private func summary() async throws -> JSONValue {
        let (head, compacted) = try await reader.revisions()
        let prefix = Data("/registry/pods/kube-system/etcd-".utf8)
        let pod = try await reader.store.range(RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), limit: 1)).kvs.first
        let command = pod.flatMap { RegistryValue.json($0.value) }?[["spec", "containers"]]?.arrayValue?.first?["command"]?.arrayValue
        return [
            "revision": .int(head), "compacted": .int(compacted), "etcdctl": .string(await configuration.etcdctlCommand()),
            "etcdPodKey": pod.map { .string(String(decoding: $0.key, as: UTF8.self)) } ?? .null,
            "etcdFlags": .array((command ?? []).filter { $0.stringValue?.hasPrefix("--") == true }),
        ]
    }

    private func key(_ key: String, at revision: Revision) async throws -> JSONValue {
        guard key.hasPrefix(RegistryReader.root) else { throw ExplorerError(message: "keys start with \(RegistryReader.root)") }
        let (read, kv) = try await reader.value(of: key, at: revision)
        guard let kv else { return ["key": .string(key), "revision": .int(read), "exists": false] }
        return ExplorerJSON.keyValue(kv, revision: read)
    }

    private func history(_ key: String) async throws -> JSONValue {
        let events = try await reader.history(of: key)
        var previous: Data?
        var entries: [JSONValue] = []
        for event in events {
            let deleted = event.type == .delete
            entries.append([
                "revision": .int(event.kv.modRevision), "version": .int(event.kv.version),
                "operation": .string(deleted ? "delete" : event.kv.version == 1 ? "create" : "update"),
                "diff": .array(deleted ? [] : RegistryValue.diff(from: previous, to: event.kv.value).map(JSONValue.string)),
                "yaml": deleted ? .null : .string(RegistryValue.text(event.kv.value)),
            ])
            previous = deleted ? nil : event.kv.value
        }
        let compacted = try await reader.revisions().compacted
        return ["key": .string(key), "compacted": .int(compacted), "history": .array(entries)]
    }

    private func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache, private"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func text(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        APIResponse.json(value, status: status.code, contentType: "application/json")
    }
}

/// What the registry explorer needs besides the store (``KubeAPIServer/Configuration/explorer``).
public struct ExplorerConfiguration: Sendable {
    /// The access token in the printed URL.
    public var token: String
    /// The etcdctl command (without its verb) that reaches the same keys, shown as the lesson's context; asked
    /// when the page loads, as the etcd endpoint may be bound after the API server is made.
    public var etcdctlCommand: @Sendable () async -> String

    public init(token: String, etcdctlCommand: @escaping @Sendable () async -> String) {
        self.token = token
        self.etcdctlCommand = etcdctlCommand
    }

    /// A new random token: 24 bytes, hex.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
