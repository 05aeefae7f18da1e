import EtcdCore
import Foundation

/// The `continue` token of a paged list: the revision the first page was read at and the key to start from,
/// base64 JSON as kube-apiserver's (`storage/etcd3` `continueToken`: `{"v":"meta.k8s.io/v1","rv":N,"start":"..."}`).
struct ContinueToken {
    var revision: Revision
    /// The next key to read, absolute.
    var startKey: Data
    /// The list's key prefix: tokens hold keys relative to it.
    var prefix: Data

    init(revision: Revision, startKey: Data, prefix: Data) {
        self.revision = revision
        self.startKey = startKey
        self.prefix = prefix
    }

    /// Decodes a token for a list over `prefix`.
    /// - Throws: `StatusError.badRequest` for a token that is not one of ours.
    init(decoding token: String, prefix: Data) throws {
        let invalid = StatusError.badRequest("continue key is not valid: \(token)")
        guard let data = Data(base64Encoded: token), let json = try? JSONValue.parse(json: data),
            json["v"]?.stringValue == "meta.k8s.io/v1", let revision = json["rv"]?.intValue, revision > 0,
            let start = json["start"]?.stringValue, !start.hasPrefix("/"), !start.contains("..")
        else { throw invalid }
        self.init(revision: revision, startKey: prefix + Data(start.utf8), prefix: prefix)
    }

    var encoded: String {
        let relative = String(decoding: startKey.dropFirst(prefix.count), as: UTF8.self)
        let json: JSONValue = ["v": "meta.k8s.io/v1", "rv": .int(revision), "start": .string(relative)]
        return json.jsonData().base64EncodedString()
    }
}
