import AsyncHTTPClient
import Foundation
import KubeAPI
import NIOCore
import NIOHTTP1
import NIOSSL

/// What kubectl says when nothing listens at the server's address (printed as it is, without `error: `).
struct ConnectionRefused: Error {
    var server: String
    var message: String {
        let authority = URL(string: server).map { "\($0.host ?? ""):\($0.port.map(String.init) ?? ($0.scheme == "http" ? "80" : "443"))" } ?? server
        return "The connection to the server \(authority) was refused - did you specify the right host or port?"
    }
}

/// A running `kubesim serve` (or any kube-apiserver) over HTTP(S): the `KubeClient` verbs as REST requests,
/// authenticated with the kubeconfig's client certificate.
///
/// Its catalog is the built-in one plus the custom resources the server's definitions declare, read on
/// connect and extended as the client creates definitions.
final class RemoteCluster: KubeClient {
    let catalog: ResourceCatalog
    let client: HTTPClient
    let server: String
    let impersonation: (user: String, groups: [String])?

    /// The largest response body read whole (a watch is read as a stream).
    private static let responseLimit = 256 * 1024 * 1024
    private static let requestTimeout: TimeAmount = .seconds(60)

    private init(client: HTTPClient, server: String, impersonation: (user: String, groups: [String])?) {
        self.client = client
        self.impersonation = impersonation
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        catalog = ResourceCatalog()
    }

    /// Connects with a kubeconfig's credentials and reads the server's custom resource definitions.
    static func connect(_ config: Kubeconfig) async throws -> RemoteCluster {
        let tls = try tlsConfiguration(config)
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
        let cluster = RemoteCluster(
            client: client, server: config.server, impersonation: config.impersonateUser.map { ($0, config.impersonateGroups) })
        do {
            let definitions = try await cluster.list(
                BuiltinResources.customResourceDefinitions, namespace: nil, labelSelector: .everything,
                fieldSelector: .everything, limit: 0, continueToken: nil)
            for definition in definitions.items { cluster.catalog.register(definition: definition.json) }
        } catch let error as StatusError where error.code == 403 {
            // A user who may not list the definitions (`--as` someone) works with the built-in types.
        } catch {
            try? await client.shutdown()
            throw error
        }
        return cluster
    }

