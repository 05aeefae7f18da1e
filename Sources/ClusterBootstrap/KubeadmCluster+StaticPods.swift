import Foundation
import KubeAPI

/// The control plane's static pods: the manifests kubeadm 1.32 writes to `/etc/kubernetes/manifests`
/// (`phases/etcd/local.go`, `phases/controlplane/manifests.go`, `util/staticpod`), as the mirror pods the
/// control-plane kubelet creates for them in kube-system, Running and ready.
extension KubeadmCluster {
    /// A static pod's manifest: its container, host-path volumes (name: path, type, read-only) and annotations.
    struct StaticPod {
        var component: String
        var command: [String]
        var image: String
        var requests: [String: String]
        var probes: [String: JSONValue]
        var mounts: [(name: String, path: String, type: String, readOnly: Bool)]
        /// etcd lists its mounts in its own order; the others' are sorted by name.
        var mountsInOrder = false
        var annotations: [String: String] = [:]
    }

    /// `etcd-<node>`: the node's etcd member on its address, with client and peer TLS. The first control-plane
    /// node's starts a new cluster of itself alone (`--initial-cluster` lists it, no `--initial-cluster-state`);
    /// a node that joined with `kubeadm join --control-plane` was first added with `etcdctl member add`, so its
    /// manifest lists the members so far and itself and says `--initial-cluster-state=existing`
    /// (kubeadm's `phases/etcd/local.go`, `getEtcdCommand`). kubeadm lists them in the order etcd's member
    /// list returns; KubeSim lists them in the order they joined.
    func etcdPod(_ node: Node) -> StaticPod {
        let address = node.address
        let pki = Self.certificatesDir + "/etcd"
        let members = controlPlanes.prefix { $0 != node } + [node]
        var flags = [
            "advertise-client-urls": "https://\(address):2379",
            "cert-file": "\(pki)/server.crt",
            "client-cert-auth": "true",
            "data-dir": "/var/lib/etcd",
            "experimental-initial-corrupt-check": "true",
            "experimental-watch-progress-notify-interval": "5s",
            "initial-advertise-peer-urls": "https://\(address):2380",
            "initial-cluster": members.map { "\($0.name)=https://\($0.address):2380" }.joined(separator: ","),
            "key-file": "\(pki)/server.key",
            "listen-client-urls": "https://127.0.0.1:2379,https://\(address):2379",
            "listen-metrics-urls": "http://127.0.0.1:2381",
            "listen-peer-urls": "https://\(address):2380",
            "name": node.name,
            "peer-cert-file": "\(pki)/peer.crt",
            "peer-client-cert-auth": "true",
            "peer-key-file": "\(pki)/peer.key",
            "peer-trusted-ca-file": "\(pki)/ca.crt",
            "snapshot-count": "10000",
            "trusted-ca-file": "\(pki)/ca.crt",
        ]
        if members.count > 1 { flags["initial-cluster-state"] = "existing" }
        return StaticPod(
            component: "etcd", command: Self.command("etcd", flags), image: Self.image("etcd", Self.etcdImageTag),
            requests: ["cpu": "100m", "memory": "100Mi"],
            probes: Self.probes(host: "127.0.0.1", port: 2381, scheme: "HTTP", liveness: "/livez", readiness: "/readyz", startup: "/readyz"),
            mounts: [
                ("etcd-data", "/var/lib/etcd", "DirectoryOrCreate", false),
                ("etcd-certs", pki, "DirectoryOrCreate", false),
            ],
            mountsInOrder: true,
            annotations: ["kubeadm.kubernetes.io/etcd.advertise-client-urls": "https://\(address):2379"])
    }

