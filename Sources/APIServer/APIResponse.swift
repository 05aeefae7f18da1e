import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI

/// Building the server's answers: JSON bodies and kube-apiserver's `Status` objects.
enum APIResponse {
    /// A JSON body with a status code and, for each warning, a `Warning: 299 - "…"` header, which kubectl
    /// prints as `Warning: …`.
    static func json(
        _ value: JSONValue, status: Int = 200, contentType: String = ContentNegotiation.json, warnings: [String] = []
    ) -> Response {
        var body = value.jsonData()
        body.append(UInt8(ascii: "\n"))
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-cache, private"]
        for warning in warnings {
            let quoted = warning.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            headers.append(HTTPField(name: warningHeader, value: "299 - \"\(quoted)\""))
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A list (`PodList`, ...) of items already encoded as compact JSON, written as `json` would write the
    /// same list object: keys sorted, so `items` between `apiVersion` and `kind`.
    static func jsonList(kind: String, apiVersion: String, metadata: JSONValue, items: [[UInt8]]) -> Response {
        let (batches, continuation) = AsyncStream<[[UInt8]]>.makeStream()
        continuation.yield(items)
        continuation.finish()
        let length = items.reduce(max(items.count - 1, 0)) { $0 + $1.count }
        return jsonList(kind: kind, apiVersion: apiVersion, metadata: metadata, batches: batches, itemsLength: length)
    }

    /// A list whose items come in batches, written as they come, a chunk of about 64 KiB at a time (with chunked
    /// transfer encoding unless `itemsLength`, the items' bytes with their commas, is known), so the server holds
    /// one batch and one chunk, never the whole body. A batch that fails after the first chunk has been written
    /// ends the connection: the client sees a cut body, never a list that looks whole.
    static func jsonList<Batches: AsyncSequence & Sendable>(
        kind: String, apiVersion: String, metadata: JSONValue, batches: Batches, itemsLength: Int? = nil
    ) -> Response where Batches.Element == [[UInt8]] {
        var head: [UInt8] = Array(#"{"apiVersion":"#.utf8)
        JSONValue.string(apiVersion).appendJSON(to: &head)
        head.append(contentsOf: #","items":["#.utf8)
        var tail: [UInt8] = Array(#"],"kind":"#.utf8)
        JSONValue.string(kind).appendJSON(to: &tail)
        tail.append(contentsOf: #","metadata":"#.utf8)
        metadata.appendJSON(to: &tail)
        tail.append(contentsOf: "}\n".utf8)
        let body = ResponseBody(contentLength: itemsLength.map { head.count + $0 + tail.count }) { [head, tail] writer in
            let chunkSize = 1 << 16
            var chunk = ByteBuffer(bytes: head)
            var first = true
            for try await batch in batches {
                for item in batch {
                    if !first { chunk.writeInteger(UInt8(ascii: ",")) }
                    first = false
                    chunk.writeBytes(item)
                    if chunk.readableBytes >= chunkSize {
                        try await writer.write(chunk)
                        chunk = ByteBuffer()
                        chunk.reserveCapacity(chunkSize + 4096)
                    }
                }
            }
            chunk.writeBytes(tail)
            try await writer.write(chunk)
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: ContentNegotiation.json, .cacheControl: "no-cache, private"], body: body)
    }

    private static let warningHeader = HTTPField.Name("Warning")!

    /// A failure as the `Status` kube-apiserver answers, with its code.
    static func status(_ error: StatusError) -> Response {
        var response = json(error.status, status: error.code)
        if let seconds = error.retryAfterSeconds, seconds > 0 {
            response.headers[HTTPField.Name("Retry-After")!] = String(seconds)
        }
        return response
    }

    /// A `Status` of success (what a delete of most kinds answers): the object's name, group, resource and uid.
    static func success(_ object: KubeObject, type: ResourceType) -> Response {
        var details: JSONValue = ["name": .string(object.name), "kind": .string(type.plural)]
        if !type.group.isEmpty { details["group"] = .string(type.group) }
        if let uid = object.uid { details["uid"] = .string(uid) }
        return json([
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success", "details": details,
        ])
    }

    /// The 401 of a request without a valid client certificate.
    static let unauthorized = StatusError(code: 401, reason: "Unauthorized", message: "Unauthorized")
}
