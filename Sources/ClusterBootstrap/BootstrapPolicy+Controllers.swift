/// The `system:controller:<name>` cluster roles of the bootstrap policy (`controller_policy.go`), one per
/// kube-controller-manager controller, each bound to the controller's service account in kube-system.
/// Roles whose feature gate is off by default in 1.32 (resource claims, service CIDRs, volume attributes
/// classes, cluster trust bundles, storage-version migration, SELinux warnings) are left out.
extension BootstrapPolicy {
    private static func allow(
        _ verbs: [String], _ resources: [String], in groups: [String] = [""], names: [String] = []
    ) -> PolicyRule {
        PolicyRule(verbs: verbs, groups: groups, resources: resources, names: names)
    }

    private static func controller(_ name: String, _ rules: [PolicyRule]) -> Role {
        Role(name: "system:controller:\(name)", rules: rules)
    }

    private static let appsAndExtensions = ["apps", "extensions"]

    static let controllerRoles: [Role] = [
        controller("attachdetach-controller", [
            allow(["list", "watch"], ["persistentvolumes", "persistentvolumeclaims"]),
            allow(read, ["nodes"]),
            allow(["patch", "update"], ["nodes/status"]),
            allow(["list", "watch"], ["pods"]),
            events,
            allow(["get", "create", "delete", "list", "watch"], ["volumeattachments"], in: ["storage.k8s.io"]),
            allow(read, ["csidrivers"], in: ["storage.k8s.io"]),
            allow(read, ["csinodes"], in: ["storage.k8s.io"]),
        ]),
        controller("clusterrole-aggregation-controller", [
            allow(["escalate", "get", "list", "watch", "update", "patch"], ["clusterroles"], in: ["rbac.authorization.k8s.io"])
        ]),
        controller("cronjob-controller", [
            allow(["get", "list", "watch", "update"], ["cronjobs"], in: ["batch"]),
            allow(["get", "list", "watch", "create", "update", "delete", "patch"], ["jobs"], in: ["batch"]),
            allow(["update"], ["cronjobs/status"], in: ["batch"]),
            allow(["update"], ["cronjobs/finalizers"], in: ["batch"]),
            allow(["list", "watch", "delete"], ["pods"]),
            events,
        ]),
        controller("daemon-set-controller", [
            allow(read, ["daemonsets"], in: appsAndExtensions),
            allow(["update"], ["daemonsets/status"], in: appsAndExtensions),
            allow(["update"], ["daemonsets/finalizers"], in: appsAndExtensions),
            allow(["list", "watch"], ["nodes"]),
            allow(["list", "watch", "create", "delete", "patch"], ["pods"]),
            allow(["create"], ["pods/binding"]),
            allow(["get", "list", "watch", "create", "delete", "update", "patch"], ["controllerrevisions"], in: ["apps"]),
            events,
        ]),
        controller("deployment-controller", [
            allow(["get", "list", "watch", "update"], ["deployments"], in: appsAndExtensions),
            allow(["update"], ["deployments/status"], in: appsAndExtensions),
            allow(["update"], ["deployments/finalizers"], in: appsAndExtensions),
            allow(["get", "list", "watch", "create", "update", "patch", "delete"], ["replicasets"], in: appsAndExtensions),
            allow(["get", "list", "watch", "update"], ["pods"]),
            events,
        ]),
        controller("disruption-controller", [
            allow(read, ["deployments"], in: appsAndExtensions),
            allow(read, ["replicasets"], in: appsAndExtensions),
            allow(read, ["replicationcontrollers"]),
            allow(read, ["poddisruptionbudgets"], in: ["policy"]),
            allow(read, ["statefulsets"], in: ["apps"]),
            allow(["update"], ["poddisruptionbudgets/status"], in: ["policy"]),
            allow(["patch", "update"], ["pods/status"]),
            allow(["get"], ["*/scale"], in: ["*"]),
            events,
        ]),
        controller("endpoint-controller", [
            allow(read, ["services", "pods"]),
            allow(["get", "list", "watch", "create", "update", "delete"], ["endpoints"]),
            allow(["create"], ["endpoints/restricted"]),
            events,
        ]),
        controller("endpointslice-controller", [
            allow(read, ["services", "pods", "nodes"]),
            allow(["update"], ["services/finalizers"]),
            allow(["get", "list", "watch", "create", "update", "delete"], ["endpointslices"], in: ["discovery.k8s.io"]),
            events,
        ]),
        controller("endpointslicemirroring-controller", [
            allow(read, ["services", "endpoints"]),
            allow(["update"], ["services/finalizers"]),
            allow(["update"], ["endpoints/finalizers"]),
            allow(["get", "list", "watch", "create", "update", "delete"], ["endpointslices"], in: ["discovery.k8s.io"]),
            events,
        ]),
        controller("expand-controller", [
            allow(["get", "list", "watch", "update", "patch"], ["persistentvolumes"]),
            allow(["update", "patch"], ["persistentvolumeclaims/status"]),
            allow(read, ["persistentvolumeclaims"]),
            events,
            allow(["get"], ["services"]),
        ]),
        controller("ephemeral-volume-controller", [
            allow(read, ["pods"]),
            allow(["update"], ["pods/finalizers"]),
            allow(["get", "list", "watch", "create"], ["persistentvolumeclaims"]),
            events,
        ]),
        controller("generic-garbage-collector", [
            allow(["get", "list", "watch", "patch", "update", "delete"], ["*"], in: ["*"]),
            events,
        ]),
        controller("horizontal-pod-autoscaler", [
            allow(read, ["horizontalpodautoscalers"], in: ["autoscaling"]),
            allow(["update"], ["horizontalpodautoscalers/status"], in: ["autoscaling"]),
            allow(["get", "update"], ["*/scale"], in: ["*"]),
            allow(["list", "watch"], ["pods"]),
            allow(["list", "watch"], ["pods"], in: ["metrics.k8s.io"]),
            allow(read, ["*"], in: ["custom.metrics.k8s.io"]),
            allow(read, ["*"], in: ["external.metrics.k8s.io"]),
            events,
        ]),
        controller("job-controller", [
            allow(["get", "list", "watch", "update", "patch"], ["jobs"], in: ["batch"]),
            allow(["update"], ["jobs/status"], in: ["batch"]),
            allow(["update"], ["jobs/finalizers"], in: ["batch"]),
            allow(["list", "watch", "create", "delete", "patch"], ["pods"]),
            events,
        ]),
        controller("namespace-controller", [
            allow(["get", "list", "watch", "delete"], ["namespaces"]),
            allow(["update"], ["namespaces/finalize", "namespaces/status"]),
            allow(["get", "list", "watch", "delete", "deletecollection"], ["*"], in: ["*"]),
        ]),
        controller("node-controller", [
            allow(["get", "list", "watch", "update", "delete", "patch"], ["nodes"]),
            allow(["patch", "update"], ["nodes/status"]),
            allow(["patch", "update"], ["pods/status"]),
            allow(["list", "watch", "get", "delete"], ["pods"]),
            events,
        ]),
        controller("persistent-volume-binder", [
            allow(["get", "list", "watch", "update", "create", "delete"], ["persistentvolumes"]),
            allow(["update"], ["persistentvolumes/status"]),
            allow(["get", "list", "watch", "update"], ["persistentvolumeclaims"]),
            allow(["update"], ["persistentvolumeclaims/status"]),
            allow(["list", "watch", "get", "create", "delete"], ["pods"]),
            allow(read, ["storageclasses"], in: ["storage.k8s.io"]),
            allow(["list", "watch"], ["nodes"]),
            events,
            allow(["watch"], ["events"]),
            allow(["get"], ["services"]),
        ]),
        controller("pod-garbage-collector", [
            allow(["list", "watch", "delete"], ["pods"]),
            allow(read, ["nodes"]),
            allow(["patch"], ["pods/status"]),
        ]),
        controller("replicaset-controller", [
            allow(["get", "list", "watch", "update"], ["replicasets"], in: appsAndExtensions),
            allow(["update"], ["replicasets/status"], in: appsAndExtensions),
            allow(["update"], ["replicasets/finalizers"], in: appsAndExtensions),
            allow(["list", "watch", "patch", "create", "delete"], ["pods"]),
            events,
        ]),
        controller("replication-controller", [
            allow(["get", "list", "watch", "update"], ["replicationcontrollers"]),
            allow(["update"], ["replicationcontrollers/status"]),
            allow(["update"], ["replicationcontrollers/finalizers"]),
            allow(["list", "watch", "patch", "create", "delete"], ["pods"]),
            events,
        ]),
        controller("resourcequota-controller", [
            allow(["list", "watch"], ["*"], in: ["*"]),
            allow(["update"], ["resourcequotas/status"]),
            events,
        ]),
        controller("route-controller", [
            allow(["list", "watch"], ["nodes"]),
            allow(["patch"], ["nodes/status"]),
            events,
        ]),
        controller("service-account-controller", [
            allow(["create"], ["serviceaccounts"]),
            events,
        ]),
        controller("service-controller", [
            allow(read, ["services"]),
            allow(["patch", "update"], ["services/status"]),
            allow(["list", "watch"], ["nodes"]),
            events,
        ]),
        controller("statefulset-controller", [
            allow(["list", "watch"], ["pods"]),
            allow(read, ["statefulsets"], in: ["apps"]),
            allow(["update"], ["statefulsets/status"], in: ["apps"]),
            allow(["update"], ["statefulsets/finalizers"], in: ["apps"]),
            allow(["get", "create", "delete", "update", "patch"], ["pods"]),
            allow(["get", "create", "delete", "update", "patch", "list", "watch"], ["controllerrevisions"], in: ["apps"]),
            allow(["get", "create", "list", "watch"], ["persistentvolumeclaims"]),
            allow(["update", "delete"], ["persistentvolumeclaims"]),
            allow(["update"], ["pods/finalizers"]),
            events,
        ]),
        controller("ttl-controller", [
            allow(["update", "patch", "list", "watch"], ["nodes"]),
            events,
        ]),
        controller("certificate-controller", [
            allow(["get", "list", "watch", "delete"], ["certificatesigningrequests"], in: ["certificates.k8s.io"]),
            allow(
                ["update"], ["certificatesigningrequests/status", "certificatesigningrequests/approval"],
                in: ["certificates.k8s.io"]),
            allow(["approve"], ["signers"], in: ["certificates.k8s.io"], names: ["kubernetes.io/kube-apiserver-client-kubelet"]),
            allow(["sign"], ["signers"], in: ["certificates.k8s.io"], names: [
                "kubernetes.io/legacy-unknown", "kubernetes.io/kube-apiserver-client",
                "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving",
            ]),
            allow(["create"], ["subjectaccessreviews"], in: ["authorization.k8s.io"]),
            events,
        ]),
        controller("pvc-protection-controller", [
            allow(["get", "list", "watch", "update"], ["persistentvolumeclaims"]),
            allow(["list", "watch", "get"], ["pods"]),
            events,
        ]),
        controller("pv-protection-controller", [
            allow(["get", "list", "watch", "update"], ["persistentvolumes"]),
            events,
        ]),
        controller("ttl-after-finished-controller", [
            allow(["get", "list", "watch", "delete"], ["jobs"], in: ["batch"]),
            events,
        ]),
        controller("root-ca-cert-publisher", [
            allow(["create", "update"], ["configmaps"]),
            events,
        ]),
        controller("validatingadmissionpolicy-status-controller", [
            allow(read, ["validatingadmissionpolicies"], in: ["admissionregistration.k8s.io"]),
            allow(["get", "patch", "update"], ["validatingadmissionpolicies/status"], in: ["admissionregistration.k8s.io"]),
            events,
        ]),
        controller("legacy-service-account-token-cleaner", [
            allow(["get"], ["configmaps"], names: ["kube-apiserver-legacy-service-account-token-tracking"]),
            allow(["patch", "delete"], ["secrets"]),
        ]),
    ]
}
