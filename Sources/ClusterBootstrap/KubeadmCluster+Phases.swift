import KubeAPI

/// The order the objects reach etcd in, following a real bring-up: kube-apiserver starts (bootstrap policy,
/// `kubernetes` service), the control-plane kubelet registers its node and mirrors its static pods, the
/// controller manager and scheduler take their leases and create service accounts, `kubeadm
/// init` uploads its configuration, token and RBAC and applies CoreDNS and kube-proxy, the other control-plane
/// nodes join (`kubeadm join --control-plane`: node, API server, etcd member, static pods), and the workers join.
/// The control loops make the rest between phases, as on a real bring-up: each namespace's `default` account and
/// `kube-root-ca.crt` (the root CA publisher's, with the CA of the data directory's PKI), CoreDNS's ReplicaSet and pods
/// (scheduled on the control plane, the only node before the workers join), the `kube-dns` endpoints, and
/// kube-proxy's ControllerRevision and pods (the control plane's first, each worker's as it joins).
extension KubeadmCluster {
    var phases: [SeedPhase] {
        let cluster = self
        return [
            SeedPhase(name: "kube-apiserver") { _ in
                cluster.bootstrapPolicy + [
                    cluster.kubernetesService, cluster.kubernetesEndpoints, cluster.extensionAuthenticationConfigMap,
                    cluster.legacyTokenTrackingConfigMap, cluster.apiServerLease(cluster.controlPlane),
                ] + cluster.priorityLevelConfigurations + cluster.flowSchemas + cluster.priorityClasses
                    + [cluster.kubernetesEndpointSlice] + cluster.apiServices
            },
            SeedPhase(name: "kubelet: register \(controlPlane.name)") { _ in
                [cluster.kubeletCertificateSigningRequest, cluster.nodeObject(cluster.controlPlane)]
            },
            SeedPhase(name: "kubelet: static pods") { seeded in
                [cluster.csiNode(cluster.controlPlane, seeded)]
                    + cluster.staticPods(cluster.controlPlane).map { cluster.mirrorPod($0, on: cluster.controlPlane, seeded: seeded) }
            },
            SeedPhase(name: "kube-controller-manager, kube-scheduler") { _ in
                [cluster.leaderLease("kube-controller-manager"), cluster.leaderLease("kube-scheduler")]
                    + cluster.controllerManagerServiceAccounts
            },
            SeedPhase(name: "kubeadm: upload-config, bootstrap-token") { _ in
                [cluster.clusterAdminsBinding, cluster.kubeadmConfigMap] + cluster.kubeadmConfigAccess
                    + [cluster.kubeletConfigMap] + cluster.kubeletConfigAccess
                    + [cluster.bootstrapTokenSecretObject] + cluster.bootstrapTokenAccess
                    + [cluster.clusterInfoConfigMap] + cluster.clusterInfoAccess
            },
            SeedPhase(name: "kubeadm: addons") { _ in
                [
                    cluster.coreDNSConfigMap, cluster.coreDNSClusterRole, cluster.coreDNSClusterRoleBinding,
                    cluster.coreDNSServiceAccount, cluster.coreDNSDeployment, cluster.kubeDNSService,
                    cluster.kubeProxyServiceAccount,
                ] + cluster.kubeProxyAccess + [cluster.kubeProxyConfigMap, cluster.kubeProxyDaemonSet]
            },
        ] + joinedControlPlanes.flatMap { node in
            [
                SeedPhase(name: "kubeadm join --control-plane: \(node.name)") { _ in
                    [cluster.nodeObject(node), cluster.apiServerLease(node)]
                },
                SeedPhase(name: "kubelet: static pods of \(node.name)") { seeded in
                    [cluster.csiNode(node, seeded)]
                        + cluster.staticPods(node).map { cluster.mirrorPod($0, on: node, seeded: seeded) }
                },
            ]
        } + [
            SeedPhase(name: "kubeadm join") { _ in cluster.workers.map(cluster.nodeObject) },
            SeedPhase(name: "kubelet: workers") { seeded in cluster.workers.map { cluster.csiNode($0, seeded) } },
        ]
    }
}
