import KubeAPI

/// The RBAC objects kube-apiserver 1.32 creates on its first start (`plugin/pkg/auth/authorizer/rbac/
/// bootstrappolicy`): the default cluster roles and their bindings, the roles in kube-system and kube-public,
/// and one role and binding per kube-controller-manager controller (`BootstrapPolicy+Controllers.swift`).
///
/// Rules are those of the policy with the feature gates 1.32 enables by default; roles gated off by default
/// (dynamic resource allocation, multi-CIDR services, volume attributes classes, ...) are left out. The
/// aggregated roles (`admin`, `edit`, `view`) carry the rules the cluster-role aggregation controller fills in.
enum BootstrapPolicy {
    static let labels = ["kubernetes.io/bootstrapping": "rbac-defaults"]
    static let annotations = ["rbac.authorization.kubernetes.io/autoupdate": "true"]

    /// A named role of the policy: its rules, and for aggregating roles the label they collect.
    struct Role {
        var name: String
        var rules: [PolicyRule]
        var labels: [String: String] = [:]
        /// `rbac.authorization.k8s.io/aggregate-to-<target>` roles this one gathers, if it aggregates.
        var aggregates: String?
    }

    static let read = PolicyRule.read
    static let readWrite = PolicyRule.readWrite
    static let write = PolicyRule.write
    static let events = PolicyRule.events

    private static func allow(
        _ verbs: [String], _ resources: [String], in groups: [String] = [""], names: [String] = []
    ) -> PolicyRule {
        PolicyRule(verbs: verbs, groups: groups, resources: resources, names: names)
    }

    private static func aggregateLabel(_ target: String) -> [String: String] {
        ["rbac.authorization.k8s.io/aggregate-to-\(target)": "true"]
    }

    // MARK: - Cluster roles

