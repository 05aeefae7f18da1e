import Testing

@testable import KubeAPI

/// Objects and messages the validation and defaulting tests share.
enum Fixtures {
    static func type(_ kind: String) -> ResourceType {
        BuiltinResources.all.first { $0.kind == kind }!
    }

    static let widgets = ResourceType(group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true)

    static let container: JSONValue = ["name": "web", "image": "nginx:1.27"]

    static func pod(name: String = "web", spec: JSONValue = ["containers": [container]]) -> JSONValue {
        ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "default"], "spec": spec]
    }

    static func template(labels: JSONValue = ["app": "web"], spec: JSONValue = ["containers": [container]]) -> JSONValue {
        ["metadata": ["labels": labels], "spec": spec]
    }

    /// A workload of `kind` selecting `app: web`, with `spec` fields merged over the defaults given here.
    static func workload(_ kind: String, name: String = "web", spec extra: [String: JSONValue] = [:]) -> JSONValue {
        var spec: [String: JSONValue] = ["selector": ["matchLabels": ["app": "web"]], "template": template()]
        if kind == "StatefulSet" { spec["serviceName"] = "web" }
        spec.merge(extra) { _, new in new }
        let group = kind == "ReplicationController" ? "v1" : "apps/v1"
        return ["apiVersion": .string(group), "kind": .string(kind), "metadata": ["name": .string(name), "namespace": "default"], "spec": .object(spec)]
    }

    static func job(spec extra: [String: JSONValue] = [:]) -> JSONValue {
        var spec: [String: JSONValue] = ["template": template(spec: ["containers": [container], "restartPolicy": "Never"])]
        spec.merge(extra) { _, new in new }
        return [
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": ["name": "pi", "namespace": "default", "uid": "6a1b0c4e-0000-4000-8000-000000000001"], "spec": .object(spec),
        ]
    }

    static func cronJob(name: String = "nightly", spec extra: [String: JSONValue] = [:]) -> JSONValue {
        var spec: [String: JSONValue] = [
            "schedule": "0 3 * * *",
            "jobTemplate": ["spec": ["template": template(spec: ["containers": [container], "restartPolicy": "OnFailure"])]],
        ]
        spec.merge(extra) { _, new in new }
        return ["apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": .string(name), "namespace": "default"], "spec": .object(spec)]
    }

    static func service(name: String = "web", spec extra: [String: JSONValue] = [:]) -> JSONValue {
        var spec: [String: JSONValue] = ["selector": ["app": "web"], "ports": [["port": 80]]]
        spec.merge(extra) { _, new in new }
        return ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": "default"], "spec": .object(spec)]
    }

    static func object(_ kind: String, _ apiVersion: String, name: String = "x", namespace: String? = "default", _ fields: [String: JSONValue] = [:])
        -> JSONValue
    {
        var metadata: [String: JSONValue] = ["name": .string(name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        var object: [String: JSONValue] = ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .object(metadata)]
        object.merge(fields) { _, new in new }
        return .object(object)
    }

    static func crd(name: String = "widgets.example.com", spec extra: [String: JSONValue] = [:]) -> JSONValue {
        var spec: [String: JSONValue] = [
            "group": "example.com", "scope": "Namespaced",
            "names": ["plural": "widgets", "kind": "Widget"],
            "versions": [["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": ["type": "object"]]]],
        ]
        spec.merge(extra) { _, new in new }
        return object("CustomResourceDefinition", "apiextensions.k8s.io/v1", name: name, namespace: nil, ["spec": .object(spec)])
    }

    /// `value` with the field at `path` replaced (removed when nil).
    static func with(_ value: JSONValue, _ path: [String], _ new: JSONValue?) -> JSONValue {
        var copy = value
        copy[path] = new
        return copy
    }

    /// The create errors kube-apiserver reports for `json`: defaulted first, as the registry does.
    static func createErrors(_ json: JSONValue, _ type: ResourceType) -> [String] {
        var object = KubeObject(json)
        Defaulting.apply(to: &object, type: type)
        if type.kind == "Job" { Defaulting.prepareJobForCreate(&object) }
        return Validation.validate(object, type: type).map(\.description)
    }

    /// The update errors for replacing `old` with `new`, both defaulted and given a resourceVersion.
    static func updateErrors(_ new: JSONValue, old: JSONValue, _ type: ResourceType) -> [String] {
        func prepared(_ json: JSONValue) -> KubeObject {
            var object = KubeObject(json)
            Defaulting.apply(to: &object, type: type)
            if type.kind == "Job" { Defaulting.prepareJobForCreate(&object) }
            if object.resourceVersion == nil { object.resourceVersion = "7" }
            return object
        }
        return Validation.validateUpdate(prepared(new), old: prepared(old), type: type).map(\.description)
    }
}

/// apimachinery's format messages, spelled out as kube-apiserver prints them.
enum Message {
    static let subdomain =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let label =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035 =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    static let qualifiedNamePart =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let labelValue =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    static let configKey =
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
    static let portRange = "must be between 1 and 65535, inclusive"
    static let selectorMismatch = "`selector` does not match template `labels`"
}

/// One table row: an object, its kind, and the exact messages kube-apiserver answers.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: String
    let object: JSONValue
    let expected: [String]

    init(_ name: String, _ kind: String, _ object: JSONValue, _ expected: [String]) {
        self.name = name
        self.kind = kind
        self.object = object
        self.expected = expected
    }

    var testDescription: String { name }

    var type: ResourceType { kind == "Widget" ? Fixtures.widgets : Fixtures.type(kind) }
}
