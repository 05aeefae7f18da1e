import Testing

@testable import KubeAPI

/// kube-apiserver 1.32's messages for the storage.k8s.io, node.k8s.io, IngressClass, PodTemplate and
/// admissionregistration.k8s.io kinds (their `pkg/apis/<group>/validation`).
@Suite struct ValidationStorageAndClassesTests {
    static func storageClass(_ fields: [String: JSONValue] = [:]) -> JSONValue {
        var all: [String: JSONValue] = ["provisioner": "rancher.io/local-path"]
        all.merge(fields) { _, new in new }
        return Fixtures.object("StorageClass", "storage.k8s.io/v1", name: "standard", namespace: nil, all)
    }

    static func webhooks(_ kind: String, _ webhook: JSONValue) -> JSONValue {
        Fixtures.object(kind, "admissionregistration.k8s.io/v1", name: "hooks", namespace: nil, ["webhooks": [webhook]])
    }

    static let cases: [ValidationCase] = [
        ValidationCase("storage class without a provisioner", "StorageClass", storageClass(["provisioner": ""]), ["provisioner: Required value"]),
        ValidationCase(
            "storage class with an unknown reclaim policy", "StorageClass", storageClass(["reclaimPolicy": "Recycle"]),
            ["reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\""]),
        ValidationCase(
            "storage class with an unknown binding mode", "StorageClass", storageClass(["volumeBindingMode": "Later"]),
            ["volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\""]),
        ValidationCase("defaulted storage class", "StorageClass", storageClass(), []),
        ValidationCase(
            "csi driver with an unknown fsGroupPolicy", "CSIDriver",
            Fixtures.object("CSIDriver", "storage.k8s.io/v1", name: "csi.example.com", namespace: nil, ["spec": ["fsGroupPolicy": "Sometimes"]]),
            ["spec.fsGroupPolicy: Unsupported value: \"Sometimes\": supported values: \"File\", \"None\", \"ReadWriteOnceWithFSType\""]),
        ValidationCase(
            "volume attachment without a source", "VolumeAttachment",
            Fixtures.object("VolumeAttachment", "storage.k8s.io/v1", name: "va", namespace: nil, ["spec": ["attacher": "csi.example.com", "nodeName": "node-1"]]),
            ["spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName"]),
        ValidationCase(
            "storage capacity below zero", "CSIStorageCapacity",
            Fixtures.object("CSIStorageCapacity", "storage.k8s.io/v1", name: "cap", ["storageClassName": "standard", "capacity": "-1Gi"]),
            ["capacity: Invalid value: \"-1Gi\": must be greater than or equal to 0"]),
        ValidationCase(
            "ingress class controller without a domain", "IngressClass",
            Fixtures.object("IngressClass", "networking.k8s.io/v1", name: "nginx", namespace: nil, ["spec": ["controller": "nginx"]]),
            ["spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")"]),
        ValidationCase(
            "ingress class namespaced parameters without a namespace", "IngressClass",
            Fixtures.object("IngressClass", "networking.k8s.io/v1", name: "nginx", namespace: nil, [
                "spec": ["controller": "k8s.io/ingress-nginx", "parameters": ["kind": "Params", "name": "p", "scope": "Namespace"]],
            ]),
            ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"]),
        ValidationCase(
            "pod template without containers", "PodTemplate",
            Fixtures.object("PodTemplate", "v1", name: "tpl", ["template": ["spec": ["containers": []]]]),
            ["template.spec.containers: Required value"]),
        ValidationCase(
            "webhook without side effects, versions or a client", "ValidatingWebhookConfiguration",
            webhooks("ValidatingWebhookConfiguration", ["name": "hook"]),
            [
                "webhooks[0].name: Invalid value: \"hook\": should be a domain with at least three segments separated by dots",
                "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun",
                "webhooks[0].clientConfig: Required value: exactly one of url or service is required",
                "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1",
            ]),
        ValidationCase(
            "mutating webhook calling plain http", "MutatingWebhookConfiguration",
            webhooks("MutatingWebhookConfiguration", [
                "name": "hook.example.com", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                "clientConfig": ["url": "http://hooks.example.com/mutate"],
            ]),
            ["webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]"]),
        ValidationCase(
            "policy without constraints or validations", "ValidatingAdmissionPolicy",
            Fixtures.object("ValidatingAdmissionPolicy", "admissionregistration.k8s.io/v1", name: "p", namespace: nil, ["spec": .emptyObject]),
            [
                "spec.matchConstraints: Required value",
                "spec.validations: Required value: validations or auditAnnotations must contain at least one item",
            ]),
        ValidationCase(
            "binding without a policy or actions", "ValidatingAdmissionPolicyBinding",
            Fixtures.object("ValidatingAdmissionPolicyBinding", "admissionregistration.k8s.io/v1", name: "b", namespace: nil, ["spec": .emptyObject]),
            ["spec.policyName: Required value", "spec.validationActions: Required value: at least one validation action is required"]),
    ]

    @Test(arguments: cases)
    func groupRule(_ row: ValidationCase) {
        #expect(Fixtures.createErrors(row.object, Fixtures.type(row.kind)) == row.expected)
    }

    @Test func storageClassKeepsItsProvisionerParametersAndBindingMode() {
        let old = Self.storageClass(["parameters": ["path": "/a"]])
        let new = Self.storageClass([
            "provisioner": "example.com/other", "parameters": ["path": "/b"], "volumeBindingMode": "WaitForFirstConsumer",
        ])
        #expect(Fixtures.updateErrors(new, old: old, Fixtures.type("StorageClass")) == [
            "parameters: Forbidden: updates to parameters are forbidden.",
            "provisioner: Forbidden: updates to provisioner are forbidden.",
            "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable",
        ])
    }