    /// `kube-apiserver-<node>`: serving on the node's address, storing in the node's own etcd member over TLS
    /// (`https://127.0.0.1:2379`: kubeadm's stacked etcd gives each API server its local member only,
    /// `phases/controlplane/manifests.go`).
    func apiServerPod(_ node: Node) -> StaticPod {
        let pki = Self.certificatesDir
        var flags = [
            "advertise-address": node.address,
            "allow-privileged": "true",
            "authorization-mode": "Node,RBAC",
            "client-ca-file": "\(pki)/ca.crt",
            "enable-admission-plugins": "NodeRestriction",
            "enable-bootstrap-token-auth": "true",
            "etcd-cafile": "\(pki)/etcd/ca.crt",
            "etcd-certfile": "\(pki)/apiserver-etcd-client.crt",
            "etcd-keyfile": "\(pki)/apiserver-etcd-client.key",
            "etcd-servers": "https://127.0.0.1:2379",
            "kubelet-client-certificate": "\(pki)/apiserver-kubelet-client.crt",
            "kubelet-client-key": "\(pki)/apiserver-kubelet-client.key",
            "kubelet-preferred-address-types": "InternalIP,ExternalIP,Hostname",
            "proxy-client-cert-file": "\(pki)/front-proxy-client.crt",
            "proxy-client-key-file": "\(pki)/front-proxy-client.key",
            "requestheader-allowed-names": "front-proxy-client",
            "requestheader-client-ca-file": "\(pki)/front-proxy-ca.crt",
            "requestheader-extra-headers-prefix": "X-Remote-Extra-",
            "requestheader-group-headers": "X-Remote-Group",
            "requestheader-username-headers": "X-Remote-User",
            "secure-port": String(Self.apiServerPort),
            "service-account-issuer": "https://kubernetes.default.svc.\(Self.dnsDomain)",
            "service-account-key-file": "\(pki)/sa.pub",
            "service-account-signing-key-file": "\(pki)/sa.key",
            "service-cluster-ip-range": Self.serviceSubnet,
            "tls-cert-file": "\(pki)/apiserver.crt",
            "tls-private-key-file": "\(pki)/apiserver.key",
        ]
        var mounts = Self.caCertificateMounts + [("k8s-certs", pki, "DirectoryOrCreate", true)]
        if let storageMediaType { flags["storage-media-type"] = storageMediaType }
        if encryptsAtRest {
            flags["encryption-provider-config"] = "\(Self.encryptionConfigDirectory)/enc.yaml"
            mounts.append(("enc", Self.encryptionConfigDirectory, "DirectoryOrCreate", true))
        }
        return StaticPod(
            component: "kube-apiserver", command: Self.command("kube-apiserver", flags),
            image: Self.image("kube-apiserver", Self.kubernetesVersion), requests: ["cpu": "250m"],
            probes: Self.probes(
                host: node.address, port: Int64(Self.apiServerPort), scheme: "HTTPS", liveness: "/livez", readiness: "/readyz",
                startup: "/livez"),
            mounts: mounts,
            annotations: [
                "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "\(node.address):\(Self.apiServerPort)"
            ])
    }

    /// `kube-controller-manager-<node>`: every controller plus the bootstrap-token ones, allocating node CIDRs
    /// from the pod network.
    var controllerManagerPod: StaticPod {
        let pki = Self.certificatesDir
        let kubeconfig = "/etc/kubernetes/controller-manager.conf"
        let flags = [
            "allocate-node-cidrs": "true",
            "authentication-kubeconfig": kubeconfig,
            "authorization-kubeconfig": kubeconfig,
            "bind-address": "127.0.0.1",
            "client-ca-file": "\(pki)/ca.crt",
            "cluster-cidr": podSubnet,
            "cluster-name": Self.clusterName,
            "cluster-signing-cert-file": "\(pki)/ca.crt",
            "cluster-signing-key-file": "\(pki)/ca.key",
            "controllers": "*,bootstrapsigner,tokencleaner",
            "kubeconfig": kubeconfig,
            "leader-elect": "true",
            "requestheader-client-ca-file": "\(pki)/front-proxy-ca.crt",
            "root-ca-file": "\(pki)/ca.crt",
            "service-account-private-key-file": "\(pki)/sa.key",
            "service-cluster-ip-range": Self.serviceSubnet,
            "use-service-account-credentials": "true",
        ]
        return StaticPod(
            component: "kube-controller-manager", command: Self.command("kube-controller-manager", flags),
            image: Self.image("kube-controller-manager", Self.kubernetesVersion), requests: ["cpu": "200m"],
            probes: Self.probes(host: "127.0.0.1", port: 10257, scheme: "HTTPS", liveness: "/healthz", startup: "/healthz"),
            mounts: Self.caCertificateMounts + [
                ("flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", "DirectoryOrCreate", false),
                ("k8s-certs", pki, "DirectoryOrCreate", true),
                ("kubeconfig", kubeconfig, "FileOrCreate", true),
            ])
    }