    static let clusterRoles: [Role] = [
        Role(name: "admin", rules: [], aggregates: "admin"),
        Role(name: "cluster-admin", rules: [
            allow(["*"], ["*"], in: ["*"]),
            PolicyRule(verbs: ["*"], urls: ["*"]),
        ]),
        Role(name: "edit", rules: [], labels: aggregateLabel("admin"), aggregates: "edit"),
        Role(name: "system:aggregate-to-admin", rules: [
            allow(["create"], ["localsubjectaccessreviews"], in: ["authorization.k8s.io"]),
            allow(readWrite, ["rolebindings", "roles"], in: ["rbac.authorization.k8s.io"]),
        ], labels: aggregateLabel("admin")),
        Role(name: "system:aggregate-to-edit", rules: [
            allow(read, ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
            allow(["impersonate"], ["serviceaccounts"]),
            allow(write, ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
            allow(["create"], ["pods/eviction"]),
            allow(write, [
                "configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale",
                "secrets", "serviceaccounts", "services", "services/proxy",
            ]),
            allow(["create"], ["serviceaccounts/token"]),
            allow(write, [
                "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale",
                "statefulsets", "statefulsets/scale",
            ], in: ["apps"]),
            allow(write, ["horizontalpodautoscalers"], in: ["autoscaling"]),
            allow(write, ["cronjobs", "jobs"], in: ["batch"]),
            allow(write, [
                "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies",
                "replicasets", "replicasets/scale", "replicationcontrollers/scale",
            ], in: ["extensions"]),
            allow(write, ["poddisruptionbudgets"], in: ["policy"]),
            allow(write, ["ingresses", "networkpolicies"], in: ["networking.k8s.io"]),
            allow(readWrite, ["leases"], in: ["coordination.k8s.io"]),
        ], labels: aggregateLabel("edit")),
        Role(name: "system:aggregate-to-view", rules: [
            allow(read, [
                "configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
                "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status",
            ]),
            allow(read, [
                "bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
                "replicationcontrollers/status", "resourcequotas", "resourcequotas/status",
            ]),
            allow(read, ["namespaces"]),
            allow(read, ["endpointslices"], in: ["discovery.k8s.io"]),
            allow(read, [
                "controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
                "statefulsets/scale", "statefulsets/status",
            ], in: ["apps"]),
            allow(read, ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], in: ["autoscaling"]),
            allow(read, ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], in: ["batch"]),
            allow(read, [
                "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses",
                "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status",
                "replicationcontrollers/scale",
            ], in: ["extensions"]),
            allow(read, ["poddisruptionbudgets", "poddisruptionbudgets/status"], in: ["policy"]),
            allow(read, ["ingresses", "ingresses/status", "networkpolicies"], in: ["networking.k8s.io"]),
        ], labels: aggregateLabel("view")),
        Role(name: "system:auth-delegator", rules: [
            allow(["create"], ["tokenreviews"], in: ["authentication.k8s.io"]),
            allow(["create"], ["subjectaccessreviews"], in: ["authorization.k8s.io"]),
        ]),
        Role(name: "system:basic-user", rules: [
            allow(["create"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], in: ["authorization.k8s.io"]),
            allow(["create"], ["selfsubjectreviews"], in: ["authentication.k8s.io"]),
        ]),
        Role(name: "system:certificates.k8s.io:certificatesigningrequests:nodeclient", rules: [
            allow(["create"], ["certificatesigningrequests/nodeclient"], in: ["certificates.k8s.io"])
        ]),
        Role(name: "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", rules: [
            allow(["create"], ["certificatesigningrequests/selfnodeclient"], in: ["certificates.k8s.io"])
        ]),
        signerApprover("kube-apiserver-client"),
        signerApprover("kube-apiserver-client-kubelet"),
        signerApprover("kubelet-serving"),
        signerApprover("legacy-unknown"),
        Role(name: "system:discovery", rules: [
            PolicyRule(verbs: ["get"], urls: [
                "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version",
                "/version/",
            ])
        ]),
        Role(name: "system:heapster", rules: [
            allow(read, ["events", "namespaces", "nodes", "pods"]),
            allow(read, ["deployments"], in: ["extensions"]),
        ]),
        Role(name: "system:kube-aggregator", rules: [allow(read, ["endpoints", "services"])]),
        Role(name: "system:kube-controller-manager", rules: [
            events,
            allow(["create"], ["leases"], in: ["coordination.k8s.io"]),
            allow(["get", "update"], ["leases"], in: ["coordination.k8s.io"], names: ["kube-controller-manager"]),
            allow(["create"], ["secrets", "serviceaccounts"]),
            allow(["delete"], ["secrets"]),
            allow(["get"], ["configmaps", "namespaces", "secrets", "serviceaccounts"]),
            allow(["update"], ["secrets", "serviceaccounts"]),
            allow(["create"], ["tokenreviews"], in: ["authentication.k8s.io"]),
            allow(["create"], ["subjectaccessreviews"], in: ["authorization.k8s.io"]),
            allow(["list", "watch"], ["*"], in: ["*"]),
            allow(["create"], ["serviceaccounts/token"]),
        ]),
        Role(name: "system:kube-dns", rules: [allow(["list", "watch"], ["endpoints", "services"])]),
        Role(name: "system:kube-scheduler", rules: [
            events,
            allow(["create"], ["leases"], in: ["coordination.k8s.io"]),
            allow(["get", "update"], ["leases"], in: ["coordination.k8s.io"], names: ["kube-scheduler"]),
            allow(read, ["nodes"]),
            allow(["delete", "get", "list", "watch"], ["pods"]),
            allow(["create"], ["bindings", "pods/binding"]),
            allow(["patch", "update"], ["pods/status"]),
            allow(read, ["replicationcontrollers", "services"]),
            allow(read, ["replicasets"], in: ["apps", "extensions"]),
            allow(read, ["statefulsets"], in: ["apps"]),
            allow(read, ["poddisruptionbudgets"], in: ["policy"]),
            allow(read, ["persistentvolumeclaims", "persistentvolumes"]),
            allow(["create"], ["tokenreviews"], in: ["authentication.k8s.io"]),
            allow(["create"], ["subjectaccessreviews"], in: ["authorization.k8s.io"]),
            allow(read, ["csinodes"], in: ["storage.k8s.io"]),
            allow(read, ["namespaces"]),
            allow(read, ["csidrivers"], in: ["storage.k8s.io"]),
            allow(read, ["csistoragecapacities"], in: ["storage.k8s.io"]),
        ]),
        Role(name: "system:kubelet-api-admin", rules: [
            allow(read, ["nodes"]),
            allow(["proxy"], ["nodes"]),
            allow(["*"], ["nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"]),
        ]),
        Role(name: "system:monitoring", rules: [
            PolicyRule(verbs: ["get"], urls: [
                "/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*",
            ])
        ]),
        Role(name: "system:node", rules: [
            allow(["create"], ["tokenreviews"], in: ["authentication.k8s.io"]),
            allow(["create"], ["localsubjectaccessreviews", "subjectaccessreviews"], in: ["authorization.k8s.io"]),
            allow(read, ["services"]),
            allow(["create", "get", "list", "watch"], ["nodes"]),
            allow(["patch", "update"], ["nodes/status"]),
            allow(["patch", "update"], ["nodes"]),
            allow(["create", "patch", "update"], ["events"]),
            allow(read, ["pods"]),
            allow(["create", "delete"], ["pods"]),
            allow(["patch", "update"], ["pods/status"]),
            allow(["create"], ["pods/eviction"]),
            allow(read, ["configmaps", "secrets"]),
            allow(["get"], ["persistentvolumeclaims", "persistentvolumes"]),
            allow(["get"], ["endpoints"]),
            allow(["create", "get", "list", "watch"], ["certificatesigningrequests"], in: ["certificates.k8s.io"]),
            allow(["create", "delete", "get", "patch", "update"], ["leases"], in: ["coordination.k8s.io"]),
            allow(["get"], ["volumeattachments"], in: ["storage.k8s.io"]),
            allow(["create"], ["serviceaccounts/token"]),
            allow(["get", "patch", "update"], ["persistentvolumeclaims/status"]),
            allow(read, ["csidrivers"], in: ["storage.k8s.io"]),
            allow(["create", "delete", "get", "patch", "update"], ["csinodes"], in: ["storage.k8s.io"]),
            allow(read, ["runtimeclasses"], in: ["node.k8s.io"]),
        ]),
        Role(name: "system:node-bootstrapper", rules: [
            allow(["create", "get", "list", "watch"], ["certificatesigningrequests"], in: ["certificates.k8s.io"])
        ]),
        Role(name: "system:node-problem-detector", rules: [
            allow(["get"], ["nodes"]),
            allow(["patch"], ["nodes/status"]),
            events,
        ]),
        Role(name: "system:node-proxier", rules: [
            allow(["list", "watch"], ["endpoints", "services"]),
            allow(read, ["nodes"]),
            events,
            allow(["list", "watch"], ["endpointslices"], in: ["discovery.k8s.io"]),
        ]),
        Role(name: "system:persistent-volume-provisioner", rules: [
            allow(["create", "delete", "get", "list", "watch"], ["persistentvolumes"]),
            allow(["get", "list", "update", "watch"], ["persistentvolumeclaims"]),
            allow(read, ["storageclasses"], in: ["storage.k8s.io"]),
            allow(["watch"], ["events"]),
            events,
        ]),
        Role(name: "system:public-info-viewer", rules: [
            PolicyRule(verbs: ["get"], urls: ["/healthz", "/livez", "/readyz", "/version", "/version/"])
        ]),
        Role(name: "system:service-account-issuer-discovery", rules: [
            PolicyRule(verbs: ["get"], urls: ["/.well-known/openid-configuration", "/openid/v1/jwks"])
        ]),
        Role(name: "system:volume-scheduler", rules: [
            allow(["get", "list", "patch", "update", "watch"], ["persistentvolumes"]),
            allow(read, ["storageclasses"], in: ["storage.k8s.io"]),
            allow(["get", "list", "patch", "update", "watch"], ["persistentvolumeclaims"]),
        ]),
        Role(name: "view", rules: [], labels: aggregateLabel("edit"), aggregates: "view"),
    ]

