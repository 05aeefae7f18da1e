import Testing

@testable import KubeAPI

/// Custom resources against their structural schema, with the examples of Kubernetes' CRD documentation
/// ("Extend the Kubernetes API with CustomResourceDefinitions": validation, pruning, defaulting, validation rules).
@Suite("Custom resources: structural schema pruning, defaulting and validation")
struct StructuralSchemaTests {
    /// The documentation's CronTab schema, with its defaulting example's defaults.
    static let cronTab: JSONValue = [
        "type": "object",
        "properties": [
            "spec": [
                "type": "object",
                "properties": [
                    "cronSpec": ["type": "string", "pattern": "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$", "default": "5 0 * * *"],
                    "image": ["type": "string"],
                    "replicas": ["type": "integer", "minimum": 1, "maximum": 10, "default": 1],
                ],
            ],
        ],
    ]

    static func schema(_ openAPIV3Schema: JSONValue) throws -> StructuralSchema {
        try #require(StructuralSchema(definition: ["spec": ["versions": [["name": "v1", "schema": ["openAPIV3Schema": openAPIV3Schema]]]]], version: "v1"))
    }

    static func cron(_ spec: JSONValue) -> JSONValue {
        ["apiVersion": "stable.example.com/v1", "kind": "CronTab", "metadata": ["name": "my-new-cron-object"], "spec": spec]
    }

    @Test func theDocumentationsInvalidCronTabFailsOnPatternAndMaximum() throws {
        let errors = try Self.schema(Self.cronTab).validate(Self.cron(["cronSpec": "* * * *", "image": "my-awesome-cron-image", "replicas": 15]))
        #expect(errors.map(\.description) == [
            "spec.cronSpec: Invalid value: \"* * * *\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
            "spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10",
        ])
        #expect(try Self.schema(Self.cronTab).validate(Self.cron(["cronSpec": "* * * * */5", "image": "x", "replicas": 5])).isEmpty)
    }

    /// "Pruning": `someRandomField` is dropped, `apiVersion`, `kind` and `metadata` stay.
    @Test func unspecifiedFieldsArePrunedUnlessPreserved() throws {
        let object = Self.cron(["cronSpec": "* * * * */5", "image": "my-awesome-cron-image", "someRandomField": 42])
        let (pruned, unknown) = try Self.schema(Self.cronTab).pruned(object)
        #expect(unknown == ["spec.someRandomField"])
        #expect(pruned[["spec", "someRandomField"]] == nil)
        #expect(pruned["metadata"] == ["name": "my-new-cron-object"])
        var restrictingMetadata = Self.cronTab
        restrictingMetadata[["properties", "metadata"]] = ["type": "object", "properties": ["name": ["type": "string", "maxLength": 20]]]
        let labelled = Self.cron(["image": "x"]).objectValue.map { fields -> JSONValue in
            var object = fields
            object["metadata"] = ["name": "n", "labels": ["app": "cron"]]
            return .object(object)
        }!
        #expect(try Self.schema(restrictingMetadata).pruned(labelled).object[["metadata", "labels"]] == ["app": "cron"],
            "a schema's metadata properties never prune the object's metadata")
        var preserving = Self.cronTab
        preserving[["properties", "spec", "x-kubernetes-preserve-unknown-fields"]] = true
        #expect(try Self.schema(preserving).pruned(object).unknown.isEmpty)
    }

    /// "Defaulting": a missing field gets its default; a null that is not nullable is dropped, then defaulted.
    @Test func defaultsFillMissingFieldsAndNonNullableNulls() throws {
        let defaulted = try Self.schema(Self.cronTab).defaulted(Self.cron(["image": "my-awesome-cron-image", "replicas": .null]))
        #expect(defaulted["spec"] == ["cronSpec": "5 0 * * *", "image": "my-awesome-cron-image", "replicas": 1])
    }

    @Test func typesRequiredEnumsLengthsAndCountsAreChecked() throws {
        let schema = try Self.schema([
            "type": "object",
            "properties": [
                "spec": [
                    "type": "object", "required": ["size"],
                    "properties": [
                        "size": ["type": "string", "enum": ["small", "large"]],
                        "name": ["type": "string", "maxLength": 5, "minLength": 2],
                        "tags": ["type": "array", "maxItems": 2, "items": ["type": "string"]],
                        "count": ["type": "integer"],
                    ],
                ],
            ],
        ])
        let errors = schema.validate(Self.cron(["name": "toolongname", "tags": ["a", "b", "c"], "count": "three"]))
        #expect(errors.map(\.description) == [
            "spec.size: Required value",
            "spec.count: Invalid value: \"string\": spec.count in body must be of type integer: \"string\"",
            "spec.name: Too long: may not be more than 5 bytes",
            "spec.tags: Too many: 3: must have at most 2 items",
        ])
        #expect(schema.validate(Self.cron(["size": "medium"])).map(\.description)
            == ["spec.size: Unsupported value: \"medium\": supported values: \"small\", \"large\""])
    }

    /// "Validation rules": the documentation's `x-kubernetes-validations` examples.
    @Test func validationRulesAreEvaluated() throws {
        let schema = try Self.schema([
            "type": "object",
            "properties": [
                "spec": [
                    "type": "object",
                    "x-kubernetes-validations": [
                        ["rule": "self.minReplicas <= self.replicas", "message": "replicas should be greater than or equal to minReplicas."],
                        ["rule": "self.replicas <= self.maxReplicas"],
                    ],
                    "properties": ["minReplicas": ["type": "integer"], "replicas": ["type": "integer"], "maxReplicas": ["type": "integer"]],
                ],
            ],
        ])
        #expect(schema.validate(Self.cron(["minReplicas": 0, "replicas": 20, "maxReplicas": 10])).map(\.description)
            == ["spec: Invalid value: \"object\": failed rule: self.replicas <= self.maxReplicas"])
        #expect(schema.validate(Self.cron(["minReplicas": 5, "replicas": 3, "maxReplicas": 10])).map(\.description)
            == ["spec: Invalid value: \"object\": replicas should be greater than or equal to minReplicas."])
        #expect(schema.validate(Self.cron(["minReplicas": 1, "replicas": 3, "maxReplicas": 10])).isEmpty)
    }

    @Test func transitionRulesCompareWithTheStoredObjectOnlyOnUpdate() throws {
        let schema = try Self.schema([
            "type": "object",
            "properties": [
                "spec": [
                    "type": "object",
                    "properties": ["name": ["type": "string", "x-kubernetes-validations": [["rule": "self == oldSelf", "message": "Value is immutable"]]]],
                ],
            ],
        ])
        #expect(schema.validate(Self.cron(["name": "a"])).isEmpty)
        #expect(schema.validate(Self.cron(["name": "b"]), old: Self.cron(["name": "a"])).map(\.description)
            == ["spec.name: Invalid value: \"b\": Value is immutable"])
    }
}

