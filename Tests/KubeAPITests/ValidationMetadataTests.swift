import Testing

@testable import KubeAPI

/// Names, generateName, namespaces, labels, annotations and finalizers, per kind.
struct ValidationMetadataTests {
    static let longLabel = String(repeating: "a", count: 64)

    static let cases: [ValidationCase] = [
        ValidationCase(
            "pod names are DNS-1123 subdomains", "Pod", Fixtures.pod(name: "Web_Bad"),
            ["metadata.name: Invalid value: \"Web_Bad\": \(Message.subdomain)"]),
        ValidationCase(
            "a name or generateName is required", "Pod", Fixtures.pod(name: ""),
            ["metadata.name: Required value: name or generateName is required"]),
        ValidationCase(
            "generateName is checked as a prefix", "Pod", Fixtures.with(Fixtures.pod(name: "web-x7k2p"), ["metadata", "generateName"], "Web-"),
            ["metadata.generateName: Invalid value: \"Web-\": \(Message.subdomain)"]),
        ValidationCase("a generateName may end with a dash", "Pod", Fixtures.with(Fixtures.pod(name: "web-x7k2p"), ["metadata", "generateName"], "web-"), []),
        ValidationCase(
            "namespace names are DNS-1123 labels", "Namespace", Fixtures.object("Namespace", "v1", name: "team.a", namespace: nil),
            ["metadata.name: Invalid value: \"team.a\": must not contain dots"]),
        ValidationCase(
            "namespace names have at most 63 characters", "Namespace",
            Fixtures.object("Namespace", "v1", name: String(repeating: "n", count: 64), namespace: nil),
            [
                "metadata.name: Invalid value: \"\(String(repeating: "n", count: 64))\": must be no more than 63 characters",
                // The defaulted kubernetes.io/metadata.name label carries the name too.
                "metadata.labels: Invalid value: \"\(String(repeating: "n", count: 64))\": must be no more than 63 characters",
            ]),
        ValidationCase(
            "service names are DNS-1035 labels", "Service", Fixtures.service(name: "1web"),
            ["metadata.name: Invalid value: \"1web\": \(Message.dns1035)"]),
        ValidationCase(
            "statefulset names are DNS-1123 labels", "StatefulSet", Fixtures.workload("StatefulSet", name: "web.db"),
            ["metadata.name: Invalid value: \"web.db\": must not contain dots"]),
        ValidationCase(
            "RBAC names may not contain a slash", "ClusterRole", Fixtures.object("ClusterRole", "rbac.authorization.k8s.io/v1", name: "a/b", namespace: nil),
            ["metadata.name: Invalid value: \"a/b\": may not contain '/'"]),
        ValidationCase(
            "RBAC names may not be '..'", "Role", Fixtures.object("Role", "rbac.authorization.k8s.io/v1", name: ".."),
            ["metadata.name: Invalid value: \"..\": may not be '..'"]),
        ValidationCase("RBAC names may use colons and capitals", "ClusterRole",
            Fixtures.object("ClusterRole", "rbac.authorization.k8s.io/v1", name: "system:Admin", namespace: nil), []),
        ValidationCase(
            "namespaced kinds need a namespace", "ConfigMap", Fixtures.object("ConfigMap", "v1", name: "cfg", namespace: nil),
            ["metadata.namespace: Required value"]),
        ValidationCase(
            "cluster kinds take no namespace", "Node", Fixtures.object("Node", "v1", name: "node-1"),
            ["metadata.namespace: Forbidden: not allowed on this type"]),
        ValidationCase(
            "label keys are qualified names", "ConfigMap", Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "labels"], ["app_": "web"]),
            ["metadata.labels: Invalid value: \"app_\": \(Message.qualifiedNamePart)"]),
        ValidationCase(
            "label key prefixes are DNS subdomains", "ConfigMap",
            Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "labels"], ["Example.com/app": "web"]),
            ["metadata.labels: Invalid value: \"Example.com/app\": prefix part \(Message.subdomain)"]),
        ValidationCase(
            "label values have at most 63 characters", "ConfigMap",
            Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "labels"], ["app": .string(longLabel)]),
            ["metadata.labels: Invalid value: \"\(longLabel)\": must be no more than 63 characters"]),
        ValidationCase(
            "label values use the label charset", "ConfigMap",
            Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "labels"], ["app": "web server"]),
            ["metadata.labels: Invalid value: \"web server\": \(Message.labelValue)"]),
        ValidationCase(
            "annotation keys have at most one slash", "ConfigMap",
            Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "annotations"], ["example.com/a/b": "x"]),
            [
                "metadata.annotations: Invalid value: \"example.com/a/b\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]),
        ValidationCase(
            "annotations total at most 256 KiB", "ConfigMap",
            Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "annotations"], ["big": .string(String(repeating: "x", count: 262_142))]),
            ["metadata.annotations: Too long: may not be more than 262144 bytes"]),
        ValidationCase(
            "unqualified finalizers must be standard ones", "ConfigMap",
            Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "finalizers"], ["foo"]),
            ["metadata.finalizers[0]: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified"]),
        ValidationCase(
            "qualified finalizers are accepted", "ConfigMap",
            Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "finalizers"], ["example.com/cleanup", "kubernetes"]), []),
        ValidationCase(
            "generation may not be negative", "ConfigMap", Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "generation"], -1),
            ["metadata.generation: Invalid value: -1: must be greater than or equal to 0"]),
        ValidationCase(
            "owner references need a uid", "ConfigMap",
            Fixtures.with(Fixtures.object("ConfigMap", "v1"), ["metadata", "ownerReferences"], [["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"]]),
            ["metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty"]),
        ValidationCase(
            "custom resources get DNS-1123 subdomain names", "Widget", Fixtures.object("Widget", "example.com/v1", name: "Big_Widget"),
            ["metadata.name: Invalid value: \"Big_Widget\": \(Message.subdomain)"]),
        ValidationCase("custom resources get no schema checks", "Widget", Fixtures.object("Widget", "example.com/v1", ["spec": ["size": -3]]), []),
    ]

    @Test(arguments: cases)
    func metadataRule(_ row: ValidationCase) {
        #expect(Fixtures.createErrors(row.object, row.type) == row.expected)
    }
}
