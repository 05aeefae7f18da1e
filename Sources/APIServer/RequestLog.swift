import ComponentLogs
import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI

/// kube-apiserver's request log (`apiserver/pkg/server/httplog`, what it writes at `-v=3`): one klog line per
/// request once its response is written (a watch's or a follow's when it ends), with the verb as the
/// metrics name it (LIST and WATCH for collection reads, APPLY for server-side apply), the request URI, the
/// latency as a Go duration, the user agent, the audit ID, the client's address and the status code:
///
///     I1207 08:57:01.123456       1 httplog.go:134] "HTTP" verb="LIST" URI="/api/v1/namespaces/default/pods?limit=500" latency="2.1ms" userAgent="kubectl/v1.32.3 (linux/amd64) kubernetes/32cc146" audit-ID="5d0f…" srcIP="127.0.0.1:51234" resp=200
struct RequestLog: Sendable {
    let log: KlogWriter

    /// Where httplog's `Log` is called from.
    static let source = "httplog.go:134"

    /// The header that carries the request's audit ID, as kube-apiserver sets it on every response.
    static let auditIDHeader = HTTPField.Name("Audit-Id")!

    /// `response` with its audit ID, logged once its body has been written.
    func logging(
        _ response: Response, request: Request, path: APIPath?, client: String, started: ContinuousClock.Instant
    ) -> Response {
        var response = response
        let auditID = UUID().uuidString.lowercased()
        response.headers[Self.auditIDHeader] = auditID
        let fields: [LogField] = [
            ("verb", .string(Self.verb(request, path: path))), ("URI", .string(request.uri.description)),
        ]
        let tail: [LogField] = [
            ("userAgent", .string(request.headers[.userAgent] ?? "")), ("audit-ID", .string(auditID)),
            ("srcIP", .string(client)), ("resp", .int(Int64(response.status.code))),
        ]
        let log = self.log
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer {
                let latency = GoDuration.string(ContinuousClock.now - started)
                log.write(at: Date(), source: Self.source, "HTTP", fields + [("latency", .string(latency))] + tail)
            }
            try await body.write(writer)
        }
        return response
    }

    /// The verb as httplog reports it: `CanonicalVerb` (a GET of a collection is LIST) then `CleanVerb` (a
    /// GET with `watch` is WATCH, a PATCH with an apply patch is APPLY).
    static func verb(_ request: Request, path: APIPath?) -> String {
        let method = request.method.rawValue.uppercased()
        switch method {
        case "GET", "HEAD":
            let query = QueryParameters(request.uri.query)
            if query["watch"].map({ $0 != "0" && $0.lowercased() != "false" }) ?? false { return "WATCH" }
            if case .resource(let resource) = path, resource.name == nil { return "LIST" }
            return method
        case "PATCH" where request.headers[.contentType] == "application/apply-patch+yaml":
            return "APPLY"
        default:
            return method
        }
    }
}
