import Crypto
import Foundation
import KubeAPI
import SwiftASN1
import X509

/// What the control plane writes for itself besides RBAC and the `kubernetes` service: the aggregator's local
/// APIServices, the bootstrap PriorityClasses and API Priority and Fairness configuration (kube-apiserver),
/// the EndpointSlices mirroring the services' endpoints, the nodes' CSINodes and the control-plane kubelet's client
/// certificate request (kubelets).
extension KubeadmCluster {
    // MARK: - APIServices

    /// The group-versions kube-apiserver 1.32 serves by default with their `GroupPriorityMinimum` and
    /// `VersionPriority` (kubernetes `pkg/controlplane/apiserver/aggregator.go` and the kube-apiserver table).
    static let apiServicePriorities: [(group: String, version: String, groupPriority: Int64, versionPriority: Int64)] = [
        ("", "v1", 18000, 1), ("admissionregistration.k8s.io", "v1", 16700, 15), ("apiextensions.k8s.io", "v1", 16700, 15),
        ("apiregistration.k8s.io", "v1", 18000, 15), ("apps", "v1", 17800, 15), ("authentication.k8s.io", "v1", 17700, 15),
        ("authorization.k8s.io", "v1", 17600, 15), ("autoscaling", "v1", 17500, 15), ("autoscaling", "v2", 17500, 30),
        ("batch", "v1", 17400, 15), ("certificates.k8s.io", "v1", 17300, 15), ("coordination.k8s.io", "v1", 16500, 15),
        ("discovery.k8s.io", "v1", 16200, 15), ("events.k8s.io", "v1", 17750, 15),
        ("flowcontrol.apiserver.k8s.io", "v1", 16100, 21), ("networking.k8s.io", "v1", 17200, 15),
        ("node.k8s.io", "v1", 16300, 15), ("policy", "v1", 17100, 15), ("rbac.authorization.k8s.io", "v1", 17000, 15),
        ("scheduling.k8s.io", "v1", 16600, 15), ("storage.k8s.io", "v1", 16800, 15),
    ]

    /// The autoregister controller's local APIService of each group-version (`<version>.<group>`, no service),
    /// which the availability controller marks Available.
    var apiServices: [SeedObject] {
        Self.apiServicePriorities.map { entry in
            var spec: JSONValue = [
                "version": .string(entry.version), "groupPriorityMinimum": .int(entry.groupPriority),
                "versionPriority": .int(entry.versionPriority),
            ]
            if !entry.group.isEmpty { spec["group"] = .string(entry.group) }
            let metadata = JSONValue.metadata(
                "\(entry.version).\(entry.group)", labels: ["kube-aggregator.kubernetes.io/automanaged": "onstart"])
            let status: JSONValue = [
                "conditions": [[
                    "type": "Available", "status": "True", "reason": "Local",
                    "message": "Local APIServices are always available", "lastTransitionTime": .string(time),
                ]]
            ]
            return SeedObject(
                .object("apiregistration.k8s.io/v1", "APIService", metadata, ["spec": spec, "status": status]),
                by: "kube-apiserver", statusBy: "kube-apiserver")
        }
    }

    // MARK: - PriorityClasses

