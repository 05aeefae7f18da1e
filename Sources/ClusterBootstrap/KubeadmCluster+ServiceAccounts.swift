import KubeAPI

/// The service accounts of a fresh cluster: one per controller kube-controller-manager runs with
/// `--use-service-account-credentials`, and the add-ons' (`coredns`, `kube-proxy`, made by kubeadm). The
/// `default` account of every namespace is the service account controller's to make.
extension KubeadmCluster {
    /// The controllers that run in kube-controller-manager 1.32 with kubeadm's `--controllers=*,bootstrapsigner,
    /// tokencleaner` and no cloud provider, by the service account each acts as.
    static let controllerServiceAccounts = [
        "attachdetach-controller", "bootstrap-signer", "certificate-controller", "clusterrole-aggregation-controller",
        "cronjob-controller", "daemon-set-controller", "deployment-controller", "disruption-controller",
        "endpoint-controller", "endpointslice-controller", "endpointslicemirroring-controller",
        "ephemeral-volume-controller", "expand-controller", "generic-garbage-collector", "horizontal-pod-autoscaler",
        "job-controller", "legacy-service-account-token-cleaner", "namespace-controller", "node-controller",
        "persistent-volume-binder", "pod-garbage-collector", "pv-protection-controller", "pvc-protection-controller",
        "replicaset-controller", "replication-controller", "resourcequota-controller", "root-ca-cert-publisher",
        "service-account-controller", "statefulset-controller", "token-cleaner", "ttl-after-finished-controller",
        "ttl-controller", "validatingadmissionpolicy-status-controller",
    ]

    func serviceAccount(_ name: String, namespace: String, by manager: String) -> SeedObject {
        SeedObject(.object("v1", "ServiceAccount", .metadata(name, namespace: namespace)), by: manager)
    }

    /// What kube-controller-manager creates as it starts: its controllers' accounts.
    var controllerManagerServiceAccounts: [SeedObject] {
        Self.controllerServiceAccounts.map { serviceAccount($0, namespace: "kube-system", by: "kube-controller-manager") }
    }
}