    /// `kube-scheduler-<node>`.
    var schedulerPod: StaticPod {
        let kubeconfig = "/etc/kubernetes/scheduler.conf"
        let flags = [
            "authentication-kubeconfig": kubeconfig,
            "authorization-kubeconfig": kubeconfig,
            "bind-address": "127.0.0.1",
            "kubeconfig": kubeconfig,
            "leader-elect": "true",
        ]
        return StaticPod(
            component: "kube-scheduler", command: Self.command("kube-scheduler", flags),
            image: Self.image("kube-scheduler", Self.kubernetesVersion), requests: ["cpu": "100m"],
            probes: Self.probes(host: "127.0.0.1", port: 10259, scheme: "HTTPS", liveness: "/healthz", startup: "/healthz"),
            mounts: [("kubeconfig", kubeconfig, "FileOrCreate", true)])
    }

    /// The static pods of a control-plane node.
    func staticPods(_ node: Node) -> [StaticPod] { [etcdPod(node), apiServerPod(node), controllerManagerPod, schedulerPod] }

    /// The host's CA bundles the API server and controller manager read (those an Ubuntu host has).
    private static let caCertificateMounts: [(name: String, path: String, type: String, readOnly: Bool)] = [
        ("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate", true),
        ("etc-ca-certificates", "/etc/ca-certificates", "DirectoryOrCreate", true),
        ("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates", "DirectoryOrCreate", true),
        ("usr-share-ca-certificates", "/usr/share/ca-certificates", "DirectoryOrCreate", true),
    ]

    /// kubeadm's command line: the binary, then `--name=value` sorted by name.
    private static func command(_ binary: String, _ flags: [String: String]) -> [String] {
        [binary] + flags.sorted { $0.key < $1.key }.map { "--\($0.key)=\($0.value)" }
    }

    /// kubeadm's probes: liveness (8 failures, 10 s apart after 10 s), readiness (every second), startup
    /// (24 failures 10 s apart: the 4-minute control-plane health-check timeout).
    private static func probes(
        host: String, port: Int64, scheme: String, liveness: String, readiness: String? = nil, startup: String
    ) -> [String: JSONValue] {
        func httpGet(_ path: String) -> JSONValue {
            ["host": .string(host), "path": .string(path), "port": .int(port), "scheme": .string(scheme)]
        }
        var probes: [String: JSONValue] = [
            "livenessProbe": [
                "httpGet": httpGet(liveness), "initialDelaySeconds": 10, "timeoutSeconds": 15, "failureThreshold": 8,
                "periodSeconds": 10,
            ],
            "startupProbe": [
                "httpGet": httpGet(startup), "initialDelaySeconds": 10, "timeoutSeconds": 15, "failureThreshold": 24,
                "periodSeconds": 10,
            ],
        ]
        if let readiness {
            probes["readinessProbe"] = ["httpGet": httpGet(readiness), "timeoutSeconds": 15, "failureThreshold": 3, "periodSeconds": 1]
        }
        return probes
    }

