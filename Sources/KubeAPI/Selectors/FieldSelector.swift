import Foundation

/// A field selector as `--field-selector` and `fieldSelector=` take it: `metadata.name=web,status.phase!=Running`,
/// over the fields each kind supports (kubernetes `pkg/registry/*/strategy.go` `*ToSelectableFields`).
public struct FieldSelector: Sendable, Hashable {
    public struct Requirement: Sendable, Hashable {
        public var field: String
        public var value: String
        public var negated: Bool
    }

    public var requirements: [Requirement]

    public static let everything = FieldSelector(requirements: [])

    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// Parses a selector and checks its fields are selectable for `type`.
    /// - Throws: `StatusError.badRequest` for bad syntax or a field the kind does not support.
    public init(parsing text: String, for type: ResourceType) throws {
        var requirements: [Requirement] = []
        for part in text.split(separator: ",") {
            let term = String(part)
            let parsed: Requirement
            if let range = term.range(of: "!=") {
                parsed = Requirement(field: String(term[..<range.lowerBound]), value: String(term[range.upperBound...]), negated: true)
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                parsed = Requirement(field: String(term[..<range.lowerBound]), value: String(term[range.upperBound...]), negated: false)
            } else {
                throw StatusError.badRequest("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            let supported = Self.selectableFields(type)
            guard supported.contains(parsed.field) else {
                throw StatusError.badRequest(
                    "field label not supported: \(parsed.field)")
            }
            requirements.append(parsed)
        }
        self.requirements = requirements
    }

    public var isEverything: Bool { requirements.isEmpty }

    /// The selector as a string that parses back to it.
    public var text: String {
        requirements.map { "\($0.field)\($0.negated ? "!=" : "=")\($0.value)" }.joined(separator: ",")
    }

    public func matches(_ object: KubeObject) -> Bool {
        requirements.allSatisfy { requirement in
            let actual = Self.value(of: requirement.field, in: object)
            return (actual == requirement.value) != requirement.negated
        }
    }

    /// The value a selectable field has on an object; missing fields select as "".
    static func value(of field: String, in object: KubeObject) -> String {
        let path = field.split(separator: ".").map(String.init)
        switch object.json[path] {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        default: return ""
        }
    }

    /// The fields a kind can be selected by.
    public static func selectableFields(_ type: ResourceType) -> Set<String> {
        var fields: Set<String> = ["metadata.name"]
        if type.namespaced { fields.insert("metadata.namespace") }
        switch (type.group, type.kind) {
        case ("", "Pod"):
            fields.formUnion([
                "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                "status.phase", "status.podIP", "status.nominatedNodeName",
            ])
        case ("", "Event"):
            fields.formUnion([
                "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                "reportingComponent", "source", "type",
            ])
        case ("events.k8s.io", "Event"):
            // events.k8s.io/v1's field label conversions (`regarding.*` for `involvedObject.*`), on the object as it reads.
            fields.formUnion([
                "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
                "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type",
            ])
        case ("", "Secret"): fields.insert("type")
        case ("", "Node"): fields.insert("spec.unschedulable")
        case ("", "Namespace"): fields.insert("status.phase")
        case ("", "ReplicationController"): fields.insert("status.replicas")
        case ("apps", "ReplicaSet"): fields.insert("status.replicas")
        case ("batch", "Job"): fields.insert("status.successful")
        default: break
        }
        return fields
    }
}
