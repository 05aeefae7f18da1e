import Foundation

/// The Table form kubectl asks for in its `Accept` header, as kube-apiserver negotiates them
/// (`apiserver/pkg/endpoints/handlers/negotiation`).
struct ContentNegotiation: Sendable {
    /// One media range of the header, with its parameters (`application/json;as=Table;v=v1;g=meta.k8s.io`).
    private struct MediaRange {
        var type: String
        var parameters: [String: String]
    }

    private let ranges: [MediaRange]

    init(accept: String?) {
        ranges = (accept ?? "").split(separator: ",").map { range in
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            var parameters: [String: String] = [:]
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { parameters[pair[0]] = pair[1] }
            }
            return MediaRange(type: parts.first ?? "", parameters: parameters)
        }
    }

    /// The client takes a `meta.k8s.io` Table (`kubectl get` asks for one first).
    var wantsTable: Bool {
        ranges.contains { $0.parameters["as"] == "Table" && $0.parameters["g"] == "meta.k8s.io" }
    }

    /// The Content-Type of a Table response.
    static let table = "application/json;as=Table;v=v1;g=meta.k8s.io"
    static let json = "application/json"
}
