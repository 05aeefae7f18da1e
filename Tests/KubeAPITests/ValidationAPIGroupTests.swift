import Testing

@testable import KubeAPI

/// RBAC, networking, coordination and apiextensions objects.
struct ValidationAPIGroupTests {
    static let rbac = "rbac.authorization.k8s.io/v1"

    static func role(_ kind: String, _ rules: JSONValue) -> JSONValue {
        Fixtures.object(kind, rbac, name: "reader", namespace: kind == "Role" ? "default" : nil, ["rules": rules])
    }

    static func binding(_ kind: String, roleRef: JSONValue, subjects: JSONValue = [["kind": "User", "name": "jane"]]) -> JSONValue {
        Fixtures.object(kind, rbac, name: "read", namespace: kind == "RoleBinding" ? "default" : nil, ["roleRef": roleRef, "subjects": subjects])
    }

    static func ingress(_ spec: JSONValue) -> JSONValue {
        Fixtures.object("Ingress", "networking.k8s.io/v1", name: "web", ["spec": spec])
    }

    static func path(_ fields: [String: JSONValue]) -> JSONValue {
        var path: [String: JSONValue] = ["path": "/", "pathType": "Prefix", "backend": ["service": ["name": "web", "port": ["number": 80]]]]
        path.merge(fields) { _, new in new }
        return ["rules": [["http": ["paths": [.object(path)]]]]]
    }

    static func networkPolicy(_ spec: JSONValue) -> JSONValue {
        Fixtures.object("NetworkPolicy", "networking.k8s.io/v1", name: "deny", ["spec": spec])
    }

