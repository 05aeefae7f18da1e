import Testing

@testable import KubeAPI

/// What may not change on update.
struct ValidationUpdateTests {
    struct UpdateCase: Sendable, CustomTestStringConvertible {
        let name: String
        let kind: String
        let old: JSONValue
        let new: JSONValue
        let expected: [String]

        init(_ name: String, _ kind: String, old: JSONValue, new: JSONValue, _ expected: [String]) {
            self.name = name
            self.kind = kind
            self.old = old
            self.new = new
            self.expected = expected
        }

        var testDescription: String { name }
    }

    static let configMap = Fixtures.object("ConfigMap", "v1", name: "cfg", ["data": ["a": "1"], "immutable": true])
    static let service = Fixtures.service(spec: ["clusterIP": "10.96.0.10"])
    static let roleBinding = Fixtures.object(
        "RoleBinding", "rbac.authorization.k8s.io/v1", name: "read", ["roleRef": ["kind": "ClusterRole", "name": "view"], "subjects": [["kind": "User", "name": "jane"]]])
    static let claim = Fixtures.object(
        "PersistentVolumeClaim", "v1", name: "data", ["spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "2Gi"]]]])

    static let jobTemplate = Fixtures.template(labels: ["app": "web", "v": "2"], spec: ["containers": [Fixtures.container], "restartPolicy": "Never"])

    static let cases: [UpdateCase] = [
        UpdateCase("an unchanged deployment passes", "Deployment", old: Fixtures.workload("Deployment"), new: Fixtures.workload("Deployment"), []),
        UpdateCase(
            "names are immutable", "ConfigMap", old: Fixtures.object("ConfigMap", "v1", name: "cfg"), new: Fixtures.object("ConfigMap", "v1", name: "cfg2"),
            ["metadata.name: Invalid value: \"cfg2\": field is immutable"]),
        UpdateCase(
            "namespaces are immutable", "ConfigMap", old: Fixtures.object("ConfigMap", "v1", name: "cfg"),
            new: Fixtures.object("ConfigMap", "v1", name: "cfg", namespace: "prod"),
            ["metadata.namespace: Invalid value: \"prod\": field is immutable"]),
        UpdateCase(
            "a deployment's selector is immutable", "Deployment", old: Fixtures.workload("Deployment"),
            new: Fixtures.workload("Deployment", spec: ["selector": ["matchLabels": ["app": "web2"]], "template": Fixtures.template(labels: ["app": "web2"])]),
            [
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
            ]),
        UpdateCase(
            "a daemonset's selector is immutable", "DaemonSet", old: Fixtures.workload("DaemonSet"),
            new: Fixtures.workload("DaemonSet", spec: ["selector": ["matchLabels": ["app": "web", "tier": "x"]], "template": Fixtures.template(labels: ["app": "web", "tier": "x"])]),
            [
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"x\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
            ]),
        UpdateCase(
            "scaling a deployment is allowed", "Deployment", old: Fixtures.workload("Deployment"), new: Fixtures.workload("Deployment", spec: ["replicas": 5]), []),
        UpdateCase(
            "only some statefulset fields change", "StatefulSet", old: Fixtures.workload("StatefulSet"),
            new: Fixtures.workload("StatefulSet", spec: ["serviceName": "other"]),
            [
                "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
            ]),
        UpdateCase(
            "a job's selector is immutable", "Job", old: Fixtures.job(spec: ["manualSelector": true, "selector": ["matchLabels": ["app": "web"]], "template": jobTemplate]),
            new: Fixtures.job(spec: ["manualSelector": true, "selector": ["matchLabels": ["app": "web", "v": "2"]], "template": jobTemplate]),
            [
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"v\":\"2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
            ]),
        UpdateCase(
            "an allocated cluster IP may not change", "Service", old: service,
            new: Fixtures.service(spec: ["clusterIP": "10.96.0.11"]),
            ["spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set"]),
        UpdateCase(
            "an allocated cluster IP may not be unset", "Service", old: service, new: Fixtures.service(),
            ["spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset"]),
        UpdateCase(
            "immutable configmap data may not change", "ConfigMap", old: configMap,
            new: Fixtures.with(configMap, ["data"], ["a": "2"]), ["data: Forbidden: field is immutable when `immutable` is set"]),
        UpdateCase(
            "an immutable configmap stays immutable", "ConfigMap", old: configMap,
            new: Fixtures.with(configMap, ["immutable"], false), ["immutable: Forbidden: field is immutable when `immutable` is set"]),
        UpdateCase(
            "a mutable configmap may change", "ConfigMap", old: Fixtures.with(configMap, ["immutable"], nil),
            new: Fixtures.with(Fixtures.with(configMap, ["immutable"], nil), ["data"], ["a": "2"]), []),
        UpdateCase(
            "a secret's type is immutable", "Secret", old: Fixtures.object("Secret", "v1", name: "creds"),
            new: Fixtures.object("Secret", "v1", name: "creds", ["type": "example.com/custom"]),
            ["type: Invalid value: \"example.com/custom\": field is immutable"]),
        UpdateCase(
            "a binding's roleRef is immutable", "RoleBinding", old: roleBinding,
            new: Fixtures.with(roleBinding, ["roleRef", "name"], "edit"),
            ["roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef"]),
        UpdateCase(
            "a claim's storage may grow", "PersistentVolumeClaim", old: claim,
            new: Fixtures.with(claim, ["spec", "resources", "requests", "storage"], "5Gi"), []),
        UpdateCase(
            "a claim's storage may not shrink", "PersistentVolumeClaim", old: claim,
            new: Fixtures.with(claim, ["spec", "resources", "requests", "storage"], "1Gi"),
            ["spec.resources.requests.storage: Forbidden: field can not be less than previous value"]),
        UpdateCase("a pod's image may change", "Pod", old: Fixtures.pod(), new: Fixtures.pod(spec: ["containers": [["name": "web", "image": "nginx:1.28"]]]), []),
        UpdateCase(
            "pods may not add containers", "Pod", old: Fixtures.pod(),
            new: Fixtures.pod(spec: ["containers": [Fixtures.container, ["name": "log", "image": "busybox"]]]),
            ["spec.containers: Forbidden: pod updates may not add or remove containers"]),
    ]

    @Test(arguments: cases)
    func updateRule(_ row: UpdateCase) {
        let type = Fixtures.type(row.kind)
        #expect(Fixtures.updateErrors(row.new, old: row.old, type) == row.expected)
    }

    @Test func podSpecChangesAreForbiddenWithTheUpdatableFields() {
        let changed = Fixtures.pod(spec: ["containers": [["name": "web", "image": "nginx:1.27", "env": [["name": "A", "value": "1"]]]]])
        let errors = Fixtures.updateErrors(changed, old: Fixtures.pod(), Fixtures.type("Pod"))
        #expect(errors.count == 1)
        #expect(
            errors.first?.hasPrefix(
                "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"
            ) == true)
    }

    @Test func claimSpecChangesAreForbidden() {
        let errors = Fixtures.updateErrors(Fixtures.with(Self.claim, ["spec", "accessModes"], ["ReadWriteMany"]), old: Self.claim, Fixtures.type("PersistentVolumeClaim"))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n") == true)
    }

    @Test func jobTemplatesAreImmutable() {
        let old = Fixtures.job()
        let new = Fixtures.job(spec: ["template": Fixtures.template(spec: ["containers": [["name": "web", "image": "nginx:1.28"]], "restartPolicy": "Never"])])
        let errors = Fixtures.updateErrors(new, old: old, Fixtures.type("Job"))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("spec.template: Invalid value: core.PodTemplateSpec") == true)
        #expect(errors.first?.hasSuffix(": field is immutable") == true)
    }

    @Test func updatesNeedAResourceVersion() {
        var new = KubeObject(Fixtures.object("ConfigMap", "v1", name: "cfg"))
        var old = new
        old.resourceVersion = "3"
        Defaulting.apply(to: &new, type: Fixtures.type("ConfigMap"))
        let errors = Validation.validateUpdate(new, old: old, type: Fixtures.type("ConfigMap")).map(\.description)
        #expect(errors == ["metadata.resourceVersion: Invalid value: \"\": must be specified for an update"])
    }
}
