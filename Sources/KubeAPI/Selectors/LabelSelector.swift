import Foundation

/// A label selector as `-l` and `labelSelector=` take it (apimachinery `pkg/labels/selector.go`):
/// `app=web`, `app==web`, `app!=web`, `tier in (fe,be)`, `tier notin (db)`, `app`, `!app`, joined by commas.
public struct LabelSelector: Sendable, Hashable {
    public enum Requirement: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case `in`(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)

        func matches(_ labels: [String: String]) -> Bool {
            switch self {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .in(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            }
        }
    }

    public var requirements: [Requirement]

    /// Matches everything.
    public static let everything = LabelSelector(requirements: [])

    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// Parses a selector string.
    /// - Throws: `StatusError.badRequest` naming what could not be parsed.
    public init(parsing text: String) throws {
        var requirements: [Requirement] = []
        for part in Self.splitTopLevel(text) {
            let term = part.trimmingCharacters(in: .whitespaces)
            if term.isEmpty { continue }
            requirements.append(try Self.requirement(term))
        }
        self.requirements = requirements
    }

    /// Builds the selector a `metav1.LabelSelector` object (matchLabels, matchExpressions) describes.
    public init(object: JSONValue) throws {
        var requirements: [Requirement] = []
        for (key, value) in (object["matchLabels"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            requirements.append(.equals(key, value.stringValue ?? ""))
        }
        for expression in object["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = Set(expression["values"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            switch expression["operator"]?.stringValue {
            case "In": requirements.append(.in(key, values))
            case "NotIn": requirements.append(.notIn(key, values))
            case "Exists": requirements.append(.exists(key))
            case "DoesNotExist": requirements.append(.doesNotExist(key))
            case let other: throw StatusError.badRequest("\(other ?? "") is not a valid label selector operator")
            }
        }
        self.requirements = requirements
    }

    public var isEverything: Bool { requirements.isEmpty }

    /// The selector as a string that parses back to it (`labels.Selector.String()`), sets sorted.
    public var text: String {
        requirements.map { requirement -> String in
            switch requirement {
            case .equals(let key, let value): "\(key)=\(value)"
            case .notEquals(let key, let value): "\(key)!=\(value)"
            case .in(let key, let values): "\(key) in (\(values.sorted().joined(separator: ",")))"
            case .notIn(let key, let values): "\(key) notin (\(values.sorted().joined(separator: ",")))"
            case .exists(let key): key
            case .doesNotExist(let key): "!\(key)"
            }
        }.joined(separator: ",")
    }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// Splits on commas outside parentheses.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    private static func requirement(_ term: String) throws -> Requirement {
        func invalid(_ why: String) -> StatusError {
            StatusError.badRequest("unable to parse requirement: \(why)")
        }
        if term.hasPrefix("!") {
            let key = String(term.dropFirst()).trimmingCharacters(in: .whitespaces)
            try checkKey(key, invalid)
            return .doesNotExist(key)
        }
        for (symbol, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let range = term.range(of: symbol) {
                let key = term[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let value = term[range.upperBound...].trimmingCharacters(in: .whitespaces)
                try checkKey(key, invalid)
                try checkValue(value, invalid)
                return make(key, value)
            }
        }
        let words = term.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2 {
            let key = words[0]
            var rest = words[1].trimmingCharacters(in: .whitespaces)
            let negated: Bool
            if rest.hasPrefix("notin") {
                negated = true
                rest.removeFirst(5)
            } else if rest.hasPrefix("in") {
                negated = false
                rest.removeFirst(2)
            } else {
                throw invalid("found '\(rest)', expected: in, notin, =, ==, !=, gt, lt")
            }
            rest = rest.trimmingCharacters(in: .whitespaces)
            guard rest.hasPrefix("("), rest.hasSuffix(")") else { throw invalid("found '\(rest)', expected: '('") }
            let values = rest.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            try checkKey(key, invalid)
            for value in values { try checkValue(value, invalid) }
            return negated ? .notIn(key, Set(values)) : .in(key, Set(values))
        }
        try checkKey(term, invalid)
        return .exists(term)
    }

    private static func checkKey(_ key: String, _ invalid: (String) -> StatusError) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")
        guard !key.isEmpty, key.allSatisfy(allowed.contains) else {
            throw invalid("\(key): invalid label key")
        }
    }

    private static func checkValue(_ value: String, _ invalid: (String) -> StatusError) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard value.count <= 63, value.allSatisfy(allowed.contains) else {
            throw invalid("\(value): invalid label value")
        }
    }
}