    static let cases: [ValidationCase] = [
        ValidationCase("a valid role passes", "Role", role("Role", [["apiGroups": [""], "resources": ["pods"], "verbs": ["get"]]]), []),
        ValidationCase(
            "rules need verbs", "Role", role("Role", [["apiGroups": [""], "resources": ["pods"]]]),
            ["rules[0].verbs: Required value: verbs must contain at least one value"]),
        ValidationCase(
            "resource rules need groups and resources", "ClusterRole", role("ClusterRole", [["verbs": ["get"]]]),
            [
                "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
                "rules[0].resources: Required value: resource rules must supply at least one resource",
            ]),
        ValidationCase(
            "roles cannot grant non-resource URLs", "Role", role("Role", [["verbs": ["get"], "nonResourceURLs": ["/healthz"]]]),
            ["rules[0].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs"]),
        ValidationCase(
            "a rule is about resources or URLs", "ClusterRole",
            role("ClusterRole", [["verbs": ["get"], "nonResourceURLs": ["/healthz"], "resources": ["pods"]]]),
            ["rules[0].nonResourceURLs: Invalid value: []string{\"/healthz\"}: rules cannot apply to both regular resources and non-resource URLs"]),
        ValidationCase(
            "a valid binding passes", "RoleBinding", binding("RoleBinding", roleRef: ["kind": "ClusterRole", "name": "view"]), []),
        ValidationCase(
            "bindings refer to roles", "RoleBinding", binding("RoleBinding", roleRef: ["kind": "Pod", "name": "view"]),
            ["roleRef.kind: Unsupported value: \"Pod\": supported values: \"Role\", \"ClusterRole\""]),
        ValidationCase(
            "cluster bindings refer to cluster roles", "ClusterRoleBinding", binding("ClusterRoleBinding", roleRef: ["kind": "Role", "name": "view"]),
            ["roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\""]),
        ValidationCase(
            "role references are in the rbac group", "RoleBinding",
            binding("RoleBinding", roleRef: ["apiGroup": "rbac", "kind": "Role", "name": "view"]),
            ["roleRef.apiGroup: Unsupported value: \"rbac\": supported values: \"rbac.authorization.k8s.io\""]),
        ValidationCase(
            "role references name a role", "RoleBinding", binding("RoleBinding", roleRef: ["kind": "Role"]), ["roleRef.name: Required value"]),
        ValidationCase(
            "subject kinds are ServiceAccount, User or Group", "RoleBinding",
            binding("RoleBinding", roleRef: ["kind": "Role", "name": "view"], subjects: [["kind": "Robot", "name": "r2"]]),
            ["subjects[0].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\""]),
        ValidationCase(
            "cluster-wide service account subjects name a namespace", "ClusterRoleBinding",
            binding("ClusterRoleBinding", roleRef: ["kind": "ClusterRole", "name": "view"], subjects: [["kind": "ServiceAccount", "name": "builder"]]),
            ["subjects[0].namespace: Required value"]),
        ValidationCase(
            "subjects have names", "RoleBinding", binding("RoleBinding", roleRef: ["kind": "Role", "name": "view"], subjects: [["kind": "User"]]),
            ["subjects[0].name: Required value"]),
        ValidationCase("a valid ingress passes", "Ingress", ingress(path([:])), []),
        ValidationCase(
            "an ingress has rules or a default backend", "Ingress", ingress(.emptyObject),
            ["spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified"]),
        ValidationCase(
            "paths have a type", "Ingress", ingress(path(["pathType": .null])),
            ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"]),
        ValidationCase(
            "prefix paths are absolute", "Ingress", ingress(path(["path": "api"])),
            ["spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path"]),
        ValidationCase(
            "backends name a port", "Ingress", ingress(path(["backend": ["service": ["name": "web", "port": .emptyObject]]])),
            ["spec.rules[0].http.paths[0].backend: Required value: port name or number is required"]),
        ValidationCase(
            "backend services have service names", "Ingress", ingress(path(["backend": ["service": ["name": "Web", "port": ["number": 80]]]])),
            ["spec.rules[0].http.paths[0].backend.service.name: Invalid value: \"Web\": \(Message.dns1035)"]),
        ValidationCase(
            "hosts are DNS names", "Ingress", ingress(["rules": [["host": "10.0.0.1"]]]),
            ["spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address"]),
        ValidationCase("a valid network policy passes", "NetworkPolicy", networkPolicy(["podSelector": .emptyObject]), []),
        ValidationCase(
            "policy types are Ingress or Egress", "NetworkPolicy", networkPolicy(["podSelector": .emptyObject, "policyTypes": ["Sideways"]]),
            ["spec.policyTypes[0]: Unsupported value: \"Sideways\": supported values: \"Ingress\", \"Egress\""]),
        ValidationCase(
            "peers name something", "NetworkPolicy", networkPolicy(["podSelector": .emptyObject, "ingress": [["from": [.emptyObject]]]]),
            ["spec.ingress[0].from[0]: Required value: must specify a peer"]),
        ValidationCase(
            "ip blocks are CIDRs", "NetworkPolicy",
            networkPolicy(["podSelector": .emptyObject, "ingress": [["from": [["ipBlock": ["cidr": "10.0.0.0/33"]]]]]]),
            ["spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": not a valid CIDR"]),
        ValidationCase(
            "policy port protocols are TCP, UDP or SCTP", "NetworkPolicy",
            networkPolicy(["podSelector": .emptyObject, "ingress": [["ports": [["protocol": "ICMP"]]]]]),
            ["spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\""]),
        ValidationCase(
            "leases last a positive time", "Lease",
            Fixtures.object("Lease", "coordination.k8s.io/v1", name: "leader", ["spec": ["leaseDurationSeconds": 0]]),
            ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"]),
        ValidationCase("a valid CRD passes", "CustomResourceDefinition", Fixtures.crd(), []),
        ValidationCase(
            "a CRD is named plural.group", "CustomResourceDefinition", Fixtures.crd(name: "widgets"),
            ["metadata.name: Invalid value: \"widgets\": must be spec.names.plural+\".\"+spec.group"]),
        ValidationCase(
            "a CRD group has a dot", "CustomResourceDefinition", Fixtures.crd(name: "widgets.example", spec: ["group": "example"]),
            ["spec.group: Invalid value: \"example\": should be a domain with at least one dot"]),
        ValidationCase(
            "a CRD scope is Cluster or Namespaced", "CustomResourceDefinition", Fixtures.crd(spec: ["scope": "Global"]),
            ["spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\""]),
        ValidationCase(
            "v1 CRD versions have schemas", "CustomResourceDefinition",
            Fixtures.crd(spec: ["versions": [["name": "v1", "served": true, "storage": true]]]),
            ["spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"]),
        ValidationCase(
            "a CRD names its kind", "CustomResourceDefinition", Fixtures.crd(spec: ["names": ["plural": "widgets"]]),
            ["spec.names.singular: Required value", "spec.names.kind: Required value", "spec.names.listKind: Required value"]),
        ValidationCase(
            "CRD version names are DNS-1035 labels", "CustomResourceDefinition",
            Fixtures.crd(spec: ["versions": [["name": "V1", "served": true, "storage": true, "schema": ["openAPIV3Schema": ["type": "object"]]]]]),
            ["spec.versions[0].name: Invalid value: \"V1\": \(Message.dns1035)"]),
    ]

    @Test(arguments: cases)
    func apiGroupRule(_ row: ValidationCase) {
        #expect(Fixtures.createErrors(row.object, row.type) == row.expected)
    }

    @Test func crdNeedsExactlyOneStorageVersion() {
        let schema: JSONValue = ["openAPIV3Schema": ["type": "object"]]
        let crd = Fixtures.crd(spec: [
            "versions": [["name": "v1", "served": true, "storage": true, "schema": schema], ["name": "v2", "served": true, "storage": true, "schema": schema]]
        ])
        let errors = Fixtures.createErrors(crd, Fixtures.type("CustomResourceDefinition"))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{") == true)
        #expect(errors.first?.hasSuffix("}: must have exactly one version marked as storage version") == true)
    }
}
