import Foundation
import Hummingbird
import KubeAPI

extension Request {
    /// The body as a JSON object (JSON, YAML or Kubernetes protobuf), collected so the handler can still read it; nil for other
    /// media types or bodies that do not parse (the handler answers those).
    mutating func jsonBody() async throws -> JSONValue? {
        let data = try await RequestBodyReader.read(body)
        body = RequestBody(buffer: ByteBuffer(bytes: data))
        let contentType = headers[.contentType] ?? ContentNegotiation.json
        if contentType.hasPrefix(KubernetesProtobuf.contentType) { return try? KubernetesProtobuf.decodeObject(data) }
        if contentType.hasPrefix("application/yaml") {
            return try? JSONValue.parseYAMLDocuments(String(decoding: data, as: UTF8.self)).first
        }
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/merge-patch+json")
            || contentType.hasPrefix("application/strategic-merge-patch+json")
        else { return nil }
        return try? JSONValue.parse(json: data)
    }

    /// Replaces the body with a JSON document.
    mutating func replaceBody(json: JSONValue) {
        var head = head
        head.headerFields[.contentType] = ContentNegotiation.json
        head.headerFields[.contentLength] = nil
        self = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: json.jsonData())))
    }
}