    /// The TLS a kubeconfig asks for: its CA as the only trusted root, its client certificate and key.
    static func tlsConfiguration(_ config: Kubeconfig) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = config.certificateAuthority {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(ca.utf8)))
        }
        if let certificate = config.clientCertificate, let key = config.clientKey {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificate.utf8)).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
        }
        if config.insecureSkipTLSVerify { tls.certificateVerification = .none }
        return tls
    }

    func close() async {
        try? await client.shutdown()
    }

    // MARK: - KubeClient

    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        KubeObject(try await send(.GET, path(type, namespace: namespace, name: name)).body)
    }

    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?
    ) async throws -> ObjectList {
        try await list(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit,
            continueToken: continueToken, version: .latest)
    }

    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?, version: ListVersion
    ) async throws -> ObjectList {
        var query: [(String, String)] = []
        switch version {
        case .latest: break
        case .notOlderThan(let revision): query += [("resourceVersion", String(revision)), ("resourceVersionMatch", "NotOlderThan")]
        case .exact(let revision): query += [("resourceVersion", String(revision)), ("resourceVersionMatch", "Exact")]
        }
        if !labelSelector.isEverything { query.append(("labelSelector", labelSelector.text)) }
        if !fieldSelector.isEverything { query.append(("fieldSelector", fieldSelector.text)) }
        if limit > 0 { query.append(("limit", String(limit))) }
        if let continueToken { query.append(("continue", continueToken)) }
        let list = try await send(.GET, path(type, namespace: namespace), query: query).body
        let items = (list["items"]?.arrayValue ?? []).map { item -> KubeObject in
            var object = KubeObject(item)
            // kube-apiserver leaves kind and apiVersion out of list items.
            if object.json["kind"] == nil { object.json["kind"] = .string(type.kind) }
            if object.json["apiVersion"] == nil { object.json["apiVersion"] = .string(type.apiVersion) }
            return object
        }
        let token = list[["metadata", "continue"]]?.stringValue ?? ""
        return ObjectList(
            items: items, resourceVersion: list[["metadata", "resourceVersion"]]?.stringValue ?? "",
            continueToken: token.isEmpty ? nil : token,
            remainingItemCount: list[["metadata", "remainingItemCount"]]?.intValue)
    }

    func create(_ type: ResourceType, namespace: String?, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        let created = KubeObject(
            try await send(.POST, path(type, namespace: namespace), query: writeQuery(options), body: object.jsonData()).body)
        learnDefinition(created, type: type)
        return created
    }

    func patch(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> (object: KubeObject, created: Bool) {
        var query = writeQuery(options)
        if patchType == .apply { query.append(("force", options.force ? "true" : "false")) }
        let response = try await send(
            .PATCH, path(type, namespace: namespace, name: name), query: query, body: body,
            contentType: patchType.rawValue)
        let object = KubeObject(response.body)
        learnDefinition(object, type: type)
        return (object, response.status == 201)
    }

    func delete(_ type: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject {
        var body: JSONValue = [
            "kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": .string(options.propagationPolicy.rawValue),
        ]
        if options.dryRun { body["dryRun"] = ["All"] }
        if let grace = options.gracePeriodSeconds { body["gracePeriodSeconds"] = .int(grace) }
        var preconditions = JSONValue.emptyObject
        if let uid = options.uid { preconditions["uid"] = .string(uid) }
        if let version = options.resourceVersion { preconditions["resourceVersion"] = .string(version) }
        if preconditions != .emptyObject { body["preconditions"] = preconditions }
        let answer = try await send(.DELETE, path(type, namespace: namespace, name: name), body: body.jsonData()).body
        if type == BuiltinResources.customResourceDefinitions { catalog.unregister(definition: answer) }
        guard answer["kind"]?.stringValue == "Status" else { return KubeObject(answer) }
        // Most kinds answer a delete with a Status naming what went.
        return KubeObject([
            "kind": .string(type.kind), "apiVersion": .string(type.apiVersion),
            "metadata": ["name": .string(name), "uid": answer[["details", "uid"]] ?? .null],
        ])
    }

    func watch(
        _ type: ResourceType, namespace: String?, resourceVersion: String?, labelSelector: LabelSelector,
        fieldSelector: FieldSelector
    ) async throws -> AsyncThrowingStream<ObjectEvent, any Error> {
        var query: [(String, String)] = [("watch", "true")]
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        if !labelSelector.isEverything { query.append(("labelSelector", labelSelector.text)) }
        if !fieldSelector.isEverything { query.append(("fieldSelector", fieldSelector.text)) }
        var request = HTTPClientRequest(url: url(path(type, namespace: namespace), query: query))
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await client.execute(request, deadline: .distantFuture)
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: Self.responseLimit)
            throw Self.error(status: Int(response.status.code), body: Data(body.readableBytesView))
        }
        let (events, continuation) = AsyncThrowingStream<ObjectEvent, any Error>.makeStream()
        let reader = Task {
            do {
                var pending = Data()
                for try await buffer in response.body {
                    pending.append(contentsOf: buffer.readableBytesView)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = pending[pending.startIndex..<newline]
                        pending = Data(pending[pending.index(after: newline)...])
                        guard !line.isEmpty else { continue }
                        let event = try JSONValue.parse(json: Data(line), maxDepth: NestingLimit.stored)
                        let kind = event["type"]?.stringValue ?? ""
                        if kind == "ERROR" {
                            throw StatusError(status: event["object"] ?? .emptyObject, code: 500)
                        }
                        guard let eventType = ObjectEvent.EventType(rawValue: kind), eventType != .bookmark else { continue }
                        continuation.yield(ObjectEvent(type: eventType, object: KubeObject(event["object"] ?? .emptyObject)))
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in reader.cancel() }
        return events
    }

    func update(_ type: ResourceType, namespace: String?, name: String, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        let updated = KubeObject(
            try await send(.PUT, path(type, namespace: namespace, name: name), query: writeQuery(options), body: object.jsonData()).body)
        learnDefinition(updated, type: type)
        return updated
    }

    func evict(namespace: String, name: String) async throws {
        let eviction: JSONValue = [
            "apiVersion": "policy/v1", "kind": "Eviction", "metadata": ["name": .string(name), "namespace": .string(namespace)],
        ]
        _ = try await send(
            .POST, path(BuiltinResources.pods, namespace: namespace, name: name) + "/eviction", body: eviction.jsonData())
    }

    func serverDocument(_ path: String) async throws -> JSONValue {
        try await send(.GET, path).body
    }

    /// `POST .../serviceaccounts/<name>/token`: the TokenRequest answered, its `status.token` signed by the server.
    func requestToken(_ request: JSONValue, namespace: String, serviceAccount: String) async throws -> JSONValue {
        try await send(
            .POST, path(BuiltinResources.serviceAccounts, namespace: namespace, name: serviceAccount) + "/token",
            body: request.jsonData()
        ).body
    }

    func updateApproval(_ name: String, object: JSONValue) async throws -> KubeObject {
        let type = BuiltinResources.certificateSigningRequests
        return KubeObject(try await send(.PUT, path(type, namespace: nil, name: name) + "/approval", body: object.jsonData()).body)
    }

    // MARK: - Requests

    /// `/api/v1[/namespaces/<ns>]/<plural>[/<name>]` or `/apis/<group>/<version>/...`.
    func path(_ type: ResourceType, namespace: String?, name: String? = nil) -> String {
        var path = type.group.isEmpty ? "/api/\(type.version)" : "/apis/\(type.group)/\(type.version)"
        if type.namespaced, let namespace { path += "/namespaces/\(Self.escape(namespace))" }
        path += "/\(type.plural)"
        if let name { path += "/\(Self.escape(name))" }
        return path
    }

    func url(_ path: String, query: [(String, String)]) -> String {
        guard !query.isEmpty else { return server + path }
        return server + path + "?" + query.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    private func writeQuery(_ options: WriteOptions) -> [(String, String)] {
        var query = [("fieldManager", options.fieldManager)]
        if options.dryRun { query.append(("dryRun", "All")) }
        if options.fieldValidation != .ignore { query.append(("fieldValidation", options.fieldValidation.rawValue)) }
        return query
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Sends a request and returns the JSON answer; a failure status becomes the `StatusError` it carries.
    private func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        contentType: String = "application/json"
    ) async throws -> (status: Int, body: JSONValue) {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "kubesim")
        if let impersonation {
            request.headers.add(name: "Impersonate-User", value: impersonation.user)
            for group in impersonation.groups { request.headers.add(name: "Impersonate-Group", value: group) }
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: Self.requestTimeout)
        } catch where "\(error)".contains("Connection refused") {
            throw ConnectionRefused(server: server)
        }
        let data = Data(try await response.body.collect(upTo: Self.responseLimit).readableBytesView)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else { throw Self.error(status: status, body: data) }
        do {
            return (status, try JSONValue.parse(json: data, maxDepth: NestingLimit.stored))
        } catch {
            throw CommandError("the server answered \(method) \(path) with a body that is not JSON: \(error)")
        }
    }

    static func error(status: Int, body: Data) -> StatusError {
        if let json = try? JSONValue.parse(json: body), json["kind"]?.stringValue == "Status" {
            return StatusError(status: json, code: status)
        }
        return StatusError(
            code: status, reason: status == 401 ? "Unauthorized" : "",
            message: "the server responded with status \(status): \(String(decoding: body.prefix(200), as: UTF8.self))")
    }

    /// Serves the custom resources a definition the client created or changed declares.
    private func learnDefinition(_ object: KubeObject, type: ResourceType) {
        if type == BuiltinResources.customResourceDefinitions { catalog.register(definition: object.json) }
    }
}
