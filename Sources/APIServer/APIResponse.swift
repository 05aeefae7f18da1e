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
        var body: [UInt8] = []
        body.reserveCapacity(items.reduce(128) { $0 + $1.count + 1 })
        body.append(contentsOf: #"{"apiVersion":"#.utf8)
        JSONValue.string(apiVersion).appendJSON(to: &body)
        body.append(contentsOf: #","items":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: item)
        }
        body.append(contentsOf: #"],"kind":"#.utf8)
        JSONValue.string(kind).appendJSON(to: &body)
        body.append(contentsOf: #","metadata":"#.utf8)
        metadata.appendJSON(to: &body)
        body.append(contentsOf: "}\n".utf8)
        return Response(
            status: .ok, headers: [.contentType: ContentNegotiation.json, .cacheControl: "no-cache, private"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
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
