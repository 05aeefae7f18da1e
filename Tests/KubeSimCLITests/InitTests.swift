import Foundation
import Testing

/// `kubesim init` and the seeding of a new data directory: the cluster a fresh kubeadm 1.32 control plane holds,
/// checked through the built `kubesim` as a teacher would look at it (`get pods -n kube-system`, `etcdctl get /
/// --prefix --keys-only`, the static pods' command lines).
@Suite("kubesim init")
struct InitTests {
    // MARK: - What a fresh kubeadm 1.32 cluster keeps in etcd

    /// The keys of a fresh single-node kubeadm 1.32 cluster (after `kubeadm init`, with a pod network running)
    /// that the catalog can hold, leases and events aside. Random parts of names are written `<5>` (a
    /// generated suffix), `<hash>` (a controller revision's hash) and `<token-id>` (the bootstrap token's id).
    static let kubeadmKeys: [String] = {
        var keys: [String] = []
        func add(_ prefix: String, _ names: [String]) { keys += names.map { "/registry/\(prefix)/\($0)" } }

        // The aggregator's local APIServices: v1 of each built-in group, and v2 of autoscaling.
        add("apiregistration.k8s.io/apiservices", [
            "v1.", "v1.admissionregistration.k8s.io", "v1.apiextensions.k8s.io", "v1.apiregistration.k8s.io", "v1.apps",
            "v1.authentication.k8s.io", "v1.authorization.k8s.io", "v1.autoscaling", "v1.batch", "v1.certificates.k8s.io",
            "v1.coordination.k8s.io", "v1.discovery.k8s.io", "v1.events.k8s.io", "v1.flowcontrol.apiserver.k8s.io",
            "v1.networking.k8s.io", "v1.node.k8s.io", "v1.policy", "v1.rbac.authorization.k8s.io", "v1.scheduling.k8s.io",
            "v1.storage.k8s.io", "v2.autoscaling",
        ])
        // The control-plane kubelet's client certificate request, its CSINode, kube-proxy's revision, the
        // EndpointSlices beside the two services' Endpoints, and the two built-in PriorityClasses.
        add("certificatesigningrequests", ["csr-<5>"])
        add("controllerrevisions", ["kube-system/kube-proxy-<hash>"])
        add("csinodes", ["controlplane", "node01", "node02"])
        add("endpointslices", ["default/kubernetes", "kube-system/kube-dns-<5>"])
        add("priorityclasses", ["system-cluster-critical", "system-node-critical"])
        // API Priority and Fairness: the bootstrap configuration, mandatory and suggested.
        add("flowschemas", [
            "catch-all", "endpoint-controller", "exempt", "global-default", "kube-controller-manager", "kube-scheduler",
            "kube-system-service-accounts", "probes", "service-accounts", "system-leader-election", "system-node-high",
            "system-nodes", "workload-leader-election",
        ])
        add("prioritylevelconfigurations", [
            "catch-all", "exempt", "global-default", "leader-election", "node-high", "system", "workload-high", "workload-low",
        ])
        // kube-apiserver's bootstrap policy, with kubeadm's and the add-ons' RBAC.
        let controllers = [
            "attachdetach-controller", "certificate-controller", "clusterrole-aggregation-controller", "cronjob-controller",
            "daemon-set-controller", "deployment-controller", "disruption-controller", "endpoint-controller",
            "endpointslice-controller", "endpointslicemirroring-controller", "ephemeral-volume-controller",
            "expand-controller", "generic-garbage-collector", "horizontal-pod-autoscaler", "job-controller",
            "legacy-service-account-token-cleaner", "namespace-controller", "node-controller", "persistent-volume-binder",
            "pod-garbage-collector", "pv-protection-controller", "pvc-protection-controller", "replicaset-controller",
            "replication-controller", "resourcequota-controller", "root-ca-cert-publisher", "route-controller",
            "service-account-controller", "service-controller", "statefulset-controller", "ttl-after-finished-controller",
            "ttl-controller", "validatingadmissionpolicy-status-controller",
        ]
        add("clusterrolebindings", [
            "cluster-admin", "kubeadm:cluster-admins", "kubeadm:get-nodes", "kubeadm:kubelet-bootstrap",
            "kubeadm:node-autoapprove-bootstrap", "kubeadm:node-autoapprove-certificate-rotation", "kubeadm:node-proxier",
            "system:basic-user",
        ] + controllers.map { "system:controller:\($0)" } + [
            "system:coredns", "system:discovery", "system:kube-controller-manager", "system:kube-dns", "system:kube-scheduler",
            "system:monitoring", "system:node", "system:node-proxier", "system:public-info-viewer",
            "system:service-account-issuer-discovery", "system:volume-scheduler",
        ])
        add("clusterroles", [
            "admin", "cluster-admin", "edit", "kubeadm:get-nodes", "system:aggregate-to-admin", "system:aggregate-to-edit",
            "system:aggregate-to-view", "system:auth-delegator", "system:basic-user",
            "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
            "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
            "system:certificates.k8s.io:kube-apiserver-client-approver",
            "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver",
            "system:certificates.k8s.io:kubelet-serving-approver", "system:certificates.k8s.io:legacy-unknown-approver",
        ] + controllers.map { "system:controller:\($0)" } + [
            "system:coredns", "system:discovery", "system:heapster", "system:kube-aggregator", "system:kube-controller-manager",
            "system:kube-dns", "system:kube-scheduler", "system:kubelet-api-admin", "system:monitoring", "system:node",
            "system:node-bootstrapper", "system:node-problem-detector", "system:node-proxier",
            "system:persistent-volume-provisioner", "system:public-info-viewer", "system:service-account-issuer-discovery",
            "system:volume-scheduler", "view",
        ])
        add("configmaps", [
            "default/kube-root-ca.crt", "kube-node-lease/kube-root-ca.crt", "kube-public/cluster-info",
            "kube-public/kube-root-ca.crt", "kube-system/coredns", "kube-system/extension-apiserver-authentication",
            "kube-system/kube-apiserver-legacy-service-account-token-tracking", "kube-system/kube-proxy",
            "kube-system/kube-root-ca.crt", "kube-system/kubeadm-config", "kube-system/kubelet-config",
        ])
        add("daemonsets", ["kube-system/kube-proxy"])
        add("deployments", ["kube-system/coredns"])
        add("minions", ["controlplane", "node01", "node02"])
        add("namespaces", ["default", "kube-node-lease", "kube-public", "kube-system"])
        add("pods", [
            "kube-system/coredns-<hash>-<5>", "kube-system/coredns-<hash>-<5>", "kube-system/etcd-controlplane",
            "kube-system/kube-apiserver-controlplane", "kube-system/kube-controller-manager-controlplane",
            "kube-system/kube-proxy-<5>", "kube-system/kube-proxy-<5>", "kube-system/kube-proxy-<5>",
            "kube-system/kube-scheduler-controlplane",
        ])
        add("ranges", ["serviceips", "servicenodeports"])
        add("replicasets", ["kube-system/coredns-<hash>"])
        let namespaceRBAC = [
            "kube-public/kubeadm:bootstrap-signer-clusterinfo", "kube-public/system:controller:bootstrap-signer",
            "kube-system/kube-proxy", "kube-system/kubeadm:kubelet-config", "kube-system/kubeadm:nodes-kubeadm-config",
        ]
        add("rolebindings", namespaceRBAC + [
            "kube-system/system::extension-apiserver-authentication-reader",
            "kube-system/system::leader-locking-kube-controller-manager", "kube-system/system::leader-locking-kube-scheduler",
            "kube-system/system:controller:bootstrap-signer", "kube-system/system:controller:cloud-provider",
            "kube-system/system:controller:token-cleaner",
        ])
        add("roles", namespaceRBAC + [
            "kube-system/extension-apiserver-authentication-reader",
            "kube-system/system::leader-locking-kube-controller-manager", "kube-system/system::leader-locking-kube-scheduler",
            "kube-system/system:controller:bootstrap-signer", "kube-system/system:controller:cloud-provider",
            "kube-system/system:controller:token-cleaner",
        ])
        add("secrets", ["kube-system/bootstrap-token-<token-id>"])
        // `default` everywhere, one per controller kube-controller-manager runs (route and service controllers
        // need a cloud provider, so they have roles but no account), kubeadm's bootstrap signer and token
        // cleaner, and the add-ons'.
        let accounts = controllers.filter { $0 != "route-controller" && $0 != "service-controller" }
            + ["bootstrap-signer", "coredns", "default", "kube-proxy", "token-cleaner"]
        add("serviceaccounts", ["default/default", "kube-node-lease/default", "kube-public/default"]
            + accounts.sorted().map { "kube-system/\($0)" })
        add("services/endpoints", ["default/kubernetes", "kube-system/kube-dns"])
        add("services/specs", ["default/kubernetes", "kube-system/kube-dns"])
        return keys.sorted()
    }()