@Suite("Custom resources: the CEL subset of validation rules")
struct CELRuleTests {
    static func holds(_ rule: String, _ value: JSONValue) throws -> Bool {
        var parser = try CELParser(rule)
        return try CELEvaluator(variables: ["self": value]).evaluate(try parser.parse()) == .bool(true)
    }

    @Test(arguments: [
        ("self.a + self.b == 5", true), ("self.a * 2 > self.b + 1", false), ("self.name.startsWith('we')", true),
        ("size(self.items) == 2 && self.items.all(i, i > 0)", true), ("self.items.exists(i, i == 2)", true),
        ("has(self.missing) || self.a == 2", true), ("!has(self.missing)", true), ("self.name in ['web', 'db']", true),
        ("self.a > 1 ? self.b == 3 : false", true), ("self.name.matches('^w[a-z]+$')", true), ("self.items[1] == 2", true),
        ("self.missing == 1 || true", true), ("'a' + 'b' == 'ab'", true), ("self.name.size() == 3", true),
    ])
    func expressionsEvaluateAsCELDoes(rule: String, expected: Bool) throws {
        #expect(try Self.holds(rule, ["a": 2, "b": 3, "name": "web", "items": [1, 2]]) == expected)
    }

    @Test func aMissingFieldIsNoSuchKeyAndUnknownFunctionsSaySo() {
        let rule = CELRule(["rule": "self.missing > 1"])
        #expect(rule.failure(self: ["a": 1], oldSelf: nil, path: "spec")?.description
            == "spec: Invalid value: \"object\": no such key: missing evaluating rule: self.missing > 1")
        let unknown = CELRule(["rule": "self.a.quantity() > 1"])
        #expect(unknown.failure(self: ["a": 1], oldSelf: nil, path: "spec")?.description.contains("KubeSim evaluates a subset of CEL") == true)
    }
}
