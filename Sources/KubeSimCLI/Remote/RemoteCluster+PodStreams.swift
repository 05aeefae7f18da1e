import APIServer
import AsyncHTTPClient
import Foundation
import KubeAPI
import NIOCore
import NIOHTTP1

extension RemoteCluster {
    /// `GET .../pods/<name>/log` with kubectl's query for `options`, each chunk of the body handed to `write` as
    /// it comes (a follow lasts until the server ends it).
    /// - Throws: the `StatusError` of a failure status.
    func streamLog(namespace: String, pod: String, options: PodLogOptions, write: ([UInt8]) async throws -> Void) async throws {
        var query: [(String, String)] = []
        if let container = options.container { query.append(("container", container)) }
        if options.follow { query.append(("follow", "true")) }
        if let limitBytes = options.limitBytes { query.append(("limitBytes", String(limitBytes))) }
        if options.previous { query.append(("previous", "true")) }
        if let sinceSeconds = options.sinceSeconds { query.append(("sinceSeconds", String(sinceSeconds))) }
        if let sinceTime = options.sinceTime { query.append(("sinceTime", RFC3339Timestamp.string(from: sinceTime))) }
        if let tailLines = options.tailLines { query.append(("tailLines", String(tailLines))) }
        if options.timestamps { query.append(("timestamps", "true")) }
        let path = "/api/v1/namespaces/\(Self.escape(namespace))/pods/\(Self.escape(pod))/log"
        var request = HTTPClientRequest(url: url(path, query: query))
        request.headers.add(name: "Accept", value: "*/*")
        request.headers.add(name: "User-Agent", value: "kubesim")
        if let impersonation {
            request.headers.add(name: "Impersonate-User", value: impersonation.user)
            for group in impersonation.groups { request.headers.add(name: "Impersonate-Group", value: group) }
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .distantFuture)
        } catch where "\(error)".contains("Connection refused") {
            throw ConnectionRefused(server: server)
        }
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 1 << 20)
            throw Self.error(status: Int(response.status.code), body: Data(body.readableBytesView))
        }
        for try await buffer in response.body { try await write(Array(buffer.readableBytesView)) }
    }
}