    /// Keys the same real cluster has that KubeSim does not write: kube-apiserver's endpoint lease, a raw
    /// Endpoints value its lease endpoint reconciler puts under an etcd lease with a 15 s TTL and keeps alive
    /// while it runs. It is no object of any resource type, and with no API server refreshing it the key would
    /// vanish 15 s after `kubesim init`.
    static let unrepresentableKeys = ["/registry/masterleases/192.168.56.10"]

    /// A key with its generated parts replaced as in `kubeadmKeys`.
    static func normalised(_ key: String) -> String {
        key.replacing(/coredns-[bcdfghjklmnpqrstvwxz2456789]{1,10}/) { _ in "coredns-<hash>" }
            .replacing(/(coredns-<hash>-|kube-proxy-|kube-dns-|csr-)[bcdfghjklmnpqrstvwxz2456789]{5}$/) { "\($0.1)<5>" }
            .replacing(/controllerrevisions\/kube-system\/kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{1,10}$/) { _ in
                "controllerrevisions/kube-system/kube-proxy-<hash>"
            }
            .replacing(/bootstrap-token-[a-z0-9]{6}$/) { _ in "bootstrap-token-<token-id>" }
    }

    /// Every key of the store, from `kubesim etcdctl get / --prefix --keys-only`.
    static func keys(_ workspace: KubectlWorkspace) async throws -> [String] {
        let result = try await KubeSimBinary.etcdctl(
            ["get", "/", "--prefix", "--keys-only"], dataDirectory: workspace.dataDirectory, bare: false)
        #expect(result.status == 0, "\(result)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// A workspace where `kubesim init` has run.
    static func initialised(_ arguments: [String] = []) async throws -> KubectlWorkspace {
        let workspace = try KubectlWorkspace(bare: false)
        let result = try await workspace.kubesim(["init"] + arguments)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("Your Kubernetes control-plane has initialized successfully!"), "\(result)")
        return workspace
    }

