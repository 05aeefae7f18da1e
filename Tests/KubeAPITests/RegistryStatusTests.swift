import EtcdCore
import Foundation
import KubeAPI
import Testing

/// The Status objects the registry's errors become, as kube-apiserver sends them, and that a rejected request
/// writes nothing.
@Suite("Registry Status errors", .serialized)
struct RegistryStatusTests {
    enum Case: String, CaseIterable {
        case notFound, alreadyExists, conflict, invalid, badRequest, missingNamespace, forbiddenDelete, unsupportedPatch
    }

    /// Runs the case's failing request against the registry `prepare` set up.
    static func fail(_ which: Case, _ fixture: RegistryFixture) async throws {
        let pods = fixture.type("po")
        switch which {
        case .notFound:
            _ = try await fixture.registry.get(pods, namespace: "default", name: "nope")
        case .alreadyExists:
            try await fixture.create(RegistryFixture.pod("web"))
        case .conflict:
            var stale = try await fixture.registry.get(pods, namespace: "default", name: "web")
            stale.resourceVersion = "1"
            _ = try await fixture.registry.update(pods, namespace: "default", name: "web", object: stale.json)
        case .invalid:
            var deployment = RegistryFixture.deployment("bad")
            deployment[["spec", "selector"]] = ["matchLabels": ["app": "other"]]
            try await fixture.create(deployment)
        case .badRequest:
            _ = try await fixture.registry.patch(pods, namespace: "default", name: "web", patchType: .merge, body: Data("{not json".utf8))
        case .missingNamespace:
            try await fixture.create(RegistryFixture.pod("x", namespace: "nope"))
        case .forbiddenDelete:
            try await fixture.registry.delete(fixture.type("ns"), namespace: nil, name: "kube-system")
        case .unsupportedPatch:
            _ = try await fixture.registry.patch(
                fixture.type("widgets"), namespace: "default", name: "w", patchType: .strategicMerge, body: Data("{}".utf8))
        }
    }

    /// What a case needs besides pod and deployment "web": a custom resource to patch.
    static func prepare(_ which: Case, _ fixture: RegistryFixture) async throws {
        try await fixture.create(RegistryFixture.pod("web"))
        try await fixture.create(RegistryFixture.deployment("web"))
        guard which == .unsupportedPatch else { return }
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "widgets.example.com"],
            "spec": ["group": "example.com", "scope": "Namespaced",
                     "names": ["plural": "widgets", "singular": "widget", "kind": "Widget"],
                     "versions": [["name": "v1", "served": true, "storage": true,
                                   "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]]]],
        ]
        try await fixture.create(crd)
        try await fixture.create(["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"]])
    }

    static let expected: [Case: JSONValue] = [
        .notFound: [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": #"pods "nope" not found"#, "reason": "NotFound", "details": ["name": "nope", "kind": "pods"], "code": 404,
        ],
        .alreadyExists: [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": #"pods "web" already exists"#, "reason": "AlreadyExists", "details": ["name": "web", "kind": "pods"],
            "code": 409,
        ],
        .conflict: [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": #"Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again"#,
            "reason": "Conflict", "details": ["name": "web", "kind": "pods"], "code": 409,
        ],
        .invalid: [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": #"Deployment.apps "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"bad"}: `selector` does not match template `labels`"#,
            "reason": "Invalid",
            "details": [
                "name": "bad", "group": "apps", "kind": "Deployment",
                "causes": [[
                    "reason": "FieldValueInvalid", "field": "spec.template.metadata.labels",
                    "message": #"Invalid value: map[string]string{"app":"bad"}: `selector` does not match template `labels`"#,
                ]],
            ],
            "code": 422,
        ],
        .missingNamespace: [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": #"namespaces "nope" not found"#, "reason": "NotFound", "details": ["name": "nope", "kind": "namespaces"],
            "code": 404,
        ],
        .forbiddenDelete: [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": #"namespaces "kube-system" is forbidden: this namespace may not be deleted"#, "reason": "Forbidden",
            "details": ["name": "kube-system", "kind": "namespaces"], "code": 403,
        ],
        .unsupportedPatch: [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            "reason": "UnsupportedMediaType", "code": 415,
        ],
    ]

    @Test(arguments: Case.allCases)
    func errorsAreKubeApiserversStatusAndWriteNothing(which: Case) async throws {
        let fixture = try await RegistryFixture()
        try await Self.prepare(which, fixture)
        let revision = try await fixture.revision()
        let error = await #expect(throws: StatusError.self) { try await Self.fail(which, fixture) }
        if let expected = Self.expected[which] {
            #expect(error?.status == expected)
        } else {
            #expect(error?.code == 400 && error?.reason == "BadRequest")
        }
        #expect(try await fixture.revision() == revision, "a rejected request writes nothing")
        await fixture.finish()
    }
}