    private static func signerApprover(_ signer: String) -> Role {
        Role(name: "system:certificates.k8s.io:\(signer)-approver", rules: [
            allow(["approve"], ["signers"], in: ["certificates.k8s.io"], names: ["kubernetes.io/\(signer)"])
        ])
    }

    /// The rules the aggregation controller gives a role: those of every role carrying its label, in name order,
    /// each rule once; aggregated roles' own (aggregated) rules included.
    static func aggregatedRules(_ target: String, roles: [Role]) -> [PolicyRule] {
        let label = "rbac.authorization.k8s.io/aggregate-to-\(target)"
        var rules: [PolicyRule] = []
        for role in roles.sorted(by: { $0.name < $1.name }) where role.labels[label] == "true" {
            let own = role.aggregates.map { aggregatedRules($0, roles: roles) } ?? role.rules
            for rule in own where !rules.contains(rule) { rules.append(rule) }
        }
        return rules
    }

    // MARK: - Cluster role bindings

    static let clusterRoleBindings: [(name: String, subjects: [Subject])] = [
        ("cluster-admin", [.group("system:masters")]),
        ("system:basic-user", [.group("system:authenticated")]),
        ("system:discovery", [.group("system:authenticated")]),
        ("system:kube-controller-manager", [.user("system:kube-controller-manager")]),
        ("system:kube-dns", [.serviceAccount("kube-system", "kube-dns")]),
        ("system:kube-scheduler", [.user("system:kube-scheduler")]),
        ("system:monitoring", [.group("system:monitoring")]),
        // The Node authorizer grants nodes their access; the binding is kept with no subjects.
        ("system:node", []),
        ("system:node-proxier", [.user("system:kube-proxy")]),
        ("system:public-info-viewer", [.group("system:authenticated"), .group("system:unauthenticated")]),
        ("system:service-account-issuer-discovery", [.group("system:serviceaccounts")]),
        ("system:volume-scheduler", [.user("system:kube-scheduler")]),
    ]

    // MARK: - Namespaced roles and bindings

