import KubeAPI
import KubeAuth

/// Who a control loop is to kube-apiserver's authorizers, as in a real cluster:
/// - a kube-controller-manager controller acts, with `--use-service-account-credentials` (kubeadm sets it), as
///   its own service account in kube-system (`system:serviceaccount:kube-system:replicaset-controller`), which
///   the bootstrap policy binds to its `system:controller:<name>` role; without the flag, as
///   `system:kube-controller-manager`;
/// - the token controller always acts as `system:kube-controller-manager` (it runs on the root client, since
///   it makes the other controllers' credentials);
/// - the scheduler as `system:kube-scheduler`;
/// - each kubelet as `system:node:<node>` in `system:nodes`.
public enum ComponentIdentity: Sendable, Hashable {
    case controller(serviceAccount: String)
    case controllerManager
    case scheduler
    case kubelet

    /// The user it acts as; `node` names the kubelet's node.
    public func user(useServiceAccountCredentials: Bool, node: String?) -> UserInfo {
        switch self {
        case .controller(let account) where useServiceAccountCredentials:
            UserInfo.serviceAccount(namespace: "kube-system", name: account, uid: "").authenticated()
        case .controller, .controllerManager:
            UserInfo(name: "system:kube-controller-manager").authenticated()
        case .scheduler:
            UserInfo(name: "system:kube-scheduler").authenticated()
        case .kubelet:
            UserInfo(name: "system:node:\(node ?? "")", groups: [UserInfo.nodesGroup]).authenticated()
        }
    }

    /// The service account each controller's client is built for (`ClientBuilder.ClientOrDie(<name>)` in
    /// kube-controller-manager's `start*Controller` functions), by the controller's event source name.
    static let serviceAccounts = [
        "statefulset-controller": "statefulset-controller",
        "daemonset-controller": "daemon-set-controller",
        "deployment-controller": "deployment-controller",
        "replicaset-controller": "replicaset-controller",
        "replication-controller": "replication-controller",
        "resourcequota-controller": "resourcequota-controller",
        "clusterrole-aggregation-controller": "clusterrole-aggregation-controller",
        "root-ca-cert-publisher": "root-ca-cert-publisher",
        "csrsigning": "certificate-controller",
        "node-ipam-controller": "node-controller",
        "persistentvolume-controller": "persistent-volume-binder",
        "service-account-controller": "service-account-controller",
        "horizontal-pod-autoscaler": "horizontal-pod-autoscaler",
        "namespace-controller": "namespace-controller",
        "cronjob-controller": "cronjob-controller",
        "ttl-after-finished-controller": "ttl-after-finished-controller",
        "job-controller": "job-controller",
        "node-controller": "node-controller",
        "pod-garbage-collector-controller": "pod-garbage-collector",
        // "taint-manager uses existing cluster role from node-controller"
        "taint-eviction-controller": "node-controller",
        "controllermanager": "disruption-controller",
        "garbage-collector-controller": "generic-garbage-collector",
        "endpoint-controller": "endpoint-controller",
        "endpoint-slice-controller": "endpointslice-controller",
    ]
}

extension Controller {
    /// The loop's identity: the scheduler's and kubelet's by field manager, a controller's service account by its
    /// name (``ComponentIdentity/serviceAccounts``); any other loop acts as `system:kube-controller-manager`.
    public var identity: ComponentIdentity {
        switch fieldManager {
        case "kube-scheduler": return .scheduler
        case "kubelet": return .kubelet
        default: return ComponentIdentity.serviceAccounts[name].map { .controller(serviceAccount: $0) } ?? .controllerManager
        }
    }
}
