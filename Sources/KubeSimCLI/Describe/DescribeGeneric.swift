import Foundation
import KubeAPI

/// kubectl's `genericDescriber`, for every kind without a describer of its own (custom resources among them):
/// name, namespace, labels, annotations, then every other field as a nested list of `Smart Label:  value`.
extension DescribeContext {
    func describeGeneric(_ object: KubeObject) async -> String {
        let events = await self.events(about: object)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(object.name)\n")
        w.write(0, "Namespace:\t\(object.namespace ?? "")\n")
        w.labels("Labels", object.labels)
        w.annotations("Annotations", object.annotations)
        let skipped: Set<String> = [
            ".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations",
        ]
        Self.unstructured(object.json.objectValue ?? [:], level: 0, path: "", skipping: skipped, into: &w)
        w.events(events, now: now)
        return w.finish()
    }

    /// `printUnstructuredContent`: fields sorted; objects and lists nested a level deeper.
    private static func unstructured(
        _ content: [String: JSONValue], level: Int, path: String, skipping: Set<String>, into w: inout DescribeWriter
    ) {
        for field in content.keys.sorted() {
            let fieldPath = "\(path).\(field)"
            guard !skipping.contains(fieldPath) else { continue }
            switch content[field]! {
            case .object(let fields):
                w.write(level, "\(smartLabel(field)):\n")
                unstructured(fields, level: level + 1, path: fieldPath, skipping: skipping, into: &w)
            case .array(let items):
                w.write(level, "\(smartLabel(field)):\n")
                for item in items {
                    if case .object(let fields) = item {
                        unstructured(fields, level: level + 1, path: fieldPath, skipping: skipping, into: &w)
                    } else {
                        w.write(level + 1, "\(item.goText)\n")
                    }
                }
            case let value:
                w.write(level, "\(smartLabel(field)):\t\(value.goText)\n")
            }
        }
    }

    /// `smartLabelFor`: `apiVersion` → `API Version`, `retainDays` → `Retain Days`; names with characters other
    /// than letters and `-` stay as they are.
    static func smartLabel(_ field: String) -> String {
        guard field.allSatisfy({ $0.isLetter || $0 == "-" }) else { return field }
        let acronyms: Set<String> = ["API", "URL", "UID", "OSB", "GUID"]
        return camelCaseSplit(field).filter { $0 != "_" }.map { part in
            if acronyms.contains(part.uppercased()) { return part.uppercased() }
            return part.prefix(1).uppercased() + part.dropFirst()
        }.joined(separator: " ")
    }

    /// `camelcase.Split` (fatih/camelcase): runs of lower case, upper case, digits and other characters, the last
    /// capital of an upper-case run starting the next word (`HTMLParser` → `HTML`, `Parser`).
    static func camelCaseSplit(_ text: String) -> [String] {
        func kind(_ character: Character) -> Int {
            if character.isLowercase { return 1 }
            if character.isUppercase { return 2 }
            if character.isNumber { return 3 }
            return 4
        }
        var runs: [[Character]] = []
        var lastKind = 0
        for character in text {
            let current = kind(character)
            if current == lastKind, !runs.isEmpty {
                runs[runs.count - 1].append(character)
            } else {
                runs.append([character])
            }
            lastKind = current
        }
        var index = 0
        while index < runs.count - 1 {
            if !runs[index].isEmpty, kind(runs[index][0]) == 2, kind(runs[index + 1][0]) == 1 {
                runs[index + 1].insert(runs[index].removeLast(), at: 0)
            }
            index += 1
        }
        return runs.filter { !$0.isEmpty }.map { String($0) }
    }
}