    static let namespaceRoles: [(namespace: String, role: Role)] = [
        ("kube-public", Role(name: "system:controller:bootstrap-signer", rules: [
            allow(read, ["configmaps"]),
            allow(["update"], ["configmaps"], names: ["cluster-info"]),
            events,
        ])),
        ("kube-system", Role(name: "extension-apiserver-authentication-reader", rules: [
            allow(read, ["configmaps"], names: ["extension-apiserver-authentication"])
        ])),
        ("kube-system", leaderLocking("kube-controller-manager")),
        ("kube-system", leaderLocking("kube-scheduler")),
        ("kube-system", Role(name: "system:controller:bootstrap-signer", rules: [allow(read, ["secrets"])])),
        ("kube-system", Role(name: "system:controller:cloud-provider", rules: [
            allow(["create", "get", "list", "watch"], ["configmaps"])
        ])),
        ("kube-system", Role(name: "system:controller:token-cleaner", rules: [
            allow(["delete", "get", "list", "watch"], ["secrets"]),
            events,
        ])),
    ]

    private static func leaderLocking(_ component: String) -> Role {
        Role(name: "system::leader-locking-\(component)", rules: [
            allow(["create", "get", "list", "update", "watch"], ["leases"], in: ["coordination.k8s.io"]),
            allow(["create", "get", "list", "update", "watch"], ["leasecandidates"], in: ["coordination.k8s.io"]),
        ])
    }

    static let namespaceRoleBindings: [(namespace: String, name: String, role: String, subjects: [Subject])] = [
        ("kube-public", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer",
         [.serviceAccount("kube-system", "bootstrap-signer")]),
        ("kube-system", "system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader",
         [.user("system:kube-controller-manager"), .user("system:kube-scheduler")]),
        ("kube-system", "system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager",
         [.user("system:kube-controller-manager"), .serviceAccount("kube-system", "kube-controller-manager"),
          .serviceAccount("kube-system", "leader-election-controller")]),
        ("kube-system", "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler",
         [.user("system:kube-scheduler"), .serviceAccount("kube-system", "kube-scheduler")]),
        ("kube-system", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer",
         [.serviceAccount("kube-system", "bootstrap-signer")]),
        ("kube-system", "system:controller:cloud-provider", "system:controller:cloud-provider",
         [.serviceAccount("kube-system", "cloud-provider")]),
        ("kube-system", "system:controller:token-cleaner", "system:controller:token-cleaner",
         [.serviceAccount("kube-system", "token-cleaner")]),
    ]
}

extension KubeadmCluster {
    /// The bootstrap policy's objects (``bootstrapPolicy``), for a store whose cluster is not seeded: what the
    /// control loops' authorization is checked against in tests.
    public var bootstrapPolicyObjects: [JSONValue] { bootstrapPolicy.map(\.object) }

    /// Every object of the bootstrap policy, as kube-apiserver's `rbac/bootstrap-roles` start hook writes them:
    /// cluster roles (the defaults, then the controllers'), cluster role bindings, roles, role bindings.
    var bootstrapPolicy: [SeedObject] {
        let labels = BootstrapPolicy.labels
        let annotations = BootstrapPolicy.annotations
        let roles = BootstrapPolicy.clusterRoles
        var objects: [SeedObject] = []
        for bootstrap in roles + BootstrapPolicy.controllerRoles {
            let rules = bootstrap.aggregates.map { BootstrapPolicy.aggregatedRules($0, roles: roles) } ?? bootstrap.rules
            var clusterRole = role(
                "ClusterRole", bootstrap.name, rules: rules, by: "kube-apiserver", labels: bootstrap.labels.merging(labels) { $1 },
                annotations: annotations)
            if let target = bootstrap.aggregates {
                clusterRole.object["aggregationRule"] = [
                    "clusterRoleSelectors": [["matchLabels": ["rbac.authorization.k8s.io/aggregate-to-\(target)": "true"]]]
                ]
            }
            objects.append(clusterRole)
        }
        let controllerBindings = BootstrapPolicy.controllerRoles.map { role in
            (name: role.name, subjects: [Subject.serviceAccount("kube-system", String(role.name.dropFirst("system:controller:".count)))])
        }
        for (name, subjects) in BootstrapPolicy.clusterRoleBindings + controllerBindings {
            objects.append(binding(
                "ClusterRoleBinding", name, role: ("ClusterRole", name), subjects: subjects, by: "kube-apiserver", labels: labels,
                annotations: annotations))
        }
        for (namespace, bootstrap) in BootstrapPolicy.namespaceRoles {
            objects.append(role(
                "Role", bootstrap.name, namespace: namespace, rules: bootstrap.rules, by: "kube-apiserver", labels: labels,
                annotations: annotations))
        }
        for (namespace, name, roleName, subjects) in BootstrapPolicy.namespaceRoleBindings {
            objects.append(binding(
                "RoleBinding", name, namespace: namespace, role: ("Role", roleName), subjects: subjects, by: "kube-apiserver",
                labels: labels, annotations: annotations))
        }
        return objects
    }
}
