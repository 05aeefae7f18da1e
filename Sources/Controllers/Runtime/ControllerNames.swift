/// kube-controller-manager's canonical controller names (`cmd/kube-controller-manager/names`), which its
/// start-up lines use (`"Started controller" controller="endpoints-controller"`), for the loops whose event source
/// (their `name`) differs from it.
enum ControllerNames {
    private static let canonicalByEventSource = [
        "service-account-controller": "serviceaccount-controller",
        "root-ca-cert-publisher": "root-ca-certificate-publisher-controller",
        "replication-controller": "replicationcontroller-controller",
        "controllermanager": "disruption-controller",
        "endpoint-controller": "endpoints-controller",
        "endpoint-slice-controller": "endpointslice-controller",
        "node-controller": "node-lifecycle-controller",
        "persistentvolume-controller": "persistentvolume-binder-controller",
    ]

    /// The canonical name of the controller whose events come from `eventSource`.
    static func canonical(_ eventSource: String) -> String {
        canonicalByEventSource[eventSource] ?? eventSource
    }
}
