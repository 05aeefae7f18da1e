import Foundation
import HTTPTypes
import Hummingbird

/// OpenAPI documents as kube-openapi's handlers serve them: an `ETag`, `304 Not Modified` for a matching
/// `If-None-Match`, and for v3 a `301` from a stale `?hash=` to the current one, `public, immutable` caching when
/// the URL carries the current hash.
enum OpenAPIResponse {
    /// The media type of gnostic's OpenAPI v2 protobuf as kube-openapi answers it; clients ask for it so, or (as
    /// client-go does) with the older `spec.v2@v1.0+protobuf`, which Go's MIME parser cannot read back.
    static let v2Protobuf = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"

    /// Whether an Accept header asks for the v2 protobuf under either name.
    static func acceptsV2Protobuf(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.contains("com.github.proto-openapi.spec.v2@v1.0+protobuf") || accept.contains("com.github.proto-openapi.spec.v2.v1.0+protobuf")
    }

    static func document(_ body: Data, etag: String, contentType: String, cacheControl: String = "no-cache, private", request: Request) -> Response {
        let quoted = "\"\(etag)\""
        var headers: HTTPFields = [.eTag: quoted, .cacheControl: cacheControl, .vary: "Accept"]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == quoted }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func v3Document(_ body: Data, hash: String, path: String, request: Request) -> Response {
        let requested = request.uri.queryParameters.get("hash")
        if let requested, requested != hash {
            return Response(status: .movedPermanently, headers: [.location: "/openapi/v3/\(path)?hash=\(hash)"])
        }
        return document(
            body, etag: hash, contentType: "application/json",
            cacheControl: requested == nil ? "no-cache, private" : "public, immutable", request: request)
    }
}