    /// The manifest kubeadm writes (`staticpodutil.ComponentPod`): host network, system-node-critical, the
    /// runtime's default seccomp profile, volumes sorted by name.
    func manifest(_ pod: StaticPod) -> JSONValue {
        let mounts = pod.mountsInOrder ? pod.mounts : pod.mounts.sorted { $0.name < $1.name }
        var container: JSONValue = [
            "name": .string(pod.component), "image": .string(pod.image), "imagePullPolicy": "IfNotPresent",
            "command": .strings(pod.command), "resources": ["requests": .stringMap(pod.requests)],
            "volumeMounts": .array(mounts.map { mount in
                var item: JSONValue = ["name": .string(mount.name), "mountPath": .string(mount.path)]
                if mount.readOnly { item["readOnly"] = true }
                return item
            }),
        ]
        for (name, probe) in pod.probes { container[name] = probe }
        let spec: JSONValue = [
            "containers": [container],
            "hostNetwork": true,
            "priority": 2_000_001_000,
            "priorityClassName": "system-node-critical",
            "securityContext": ["seccompProfile": ["type": "RuntimeDefault"]],
            "volumes": .array(pod.mounts.sorted { $0.name < $1.name }.map { mount in
                ["name": .string(mount.name), "hostPath": ["path": .string(mount.path), "type": .string(mount.type)]]
            }),
        ]
        let metadata = JSONValue.metadata(
            pod.component, namespace: "kube-system", labels: ["component": pod.component, "tier": "control-plane"],
            annotations: pod.annotations)
        return .object("v1", "Pod", metadata, ["spec": spec])
    }

    /// The mirror pod a control-plane node's kubelet creates for a static pod: named after its node, owned by
    /// the Node, with the kubelet's config annotations and the NoExecute toleration of every static pod; Running.
    func mirrorPod(_ pod: StaticPod, on node: Node, seeded: SeededObjects) -> SeedObject {
        var object = manifest(pod)
        let hash = StableNames.md5(object.jsonData())
        let name = "\(pod.component)-\(node.name)"
        var annotations = pod.annotations
        annotations["kubernetes.io/config.hash"] = hash
        annotations["kubernetes.io/config.mirror"] = hash
        annotations["kubernetes.io/config.seen"] = nanoTime
        annotations["kubernetes.io/config.source"] = "file"
        object[["metadata", "name"]] = .string(name)
        object[["metadata", "annotations"]] = .stringMap(annotations)
        object[["metadata", "ownerReferences"]] = [
            .ownerReference(
                apiVersion: "v1", kind: "Node", name: node.name,
                uid: seeded.uid("Node", nil, node.name), blockOwnerDeletion: false)
        ]
        object[["spec", "nodeName"]] = .string(node.name)
        object[["spec", "tolerations"]] = [["operator": "Exists", "effect": "NoExecute"]]
        let containers = object[["spec", "containers"]]?.arrayValue ?? []
        object["status"] = runningStatus(
            podName: name, on: node, podIP: node.address, containers: containers)
        return SeedObject(object, by: "kubelet", statusBy: "kubelet")
    }

    /// A pod's status once its containers run and pass their probes, as the kubelet reports it.
    func runningStatus(podName: String, on node: Node, podIP: String, containers: [JSONValue]) -> JSONValue {
        func condition(_ type: String) -> JSONValue {
            ["type": .string(type), "status": "True", "lastProbeTime": .null, "lastTransitionTime": .string(time)]
        }
        let statuses: [JSONValue] = containers.map { container in
            let name = container["name"]?.stringValue ?? ""
            let image = container["image"]?.stringValue ?? ""
            let mounts: [JSONValue] = (container["volumeMounts"]?.arrayValue ?? []).map { mount in
                var item: JSONValue = ["name": mount["name"] ?? "", "mountPath": mount["mountPath"] ?? ""]
                if mount["readOnly"]?.boolValue == true {
                    item["readOnly"] = true
                    item["recursiveReadOnly"] = "Disabled"
                }
                return item
            }
            var status: JSONValue = [
                "name": .string(name), "image": .string(image), "imageID": .string(Self.imageDigest(image)),
                "containerID": .string("containerd://" + StableNames.hex("container/\(podName)/\(name)", count: 64)),
                "ready": true, "started": true, "restartCount": 0, "lastState": .emptyObject,
                "state": ["running": ["startedAt": .string(time)]],
            ]
            if !mounts.isEmpty { status["volumeMounts"] = .array(mounts) }
            return status
        }
        return [
            "phase": "Running",
            "conditions": .array(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map(condition)),
            "containerStatuses": .array(statuses),
            "hostIP": .string(node.address), "hostIPs": [["ip": .string(node.address)]],
            "podIP": .string(podIP), "podIPs": [["ip": .string(podIP)]],
            "startTime": .string(time),
        ]
    }
}
