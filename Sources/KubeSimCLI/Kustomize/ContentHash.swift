import Crypto
import KubeAPI

/// kustomize's name suffix for a generated ConfigMap or Secret: the SHA-256 of a JSON encoding of the object's
/// kind, type and data (not its name or labels), its first ten hex digits with `0 1 3 a e` spelled `g h k m t` so
/// the suffix never reads as a word or a number.
enum ContentHash {
    static func suffix(of object: JSONValue) -> String {
        let kind = object["kind"]?.stringValue ?? ""
        var encoded: JSONValue = ["kind": .string(kind), "name": ""]
        encoded["data"] = object["data"] ?? .emptyObject
        if kind == "ConfigMap" {
            if let binary = object["binaryData"], binary.objectValue?.isEmpty == false { encoded["binaryData"] = binary }
        } else {
            encoded["type"] = object["type"] ?? ""
        }
        let digest = SHA256.hash(data: Array(encoded.jsonString().utf8))
        let hex = digest.map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
        return String(hex.prefix(10).map { character -> Character in
            switch character {
            case "0": "g"
            case "1": "h"
            case "3": "k"
            case "a": "m"
            case "e": "t"
            default: character
            }
        })
    }
}