    // MARK: - Tests

    @Test func kubeSystemPodsAreRunningAndReadyAsInTheLesson() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        let pods = try await workspace.kubesim(["get", "pods", "-n", "kube-system"])
        #expect(pods.status == 0, "\(pods)")
        let lines = pods.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME ") == true && lines.first?.contains("READY   STATUS    RESTARTS   AGE") == true)
        let rows = lines.dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.map { Self.normalised($0[0]) } == [
            "coredns-<hash>-<5>", "coredns-<hash>-<5>", "etcd-controlplane", "kube-apiserver-controlplane",
            "kube-controller-manager-controlplane", "kube-proxy-<5>", "kube-proxy-<5>", "kube-proxy-<5>",
            "kube-scheduler-controlplane",
        ])
        for row in rows { #expect(Array(row[1...3]) == ["1/1", "Running", "0"], "\(row)") }
    }

    @Test func keysAreThoseOfAFreshKubeadmClusterApartFromLeasesAndEvents() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        let keys = try await Self.keys(workspace)
        let compared = keys.filter { !$0.hasPrefix("/registry/leases/") && !$0.hasPrefix("/registry/events/") }
        #expect(compared.map(Self.normalised).sorted() == Self.kubeadmKeys)
        // The leases are there too: the nodes' heartbeats, leader election, the API server's identity.
        let leases = keys.filter { $0.hasPrefix("/registry/leases/") }
        #expect(leases.count == 6)
        #expect(leases.contains("/registry/leases/kube-node-lease/controlplane"))
        #expect(leases.contains("/registry/leases/kube-system/kube-controller-manager"))
        #expect(leases.contains("/registry/leases/kube-system/kube-scheduler"))
        #expect(leases.contains { $0.wholeMatch(of: /\/registry\/leases\/kube-system\/apiserver-[a-z2-7]{26}/) != nil })
    }

    @Test func staticPodsCarryKubeadmsCommandLines() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        func pod(_ name: String) async throws -> [String: Any] {
            let result = try await workspace.kubesim(["get", "pod", name, "-n", "kube-system", "-o", "json"])
            #expect(result.status == 0, "\(result)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        func command(_ pod: [String: Any]) -> [String] {
            let containers = (pod["spec"] as? [String: Any])?["containers"] as? [[String: Any]]
            return containers?.first?["command"] as? [String] ?? []
        }

        let etcd = try await pod("etcd-controlplane")
        #expect(command(etcd) == [
            "etcd",
            "--advertise-client-urls=https://192.168.56.10:2379",
            "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
            "--client-cert-auth=true",
            "--data-dir=/var/lib/etcd",
            "--experimental-initial-corrupt-check=true",
            "--experimental-watch-progress-notify-interval=5s",
            "--initial-advertise-peer-urls=https://192.168.56.10:2380",
            "--initial-cluster=controlplane=https://192.168.56.10:2380",
            "--key-file=/etc/kubernetes/pki/etcd/server.key",
            "--listen-client-urls=https://127.0.0.1:2379,https://192.168.56.10:2379",
            "--listen-metrics-urls=http://127.0.0.1:2381",
            "--listen-peer-urls=https://192.168.56.10:2380",
            "--name=controlplane",
            "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
            "--peer-client-cert-auth=true",
            "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
            "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
            "--snapshot-count=10000",
            "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
        ])
        let metadata = try #require(etcd["metadata"] as? [String: Any])
        let annotations = try #require(metadata["annotations"] as? [String: String])
        #expect(annotations["kubeadm.kubernetes.io/etcd.advertise-client-urls"] == "https://192.168.56.10:2379")
        #expect(annotations["kubernetes.io/config.source"] == "file")
        #expect(annotations["kubernetes.io/config.hash"]?.count == 32)
        #expect(annotations["kubernetes.io/config.mirror"] == annotations["kubernetes.io/config.hash"])
        let owner = try #require((metadata["ownerReferences"] as? [[String: Any]])?.first)
        #expect(owner["kind"] as? String == "Node" && owner["name"] as? String == "controlplane" && owner["controller"] as? Bool == true)
        let spec = try #require(etcd["spec"] as? [String: Any])
        #expect(spec["hostNetwork"] as? Bool == true)
        #expect(spec["priorityClassName"] as? String == "system-node-critical")
        #expect(spec["priority"] as? Int == 2_000_001_000)
        #expect(spec["nodeName"] as? String == "controlplane")
        let volumes = try #require(spec["volumes"] as? [[String: Any]])
        #expect(volumes.map { ($0["hostPath"] as? [String: Any])?["path"] as? String } == ["/etc/kubernetes/pki/etcd", "/var/lib/etcd"])
        let status = try #require(etcd["status"] as? [String: Any])
        #expect(status["phase"] as? String == "Running" && status["podIP"] as? String == "192.168.56.10")

        let apiServer = command(try await pod("kube-apiserver-controlplane"))
        #expect(apiServer.first == "kube-apiserver")
        for flag in [
            "--advertise-address=192.168.56.10", "--authorization-mode=Node,RBAC", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
            "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
            "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt", "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
            "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key", "--etcd-servers=https://127.0.0.1:2379",
            "--secure-port=6443", "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-cluster-ip-range=10.96.0.0/12", "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
        ] {
            #expect(apiServer.contains(flag), "kube-apiserver lacks \(flag)")
        }
        #expect(Array(apiServer.dropFirst()) == apiServer.dropFirst().sorted(), "kubeadm sorts flags by name")
        let controllerManager = command(try await pod("kube-controller-manager-controlplane"))
        for flag in [
            "--allocate-node-cidrs=true", "--cluster-cidr=10.244.0.0/16", "--controllers=*,bootstrapsigner,tokencleaner",
            "--kubeconfig=/etc/kubernetes/controller-manager.conf", "--leader-elect=true", "--use-service-account-credentials=true",
        ] {
            #expect(controllerManager.contains(flag), "kube-controller-manager lacks \(flag)")
        }
        #expect(command(try await pod("kube-scheduler-controlplane")) == [
            "kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
            "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=127.0.0.1",
            "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true",
        ])
    }

    @Test func controlPlaneObjectsReadAsOnAKubeadmCluster() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        func get(_ arguments: [String]) async throws -> String {
            let result = try await workspace.kubesim(["get"] + arguments)
            #expect(result.status == 0, "\(result)")
            return result.stdout
        }
        #expect(try await get(["apiservice", "v1.apps", "-o", "jsonpath={.spec.groupPriorityMinimum}/{.spec.versionPriority}"]) == "17800/15")
        #expect(try await get(["apiservices", "v1.", "-o", "jsonpath={.status.conditions[0].type}={.status.conditions[0].status}"])
            == "Available=True")
        #expect(try await get(["pc", "system-node-critical", "-o", "jsonpath={.value}"]) == "2000001000")
        #expect(try await get(["pc", "system-cluster-critical", "-o", "jsonpath={.value}"]) == "2000000000")
        let schemas = try await get(["flowschemas", "-o", "jsonpath={range .items[*]}{.metadata.name}={.spec.matchingPrecedence} {end}"])
        #expect(schemas.split(separator: " ").count == 13)
        #expect(schemas.contains("exempt=1 ") && schemas.contains("catch-all=10000 "))
        let levels = try await get(["prioritylevelconfigurations", "-o", "jsonpath={.items[*].spec.type}"])
        #expect(levels.split(separator: " ").sorted() == ["Exempt"] + Array(repeating: "Limited", count: 7))
        let slice = try await get(["endpointslices", "-n", "kube-system", "-l", "kubernetes.io/service-name=kube-dns", "-o", "json"])
        let sliceList = try #require(try JSONSerialization.jsonObject(with: Data(slice.utf8)) as? [String: Any])
        let item = try #require((sliceList["items"] as? [[String: Any]])?.first)
        #expect((item["endpoints"] as? [Any])?.count == 2)
        #expect(((item["metadata"] as? [String: Any])?["ownerReferences"] as? [[String: Any]])?.first?["kind"] as? String == "Service")
        let revision = try await get([
            "controllerrevisions", "-n", "kube-system", "-o", "jsonpath={.items[0].revision} {.items[0].metadata.ownerReferences[0].name}",
        ])
        #expect(revision == "1 kube-proxy")
        #expect(try await get(["csinode", "controlplane", "-o", "jsonpath={.metadata.ownerReferences[0].kind}"]) == "Node")
        let csr = try await get(["csr", "-o", "jsonpath={.items[0].spec.signerName} {.items[0].spec.request}"])
        let parts = csr.split(separator: " ").map(String.init)
        #expect(parts.first == "kubernetes.io/kube-apiserver-client-kubelet")
        let pem = Data(base64Encoded: parts.last ?? "").map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"), "\(csr)")
    }

    @Test func initTwiceFailsItsPreflightAndWritesNothing() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        let revision = try await workspace.revision()
        let again = try await workspace.kubesim(["init"])
        #expect(again.status == 1)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("[preflight]") && again.stderr.contains("already holds an initialised cluster"), "\(again)")
        #expect(try await workspace.revision() == revision)
    }

    @Test func bareLeavesOnlyTheSystemNamespaces() async throws {
        let workspace = try KubectlWorkspace(bare: true)
        defer { workspace.remove() }
        let namespaces = try await workspace.kubesim(["get", "ns", "-o", "name"])
        #expect(namespaces.stdout == "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n")
        #expect(try await Self.keys(workspace) == [
            "/registry/namespaces/default", "/registry/namespaces/kube-node-lease", "/registry/namespaces/kube-public",
            "/registry/namespaces/kube-system", "/registry/ranges/serviceips", "/registry/ranges/servicenodeports",
        ])
        #expect(!FileManager.default.fileExists(atPath: workspace.dataDirectory + "/pki/ca.crt"))

        let initBare = try KubectlWorkspace(bare: false)
        defer { initBare.remove() }
        let made = try await initBare.kubesim(["init", "--bare"])
        #expect(made.status == 0, "\(made)")
        // The system namespaces, their `default` service accounts (the service account controller's) and the
        // service address ranges.
        #expect(try await Self.keys(initBare).count == 10)
    }

    @Test func firstUseOfANewDataDirectorySeedsTheSameCluster() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let applied = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests])
        #expect(applied.status == 0, "\(applied)")
        let keys = try await Self.keys(workspace).map(Self.normalised)
        #expect(Set(Self.kubeadmKeys).isSubset(of: keys))
        #expect(keys.contains("/registry/deployments/shop/web"))
        let dns = try await workspace.kubesim(["get", "svc", "kube-dns", "-n", "kube-system", "-o", "jsonpath={.spec.clusterIP}"])
        #expect(dns.stdout == "10.96.0.10")
        let kubernetes = try await workspace.kubesim(["get", "svc", "kubernetes", "-o", "jsonpath={.spec.clusterIP}"])
        #expect(kubernetes.stdout == "10.96.0.1")
        // Now the store exists: init refuses it.
        #expect(try await workspace.kubesim(["init"]).status == 1)
    }

    @Test func rootCAConfigMapsHoldTheClusterCA() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        let ca = try String(contentsOfFile: workspace.dataDirectory + "/pki/ca.crt", encoding: .utf8)
        #expect(ca.hasPrefix("-----BEGIN CERTIFICATE-----"))
        for namespace in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let configMap = try await workspace.kubesim(["get", "cm", "kube-root-ca.crt", "-n", namespace, "-o", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(configMap.stdout.utf8)) as? [String: Any]
            #expect((object?["data"] as? [String: String])?["ca.crt"] == ca, "kube-root-ca.crt in \(namespace)")
        }
    }

    @Test func workersJoinWithAKubeProxyPodAndALeaseEach() async throws {
        let workspace = try await Self.initialised(["--workers", "2", "--node-name", "master"])
        defer { workspace.remove() }
        let nodes = try await workspace.kubesim(["get", "nodes"])
        let rows = nodes.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { [$0[0], $0[1], $0[2], $0[4]] } == [
            ["master", "Ready", "control-plane", "v1.32.3"], ["node01", "Ready", "<none>", "v1.32.3"],
            ["node02", "Ready", "<none>", "v1.32.3"],
        ])
        let proxies = try await workspace.kubesim([
            "get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-proxy", "-o", "jsonpath={.items[*].spec.nodeName}",
        ])
        #expect(proxies.stdout.split(separator: " ").sorted() == ["master", "node01", "node02"])
        let daemonSet = try await workspace.kubesim(["get", "ds", "kube-proxy", "-n", "kube-system", "-o", "jsonpath={.status.numberReady}"])
        #expect(daemonSet.stdout == "3")
        let keys = try await Self.keys(workspace)
        #expect(keys.contains("/registry/pods/kube-system/etcd-master"))
        #expect(keys.contains("/registry/leases/kube-node-lease/node02"))
        #expect(keys.filter { $0.hasPrefix("/registry/csinodes/") } == [
            "/registry/csinodes/master", "/registry/csinodes/node01", "/registry/csinodes/node02",
        ])
        let taint = try await workspace.kubesim(["get", "node", "master", "-o", "jsonpath={.spec.taints[0].key}:{.spec.taints[0].effect}"])
        #expect(taint.stdout == "node-role.kubernetes.io/control-plane:NoSchedule")
        let addresses = try await workspace.kubesim(["get", "node", "node01", "-o", "jsonpath={.status.addresses[*].address}"])
        #expect(addresses.stdout == "192.168.56.11 node01")
    }

    @Test func twoClustersDifferOnlyInWhatTheAPIServerAssigns() async throws {
        let first = try await Self.initialised()
        defer { first.remove() }
        let second = try await Self.initialised()
        defer { second.remove() }
        // Events are named after the time they were recorded at, as client-go names them: left out.
        let firstKeys = try await Self.keys(first).filter { !$0.hasPrefix("/registry/events/") }
        #expect(try await Self.keys(second).filter { !$0.hasPrefix("/registry/events/") } == firstKeys)
        let format = "custom-columns=NAME:.metadata.name,IP:.status.podIP,NODE:.spec.nodeName,IMAGE:.spec.containers[0].image"
        let firstPods = try await first.kubesim(["get", "pods", "-A", "-o", format])
        #expect(firstPods.stdout.split(separator: "\n").count == 10)
        #expect(try await second.kubesim(["get", "pods", "-A", "-o", format]).stdout == firstPods.stdout)
    }
}
