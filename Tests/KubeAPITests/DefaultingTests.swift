import Testing

@testable import KubeAPI

/// The v1 defaulters: one row per defaulted field.
struct DefaultingTests {
    struct DefaultCase: Sendable, CustomTestStringConvertible {
        let name: String
        let kind: String
        let object: JSONValue
        let path: [String]
        let expected: JSONValue?

        init(_ name: String, _ kind: String, _ object: JSONValue, _ path: [String], _ expected: JSONValue?) {
            self.name = name
            self.kind = kind
            self.object = object
            self.path = path
            self.expected = expected
        }

        var testDescription: String { name }
    }

    static func defaulted(_ json: JSONValue, _ kind: String) -> JSONValue {
        var object = KubeObject(json)
        Defaulting.apply(to: &object, type: Fixtures.type(kind))
        return object.json
    }

    static func podWithImage(_ image: String) -> JSONValue {
        Fixtures.pod(spec: ["containers": [["name": "web", "image": .string(image)]]])
    }

    static let deployment = Fixtures.workload("Deployment")
    static let pod = Fixtures.pod()
    static let firstContainer = ["spec", "containers"]

    static let cases: [DefaultCase] = [
        DefaultCase("pods restart Always", "Pod", pod, ["spec", "restartPolicy"], "Always"),
        DefaultCase("pods use cluster DNS", "Pod", pod, ["spec", "dnsPolicy"], "ClusterFirst"),
        DefaultCase("pods use the default scheduler", "Pod", pod, ["spec", "schedulerName"], "default-scheduler"),
        DefaultCase("pods get 30 s to terminate", "Pod", pod, ["spec", "terminationGracePeriodSeconds"], 30),
        DefaultCase("pods get an empty security context", "Pod", pod, ["spec", "securityContext"], .emptyObject),
        DefaultCase("pods link services", "Pod", pod, ["spec", "enableServiceLinks"], true),
        DefaultCase("pods get no priority from defaulting (admission sets it)", "Pod", pod, ["spec", "priority"], nil),
        DefaultCase("an explicit restart policy stays", "Pod", Fixtures.with(pod, ["spec", "restartPolicy"], "Never"), ["spec", "restartPolicy"], "Never"),
        DefaultCase("deployment replicas default to 1", "Deployment", deployment, ["spec", "replicas"], 1),
        DefaultCase(
            "deployments roll 25%/25%", "Deployment", deployment, ["spec", "strategy"],
            ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]]),
        DefaultCase("Recreate deployments get no rollingUpdate", "Deployment", Fixtures.workload("Deployment", spec: ["strategy": ["type": "Recreate"]]),
            ["spec", "strategy"], ["type": "Recreate"]),
        DefaultCase("deployments keep 10 revisions", "Deployment", deployment, ["spec", "revisionHistoryLimit"], 10),
        DefaultCase("deployments progress within 600 s", "Deployment", deployment, ["spec", "progressDeadlineSeconds"], 600),
        DefaultCase("template pods restart Always", "Deployment", deployment, ["spec", "template", "spec", "restartPolicy"], "Always"),
        DefaultCase("templates carry a null creationTimestamp", "Deployment", deployment, ["spec", "template", "metadata", "creationTimestamp"], .null),
        DefaultCase("templates do not link services", "Deployment", deployment, ["spec", "template", "spec", "enableServiceLinks"], nil),
        DefaultCase("replicaset replicas default to 1", "ReplicaSet", Fixtures.workload("ReplicaSet"), ["spec", "replicas"], 1),
        DefaultCase(
            "daemonsets roll one pod at a time", "DaemonSet", Fixtures.workload("DaemonSet"), ["spec", "updateStrategy"],
            ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0]]),
        DefaultCase("statefulsets start pods in order", "StatefulSet", Fixtures.workload("StatefulSet"), ["spec", "podManagementPolicy"], "OrderedReady"),
        DefaultCase(
            "statefulsets roll from partition 0", "StatefulSet", Fixtures.workload("StatefulSet"), ["spec", "updateStrategy"],
            ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]]),
        DefaultCase(
            "statefulsets retain their claims", "StatefulSet", Fixtures.workload("StatefulSet"), ["spec", "persistentVolumeClaimRetentionPolicy"],
            ["whenDeleted": "Retain", "whenScaled": "Retain"]),
        DefaultCase("statefulsets keep 10 revisions", "StatefulSet", Fixtures.workload("StatefulSet"), ["spec", "revisionHistoryLimit"], 10),
        DefaultCase("jobs retry 6 times", "Job", Fixtures.job(), ["spec", "backoffLimit"], 6),
        DefaultCase("jobs complete once", "Job", Fixtures.job(), ["spec", "completions"], 1),
        DefaultCase("jobs run one pod", "Job", Fixtures.job(), ["spec", "parallelism"], 1),
        DefaultCase("jobs are not indexed", "Job", Fixtures.job(), ["spec", "completionMode"], "NonIndexed"),
        DefaultCase("jobs are not suspended", "Job", Fixtures.job(), ["spec", "suspend"], false),
        DefaultCase("jobs replace terminating or failed pods", "Job", Fixtures.job(), ["spec", "podReplacementPolicy"], "TerminatingOrFailed"),
        DefaultCase("jobs take their template's labels", "Job", Fixtures.job(), ["metadata", "labels"], ["app": "web"]),
        DefaultCase("parallel jobs keep completions unset", "Job", Fixtures.job(spec: ["parallelism": 3]), ["spec", "completions"], nil),
        DefaultCase("cronjobs allow concurrent runs", "CronJob", Fixtures.cronJob(), ["spec", "concurrencyPolicy"], "Allow"),
        DefaultCase("cronjobs are not suspended", "CronJob", Fixtures.cronJob(), ["spec", "suspend"], false),
        DefaultCase("cronjobs keep 3 successful jobs", "CronJob", Fixtures.cronJob(), ["spec", "successfulJobsHistoryLimit"], 3),
        DefaultCase("cronjobs keep 1 failed job", "CronJob", Fixtures.cronJob(), ["spec", "failedJobsHistoryLimit"], 1),
        DefaultCase("services are ClusterIP", "Service", Fixtures.service(), ["spec", "type"], "ClusterIP"),
        DefaultCase("services have no session affinity", "Service", Fixtures.service(), ["spec", "sessionAffinity"], "None"),
        DefaultCase(
            "service ports are TCP and target themselves", "Service", Fixtures.service(), ["spec", "ports"], [["port": 80, "protocol": "TCP", "targetPort": 80]]),
        DefaultCase("services are single-stack", "Service", Fixtures.service(), ["spec", "ipFamilyPolicy"], "SingleStack"),
        DefaultCase("services are IPv4", "Service", Fixtures.service(), ["spec", "ipFamilies"], ["IPv4"]),
        DefaultCase("service traffic stays cluster-wide", "Service", Fixtures.service(), ["spec", "internalTrafficPolicy"], "Cluster"),
        DefaultCase(
            "ExternalName services get no IP fields", "Service", Fixtures.service(spec: ["type": "ExternalName", "externalName": "db.example.com"]),
            ["spec", "ipFamilyPolicy"], nil),
        DefaultCase(
            "node ports route cluster-wide", "Service", Fixtures.service(spec: ["type": "NodePort"]), ["spec", "externalTrafficPolicy"], "Cluster"),
        DefaultCase("a clusterIP is also the first clusterIPs", "Service", Fixtures.service(spec: ["clusterIP": "10.96.0.10"]), ["spec", "clusterIPs"], ["10.96.0.10"]),
        DefaultCase("secrets are Opaque", "Secret", Fixtures.object("Secret", "v1"), ["type"], "Opaque"),
        DefaultCase(
            "namespaces are labelled with their name", "Namespace", Fixtures.object("Namespace", "v1", name: "team", namespace: nil),
            ["metadata", "labels", "kubernetes.io/metadata.name"], "team"),
        DefaultCase(
            "claims are filesystems", "PersistentVolumeClaim", Fixtures.object("PersistentVolumeClaim", "v1", ["spec": .emptyObject]),
            ["spec", "volumeMode"], "Filesystem"),
        DefaultCase(
            "volumes are retained", "PersistentVolume", Fixtures.object("PersistentVolume", "v1", namespace: nil, ["spec": .emptyObject]),
            ["spec", "persistentVolumeReclaimPolicy"], "Retain"),
        DefaultCase(
            "binding role references are in the rbac group", "RoleBinding",
            Fixtures.object("RoleBinding", "rbac.authorization.k8s.io/v1", ["roleRef": ["kind": "Role", "name": "view"]]), ["roleRef", "apiGroup"],
            "rbac.authorization.k8s.io"),
        DefaultCase(
            "user subjects are in the rbac group", "ClusterRoleBinding",
            Fixtures.object("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", namespace: nil, ["subjects": [["kind": "User", "name": "jane"]]]),
            ["subjects"], [["kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"]]),
        DefaultCase(
            "service account subjects keep the core group, which Go's encoding omits", "RoleBinding",
            Fixtures.object("RoleBinding", "rbac.authorization.k8s.io/v1", ["subjects": [["kind": "ServiceAccount", "name": "builder"]]]),
            ["subjects"], [["kind": "ServiceAccount", "name": "builder"]]),
        DefaultCase(
            "network policies govern ingress", "NetworkPolicy",
            Fixtures.object("NetworkPolicy", "networking.k8s.io/v1", ["spec": ["podSelector": .emptyObject]]), ["spec", "policyTypes"], ["Ingress"]),
        DefaultCase(
            "network policies with egress rules govern egress too", "NetworkPolicy",
            Fixtures.object("NetworkPolicy", "networking.k8s.io/v1", ["spec": ["podSelector": .emptyObject, "egress": [.emptyObject]]]),
            ["spec", "policyTypes"], ["Ingress", "Egress"]),
        DefaultCase("CRD list kinds follow the kind", "CustomResourceDefinition", Fixtures.crd(), ["spec", "names", "listKind"], "WidgetList"),
        DefaultCase("CRD singulars follow the kind", "CustomResourceDefinition", Fixtures.crd(), ["spec", "names", "singular"], "widget"),
        DefaultCase("CRDs convert with None", "CustomResourceDefinition", Fixtures.crd(), ["spec", "conversion"], ["strategy": "None"]),
        DefaultCase(
            "replication controllers select their template's labels", "ReplicationController",
            Fixtures.workload("ReplicationController", spec: ["selector": .null]), ["spec", "selector"], ["app": "web"]),
        DefaultCase(
            "limit range defaults follow the max", "LimitRange",
            Fixtures.object("LimitRange", "v1", ["spec": ["limits": [["type": "Container", "max": ["cpu": "2"]]]]]), ["spec", "limits"],
            [["type": "Container", "max": ["cpu": "2"], "default": ["cpu": "2"], "defaultRequest": ["cpu": "2"]]]),
    ]

    @Test(arguments: cases)
    func defaultedField(_ row: DefaultCase) {
        #expect(Self.defaulted(row.object, row.kind)[row.path] == row.expected)
    }

    static let pullPolicies: [(String, String)] = [
        ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.27", "IfNotPresent"), ("registry.local:5000/team/app", "Always"),
        ("registry.local:5000/team/app:v2", "IfNotPresent"),
        ("nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31", "IfNotPresent"),
    ]

    @Test(arguments: pullPolicies)
    func imagePullPolicyFollowsTheTag(_ image: String, _ policy: String) {
        let container = Self.defaulted(Self.podWithImage(image), "Pod")["spec"]?["containers"]?.arrayValue?.first
        #expect(container?["imagePullPolicy"] == .string(policy))
    }

    @Test func containersGetTheirDefaults() {
        let pod = Fixtures.pod(spec: ["containers": [["name": "web", "image": "nginx:1.27", "ports": [["containerPort": 80]]]]])
        let container = Self.defaulted(pod, "Pod")["spec"]?["containers"]?.arrayValue?.first
        #expect(container?["terminationMessagePath"] == "/dev/termination-log")
        #expect(container?["terminationMessagePolicy"] == "File")
        #expect(container?["resources"] == .emptyObject)
        #expect(container?["ports"] == [["containerPort": 80, "protocol": "TCP"]])
    }

    @Test func podRequestsDefaultToLimitsInCanonicalForm() {
        let pod = Fixtures.pod(spec: ["containers": [["name": "web", "image": "nginx", "resources": ["limits": ["cpu": 0.5, "memory": "1024Mi"]]]]])
        let resources = Self.defaulted(pod, "Pod")["spec"]?["containers"]?.arrayValue?.first?["resources"]
        #expect(resources == ["limits": ["cpu": "500m", "memory": "1Gi"], "requests": ["cpu": "500m", "memory": "1Gi"]])
    }

    @Test func probesGetTheirDefaults() {
        let pod = Fixtures.pod(spec: ["containers": [["name": "web", "image": "nginx", "livenessProbe": ["httpGet": ["port": 80]]]]])
        let probe = Self.defaulted(pod, "Pod")["spec"]?["containers"]?.arrayValue?.first?["livenessProbe"]
        #expect(
            probe == [
                "httpGet": ["port": 80, "path": "/", "scheme": "HTTP"], "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                "failureThreshold": 3,
            ])
    }

    @Test func volumesGetTheirDefaults() {
        let pod = Fixtures.pod(spec: ["containers": [Fixtures.container], "volumes": [["name": "scratch"], ["name": "certs", "secret": ["secretName": "tls"]]]])
        let volumes = Self.defaulted(pod, "Pod")["spec"]?["volumes"]
        #expect(volumes == [["name": "scratch", "emptyDir": .emptyObject], ["name": "certs", "secret": ["secretName": "tls", "defaultMode": 420]]])
    }

    @Test func defaultingTwiceChangesNothing() {
        for (kind, json) in [("Pod", Fixtures.pod()), ("Deployment", Fixtures.workload("Deployment")), ("Service", Fixtures.service()), ("Job", Fixtures.job())] {
            let once = Self.defaulted(json, kind)
            #expect(Self.defaulted(once, kind) == once, "\(kind)")
        }
    }

    @Test func jobsGetAGeneratedSelector() {
        var job = KubeObject(Fixtures.job())
        Defaulting.apply(to: &job, type: Fixtures.type("Job"))
        Defaulting.prepareJobForCreate(&job)
        let uid: JSONValue = "6a1b0c4e-0000-4000-8000-000000000001"
        #expect(job.json[["spec", "selector"]] == ["matchLabels": ["batch.kubernetes.io/controller-uid": uid]])
        #expect(
            job.json[["spec", "template", "metadata", "labels"]] == [
                "app": "web", "job-name": "pi", "batch.kubernetes.io/job-name": "pi", "controller-uid": uid, "batch.kubernetes.io/controller-uid": uid,
            ])
    }

    @Test func manualSelectorsAreKept() {
        var job = KubeObject(Fixtures.job(spec: ["manualSelector": true, "selector": ["matchLabels": ["app": "web"]]]))
        Defaulting.prepareJobForCreate(&job)
        #expect(job.json[["spec", "selector"]] == ["matchLabels": ["app": "web"]])
    }
}