    /// The two PriorityClasses kube-apiserver's scheduling post-start hook creates.
    var priorityClasses: [SeedObject] {
        [
            ("system-cluster-critical", Int64(2_000_000_000),
             "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
            ("system-node-critical", Int64(2_000_001_000), "Used for system critical pods that must not be moved from their current node."),
        ].map { name, value, description in
            SeedObject(
                .object(
                    "scheduling.k8s.io/v1", "PriorityClass", .metadata(name),
                    ["value": .int(value), "description": .string(description), "preemptionPolicy": "PreemptLowerPriority"]),
                by: "kube-apiserver")
        }
    }

    // MARK: - API Priority and Fairness

    /// The field manager of the bootstrap configuration (apiserver `pkg/util/flowcontrol`).
    static let apfProducer = "api-priority-and-fairness-config-producer-v1"

    /// The eight bootstrap PriorityLevelConfigurations of kube-apiserver 1.32
    /// (apiserver `pkg/apis/flowcontrol/bootstrap/default.go`), mandatory and suggested.
    var priorityLevelConfigurations: [SeedObject] {
        func limited(_ shares: Int64, lendable: Int64, queues: Int64?, handSize: Int64 = 6, queueLength: Int64 = 50) -> JSONValue {
            var response: JSONValue = ["type": "Reject"]
            if let queues {
                response = ["type": "Queue", "queuing": ["queues": .int(queues), "handSize": .int(handSize), "queueLengthLimit": .int(queueLength)]]
            }
            return [
                "type": "Limited",
                "limited": ["nominalConcurrencyShares": .int(shares), "lendablePercent": .int(lendable), "limitResponse": response],
            ]
        }
        let levels: [(String, JSONValue)] = [
            ("exempt", ["type": "Exempt", "exempt": ["nominalConcurrencyShares": 0, "lendablePercent": 0]]),
            ("catch-all", limited(5, lendable: 0, queues: nil)),
            ("system", limited(30, lendable: 33, queues: 64)),
            ("node-high", limited(40, lendable: 25, queues: 64)),
            ("leader-election", limited(10, lendable: 0, queues: 16, handSize: 4)),
            ("workload-high", limited(40, lendable: 50, queues: 128)),
            ("workload-low", limited(100, lendable: 90, queues: 128)),
            ("global-default", limited(20, lendable: 50, queues: 128)),
        ]
        return levels.map { name, spec in
            SeedObject(
                .object(
                    "flowcontrol.apiserver.k8s.io/v1", "PriorityLevelConfiguration",
                    .metadata(name, annotations: ["apf.kubernetes.io/autoupdate-spec": "true"]), ["spec": spec]),
                by: Self.apfProducer)
        }
    }

    /// The thirteen bootstrap FlowSchemas of kube-apiserver 1.32, with the Dangling=False condition the
    /// configuration controller reports once their priority levels exist.
    var flowSchemas: [SeedObject] {
        func group(_ name: String) -> JSONValue { ["kind": "Group", "group": ["name": .string(name)]] }
        func user(_ name: String) -> JSONValue { ["kind": "User", "user": ["name": .string(name)]] }
        func account(_ name: String) -> JSONValue {
            ["kind": "ServiceAccount", "serviceAccount": ["name": .string(name), "namespace": "kube-system"]]
        }
        func resources(_ verbs: [String], _ groups: [String], _ resources: [String], _ namespaces: [String], cluster: Bool)
            -> JSONValue
        {
            var rule: JSONValue = [
                "verbs": .strings(verbs), "apiGroups": .strings(groups), "resources": .strings(resources),
                "namespaces": .strings(namespaces),
            ]
            if cluster { rule["clusterScope"] = true }
            return rule
        }
        let everything = resources(["*"], ["*"], ["*"], ["*"], cluster: true)
        let everyURL: JSONValue = ["verbs": ["*"], "nonResourceURLs": ["*"]]
        func all(_ subjects: [JSONValue]) -> JSONValue {
            ["subjects": .array(subjects), "resourceRules": [everything], "nonResourceRules": [everyURL]]
        }
        let anyone = [group("system:unauthenticated"), group("system:authenticated")]
        let lockVerbs = ["get", "create", "update"]
        let schemas: [(String, String, Int64, String?, JSONValue)] = [
            ("exempt", "exempt", 1, nil, all([group("system:masters")])),
            ("probes", "exempt", 2, nil, [
                "subjects": .array(anyone),
                "nonResourceRules": [["verbs": ["get"], "nonResourceURLs": ["/healthz", "/readyz", "/livez"]]],
            ]),
            ("system-leader-election", "leader-election", 100, "ByUser", [
                "subjects": .array([user("system:kube-controller-manager"), user("system:kube-scheduler"), account("*")]),
                "resourceRules": [
                    resources(lockVerbs, [""], ["endpoints", "configmaps"], ["kube-system"], cluster: false),
                    resources(lockVerbs, ["coordination.k8s.io"], ["leases"], ["*"], cluster: false),
                ],
            ]),
            ("endpoint-controller", "workload-high", 150, "ByUser", [
                "subjects": .array([
                    user("system:kube-controller-manager"), account("endpoint-controller"),
                    account("endpointslicemirroring-controller"),
                ]),
                "resourceRules": [resources(["*"], [""], ["endpoints"], ["*"], cluster: false)],
            ]),
            ("workload-leader-election", "leader-election", 200, "ByUser", [
                "subjects": .array([account("*")]),
                "resourceRules": [
                    resources(lockVerbs, [""], ["endpoints", "configmaps"], ["*"], cluster: false),
                    resources(lockVerbs, ["coordination.k8s.io"], ["leases"], ["*"], cluster: false),
                ],
            ]),
            ("system-node-high", "node-high", 400, "ByUser", [
                "subjects": .array([group("system:nodes")]),
                "resourceRules": [
                    resources(["*"], [""], ["nodes", "nodes/status"], ["*"], cluster: true),
                    resources(["*"], ["coordination.k8s.io"], ["leases"], ["*"], cluster: false),
                ],
            ]),
            ("system-nodes", "system", 500, "ByUser", all([group("system:nodes")])),
            ("kube-controller-manager", "workload-high", 800, "ByNamespace", all([user("system:kube-controller-manager")])),
            ("kube-scheduler", "workload-high", 800, "ByNamespace", all([user("system:kube-scheduler")])),
            ("kube-system-service-accounts", "workload-high", 900, "ByNamespace", all([account("*")])),
            ("service-accounts", "workload-low", 9000, "ByUser", all([group("system:serviceaccounts")])),
            ("global-default", "global-default", 9900, "ByUser", all(anyone)),
            ("catch-all", "catch-all", 10000, "ByUser", all(anyone)),
        ]
        return schemas.map { name, level, precedence, distinguisher, rules in
            var spec: JSONValue = [
                "priorityLevelConfiguration": ["name": .string(level)], "matchingPrecedence": .int(precedence),
                "rules": [rules],
            ]
            if let distinguisher { spec["distinguisherMethod"] = ["type": .string(distinguisher)] }
            let status: JSONValue = [
                "conditions": [[
                    "type": "Dangling", "status": "False", "reason": "Found", "lastTransitionTime": .string(time),
                    "message": .string("This FlowSchema references the PriorityLevelConfiguration object named \"\(level)\" and it exists"),
                ]]
            ]
            return SeedObject(
                .object(
                    "flowcontrol.apiserver.k8s.io/v1", "FlowSchema",
                    .metadata(name, annotations: ["apf.kubernetes.io/autoupdate-spec": "true"]),
                    ["spec": spec, "status": status]),
                by: Self.apfProducer, statusBy: "api-priority-and-fairness-config-consumer-v1")
        }
    }

    // MARK: - EndpointSlices

    /// The `kubernetes` service's EndpointSlice, which kube-apiserver's endpoint reconciler keeps beside its
    /// Endpoints.
    var kubernetesEndpointSlice: SeedObject {
        let metadata = JSONValue.metadata("kubernetes", namespace: "default", labels: ["kubernetes.io/service-name": "kubernetes"])
        return SeedObject(
            .object(
                "discovery.k8s.io/v1", "EndpointSlice", metadata,
                [
                    "addressType": "IPv4",
                    "endpoints": .array(controlPlanes.map { ["addresses": [.string($0.address)], "conditions": ["ready": true]] }),
                    "ports": [["name": "https", "port": .int(Int64(Self.apiServerPort)), "protocol": "TCP"]],
                ]),
            by: "kube-apiserver")
    }

    // MARK: - Kubelets

    /// The CSINode a kubelet creates for its node once registered (no CSI drivers installed), owned by the node.
    func csiNode(_ node: Node, _ seeded: SeededObjects) -> SeedObject {
        var metadata = JSONValue.metadata(node.name)
        metadata["ownerReferences"] = [
            ["apiVersion": "v1", "kind": "Node", "name": .string(node.name), "uid": .string(seeded.uid("Node", nil, node.name))]
        ]
        return SeedObject(.object("storage.k8s.io/v1", "CSINode", metadata, ["spec": ["drivers": .null]]), by: "kubelet")
    }

    var kubeletCSRName: String { "csr-\(StableNames.suffix("csr/kubelet/\(controlPlane.name)"))" }

    /// The control-plane kubelet's request for a client certificate (`kubernetes.io/kube-apiserver-client-kubelet`),
    /// auto-approved by kube-controller-manager under kubeadm's `node-autoapprove-certificate-rotation` binding. The
    /// request is a real PKCS#10 request for `system:node:<name>` in `system:nodes`, with a key derived from the
    /// node's name; the issued certificate is not kept.
    var kubeletCertificateSigningRequest: SeedObject {
        let username = "system:node:\(controlPlane.name)"
        var metadata = JSONValue.metadata(kubeletCSRName)
        metadata["generateName"] = "csr-"
        let status: JSONValue = [
            "conditions": [[
                "type": "Approved", "status": "True", "reason": "AutoApproved",
                "message": "Auto approving self kubelet client certificate after SubjectAccessReview.",
                "lastUpdateTime": .string(time), "lastTransitionTime": .string(time),
            ]]
        ]
        return SeedObject(
            .object(
                "certificates.k8s.io/v1", "CertificateSigningRequest", metadata,
                [
                    "spec": [
                        "request": .string(Data(kubeletCSRPEM(username).utf8).base64EncodedString()),
                        "signerName": "kubernetes.io/kube-apiserver-client-kubelet",
                        "usages": ["digital signature", "client auth"],
                        "username": .string(username), "groups": ["system:nodes", "system:authenticated"],
                    ],
                    "status": status,
                ]),
            by: "kubelet", statusBy: "kube-controller-manager")
    }

    /// A PEM `CERTIFICATE REQUEST` for `username` in `system:nodes`, signed with a P-256 key derived from the node.
    private func kubeletCSRPEM(_ username: String) -> String {
        (try? Self.certificateRequestPEM(
            commonName: username, organization: "system:nodes", keySeed: "kubelet-client-key/\(controlPlane.name)")) ?? ""
    }

    private static func certificateRequestPEM(commonName: String, organization: String, keySeed: String) throws -> String {
        let key = try P256.Signing.PrivateKey(rawRepresentation: Data(SHA256.hash(data: Data(keySeed.utf8))))
        let subject = try DistinguishedName {
            OrganizationName(organization)
            CommonName(commonName)
        }
        let request = try CertificateSigningRequest(
            version: .v1, subject: subject, privateKey: Certificate.PrivateKey(key),
            attributes: CertificateSigningRequest.Attributes(), signatureAlgorithm: .ecdsaWithSHA256)
        return try request.serializeAsPEM().pemString + "\n"
    }
}