    @Test func storageClassAndDriverDefaultsAreThe132Ones() {
        var storageClass = KubeObject(Self.storageClass())
        Defaulting.apply(to: &storageClass, type: Fixtures.type("StorageClass"))
        #expect(storageClass.json["reclaimPolicy"] == "Delete")
        #expect(storageClass.json["volumeBindingMode"] == "Immediate")
        var driver = KubeObject(Fixtures.object("CSIDriver", "storage.k8s.io/v1", name: "csi.example.com", namespace: nil))
        Defaulting.apply(to: &driver, type: Fixtures.type("CSIDriver"))
        #expect(driver.json["spec"] == [
            "attachRequired": true, "podInfoOnMount": false, "storageCapacity": false, "fsGroupPolicy": "ReadWriteOnceWithFSType",
            "volumeLifecycleModes": ["Persistent"], "requiresRepublish": false, "seLinuxMount": false,
        ])
    }

    @Test func runtimeClassHandlerAndDriverAttachmentAreFixed() {
        let runtimeClass = { (handler: String) in
            Fixtures.object("RuntimeClass", "node.k8s.io/v1", name: "gvisor", namespace: nil, ["handler": .string(handler)])
        }
        #expect(Fixtures.updateErrors(runtimeClass("crun"), old: runtimeClass("runsc"), Fixtures.type("RuntimeClass")) == [
            "handler: Invalid value: \"crun\": field is immutable"
        ])
        let driver = { (attach: Bool) in
            Fixtures.object("CSIDriver", "storage.k8s.io/v1", name: "csi.example.com", namespace: nil, ["spec": ["attachRequired": .bool(attach)]])
        }
        #expect(Fixtures.updateErrors(driver(false), old: driver(true), Fixtures.type("CSIDriver")) == [
            "spec.attachedRequired: Invalid value: false: field is immutable"
        ])
    }

    @Test func webhooksGetThe132Defaults() {
        var configuration = KubeObject(Self.webhooks("MutatingWebhookConfiguration", [
            "name": "hook.example.com", "rules": [["operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"]]],
            "clientConfig": ["service": ["namespace": "default", "name": "hooks"]],
        ]))
        Defaulting.apply(to: &configuration, type: Fixtures.type("MutatingWebhookConfiguration"))
        let webhook = configuration.json["webhooks"]?.arrayValue?.first
        #expect(webhook?["failurePolicy"] == "Fail")
        #expect(webhook?["matchPolicy"] == "Equivalent")
        #expect(webhook?["timeoutSeconds"] == 10)
        #expect(webhook?["reinvocationPolicy"] == "Never")
        #expect(webhook?["namespaceSelector"] == .emptyObject)
        #expect(webhook?[["rules"]]?.arrayValue?.first?["scope"] == "*")
        #expect(webhook?[["clientConfig", "service", "port"]] == 443)
    }

    @Test(arguments: [
        "StorageClass", "CSIDriver", "VolumeAttachment", "CSIStorageCapacity", "RuntimeClass", "IngressClass", "PodTemplate",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
    ])
    func strictDecodingKnowsTheKindsFields(kind: String) {
        let type = Fixtures.type(kind)
        let object: JSONValue = ["apiVersion": .string(type.apiVersion), "kind": .string(kind), "metadata": ["name": "x"], "bogus": 1]
        #expect(StrictFields.unknownFields(in: object, type: type) == ["bogus"])
    }

    @Test func strictDecodingKnowsTheAdmissionFieldsKeptUnderGoNamesOrInline() {
        let rule: JSONValue = ["apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["deployments"], "scope": "*"]
        let policy = Fixtures.object("ValidatingAdmissionPolicy", "admissionregistration.k8s.io/v1", name: "p", namespace: nil, [
            "spec": [
                "matchConstraints": ["resourceRules": [rule]], "validations": [["expression": "true", "bogus": 1]],
                "variables": [["name": "v", "expression": "1"]],
            ],
        ])
        #expect(StrictFields.unknownFields(in: policy, type: Fixtures.type("ValidatingAdmissionPolicy")) == ["spec.validations[0].bogus"])
        let hooks = Self.webhooks("ValidatingWebhookConfiguration", ["name": "check.example.com", "rules": [rule]])
        #expect(StrictFields.unknownFields(in: hooks, type: Fixtures.type("ValidatingWebhookConfiguration")).isEmpty)
    }
}
