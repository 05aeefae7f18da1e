import Foundation

/// What two runs of the same command on two clusters may print differently and still agree: times, ages and
/// durations, uids, the random suffixes of generated names, addresses the clusters hand out, container ids,
/// resource versions and the server's URL.
enum OutputNormaliser {
    private static let rules: [(pattern: String, template: String)] = [
        (#"https://127\.0\.0\.1:\d+"#, "<server>"),
        (#"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"#, "<time>"),
        (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"#, "<time>"),
        (#"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, "<uid>"),
        (#"[0-9a-f]{32}"#, "<id>"),
        (#"containerd://[0-9a-f]{64}"#, "containerd://<id>"),
        (#"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"#, "<ip>"),
        // kube's random name suffixes: five characters of "bcdfghjklmnpqrstvwxz2456789".
        (#"-[bcdfghjklmnpqrstvwxz2456789]{5}\b"#, "-<rand>"),
        (#"\b\d+(\.\d+)?(ms|s|m|h|d)(\d+(s|m|h))?\b"#, "<age>"),
        (#"(Resource Version:\s+)\d+"#, "$1<rv>"),
        (#"("?resourceVersion"?: )"\d+""#, "$1\"<rv>\""),
    ]

    /// The text with those replaced, and every run of spaces inside a line (column padding, which follows the
    /// widths of what was replaced) cut to one.
    static func normalise(_ text: String) -> String {
        var text = text
        for (pattern, template) in rules {
            let expression = try! NSRegularExpression(pattern: pattern)
            text = expression.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let indent = line.prefix { $0 == " " }
            let rest = line.dropFirst(indent.count).replacing(#/ {2,}/#, with: " ")
            return String(indent) + rest.replacing(#/ +$/#, with: "")
        }.joined(separator: "\n")
    }
}

extension OutputNormaliser {
    /// kubectl 1.32 describes a config map's and a secret's keys in Go's random map order (kubesim sorts them):
    /// the lines of the `Data` section sorted, so either order compares equal.
    static func sortingDataKeys(_ text: String) -> String {
        guard let start = text.range(of: "\nData\n====\n") else { return text }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\nBinaryData\n")?.lowerBound ?? rest.endIndex
        let lines = rest[..<end].split(separator: "\n", omittingEmptySubsequences: false).sorted()
        return String(text[..<start.upperBound]) + lines.joined(separator: "\n") + rest[end...]
    }
}
