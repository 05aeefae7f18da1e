import Crypto
import Foundation
import KubeAPI

/// kubeadm's two essential add-ons (`phases/addons/dns`, `phases/addons/proxy`) and what the controllers
/// make of them: CoreDNS as a Deployment with its ReplicaSet and two pods behind the `kube-dns` service, and
/// kube-proxy as a DaemonSet with one pod per node.
extension KubeadmCluster {
    // MARK: - CoreDNS

    /// The Corefile kubeadm 1.32 writes: the cluster domain answered by the kubernetes plugin and not cached.
    static let corefile = """
        .:53 {
            errors
            health {
               lameduck 5s
            }
            ready
            kubernetes \(dnsDomain) in-addr.arpa ip6.arpa {
               pods insecure
               fallthrough in-addr.arpa ip6.arpa
               ttl 30
            }
            prometheus :9153
            forward . /etc/resolv.conf {
               max_concurrent 1000
            }
            cache 30 {
               disable success \(dnsDomain)
               disable denial \(dnsDomain)
            }
            loop
            reload
            loadbalance
        }

        """

    var coreDNSConfigMap: SeedObject {
        SeedObject(
            .object("v1", "ConfigMap", .metadata("coredns", namespace: "kube-system"), ["data": ["Corefile": .string(Self.corefile)]]),
            by: "kubeadm")
    }

    var coreDNSClusterRole: SeedObject {
        let rules = [
            PolicyRule(verbs: ["list", "watch"], resources: ["endpoints", "services", "pods", "namespaces"]),
            PolicyRule(verbs: ["list", "watch"], groups: ["discovery.k8s.io"], resources: ["endpointslices"]),
        ]
        return SeedObject(
            .object(Self.rbacVersion, "ClusterRole", .metadata("system:coredns"), ["rules": .array(rules.map(\.json))]),
            by: "kubeadm")
    }

    var coreDNSClusterRoleBinding: SeedObject {
        binding(
            "ClusterRoleBinding", "system:coredns", role: ("ClusterRole", "system:coredns"),
            subjects: [.serviceAccount("kube-system", "coredns")])
    }

    var coreDNSServiceAccount: SeedObject { serviceAccount("coredns", namespace: "kube-system", by: "kubeadm") }

    /// The pod template of kubeadm's CoreDNS Deployment.
    var coreDNSTemplate: JSONValue {
        let container: JSONValue = [
            "name": "coredns",
            "image": .string(Self.image("coredns/coredns", Self.coreDNSImageTag)),
            "imagePullPolicy": "IfNotPresent",
            "args": ["-conf", "/etc/coredns/Corefile"],
            "resources": ["limits": ["memory": "170Mi"], "requests": ["cpu": "100m", "memory": "70Mi"]],
            "volumeMounts": [["name": "config-volume", "mountPath": "/etc/coredns", "readOnly": true]],
            "ports": [
                ["containerPort": 53, "name": "dns", "protocol": "UDP"],
                ["containerPort": 53, "name": "dns-tcp", "protocol": "TCP"],
                ["containerPort": 9153, "name": "metrics", "protocol": "TCP"],
            ],
            "livenessProbe": [
                "httpGet": ["path": "/health", "port": 8080, "scheme": "HTTP"], "initialDelaySeconds": 60,
                "timeoutSeconds": 5, "successThreshold": 1, "failureThreshold": 5,
            ],
            "readinessProbe": ["httpGet": ["path": "/ready", "port": 8181, "scheme": "HTTP"]],
            "securityContext": [
                "allowPrivilegeEscalation": false,
                "capabilities": ["add": ["NET_BIND_SERVICE"], "drop": ["ALL"]],
                "readOnlyRootFilesystem": true,
            ],
        ]
        let antiAffinity: JSONValue = [
            "preferredDuringSchedulingIgnoredDuringExecution": [[
                "weight": 100,
                "podAffinityTerm": [
                    "labelSelector": ["matchExpressions": [["key": "k8s-app", "operator": "In", "values": ["kube-dns"]]]],
                    "topologyKey": "kubernetes.io/hostname",
                ],
            ]]
        ]
        let spec: JSONValue = [
            "priorityClassName": "system-cluster-critical",
            "serviceAccountName": "coredns",
            "affinity": ["podAntiAffinity": antiAffinity],
            "tolerations": [
                ["key": "CriticalAddonsOnly", "operator": "Exists"],
                ["key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"],
            ],
            "nodeSelector": ["kubernetes.io/os": "linux"],
            "containers": [container],
            "dnsPolicy": "Default",
            "volumes": [[
                "name": "config-volume",
                "configMap": ["name": "coredns", "items": [["key": "Corefile", "path": "Corefile"]]],
            ]],
        ]
        return ["metadata": ["labels": ["k8s-app": "kube-dns"]], "spec": spec]
    }

    var coreDNSDeployment: SeedObject {
        let spec: JSONValue = [
            "replicas": 2,
            "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1]],
            "selector": ["matchLabels": ["k8s-app": "kube-dns"]],
            "template": coreDNSTemplate,
        ]
        let metadata = JSONValue.metadata("coredns", namespace: "kube-system", labels: ["k8s-app": "kube-dns"])
        // kubeadm creates it; the deployment controller makes its ReplicaSet and reports its status.
        return SeedObject(.object("apps/v1", "Deployment", metadata, ["spec": spec]), by: "kubeadm")
    }

    /// The `kube-dns` service on the cluster's DNS address.
    var kubeDNSService: SeedObject {
        let metadata = JSONValue.metadata(
            "kube-dns", namespace: "kube-system",
            labels: ["k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"],
            annotations: ["prometheus.io/port": "9153", "prometheus.io/scrape": "true"])
        let spec: JSONValue = [
            "clusterIP": .string(Self.dnsServiceIP),
            "ports": [
                ["name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53],
                ["name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53],
                ["name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153],
            ],
            "selector": ["k8s-app": "kube-dns"],
        ]
        return SeedObject(.object("v1", "Service", metadata, ["spec": spec]), by: "kubeadm")
    }

    // MARK: - kube-proxy

    /// kube-proxy's component configuration as kubeadm 1.32 uploads it: every field of
    /// `KubeProxyConfiguration` v1alpha1, defaults left empty for kube-proxy to fill.
    var kubeProxyConfiguration: String {
        let zeroLogging: JSONValue = [
            "flushFrequency": 0, "verbosity": 0,
            "options": ["json": ["infoBufferSize": "0"], "text": ["infoBufferSize": "0"]],
        ]
        let configuration: JSONValue = [
            "apiVersion": "kubeproxy.config.k8s.io/v1alpha1",
            "kind": "KubeProxyConfiguration",
            "bindAddress": "0.0.0.0",
            "bindAddressHardFail": false,
            "clientConnection": [
                "acceptContentTypes": "", "burst": 0, "contentType": "", "kubeconfig": "/var/lib/kube-proxy/kubeconfig.conf",
                "qps": 0,
            ],
            "clusterCIDR": .string(podSubnet),
            "configSyncPeriod": "0s",
            "conntrack": [
                "maxPerCore": .null, "min": .null, "tcpBeLiberal": false, "tcpCloseWaitTimeout": .null,
                "tcpEstablishedTimeout": .null, "udpStreamTimeout": "0s", "udpTimeout": "0s",
            ],
            "detectLocal": ["bridgeInterface": "", "interfaceNamePrefix": ""],
            "detectLocalMode": "",
            "enableProfiling": false,
            "healthzBindAddress": "",
            "hostnameOverride": "",
            "iptables": [
                "localhostNodePorts": .null, "masqueradeAll": false, "masqueradeBit": .null, "minSyncPeriod": "0s",
                "syncPeriod": "0s",
            ],
            "ipvs": [
                "excludeCIDRs": .null, "minSyncPeriod": "0s", "scheduler": "", "strictARP": false, "syncPeriod": "0s",
                "tcpFinTimeout": "0s", "tcpTimeout": "0s", "udpTimeout": "0s",
            ],
            "logging": zeroLogging,
            "metricsBindAddress": "",
            "mode": "",
            "nftables": ["masqueradeAll": false, "masqueradeBit": .null, "minSyncPeriod": "0s", "syncPeriod": "0s"],
            "nodePortAddresses": .null,
            "oomScoreAdj": .null,
            "portRange": "",
            "showHiddenMetricsForVersion": "",
            "winkernel": [
                "enableDSR": false, "forwardHealthCheckVip": false, "networkName": "", "rootHnsEndpointName": "",
                "sourceVip": "",
            ],
        ]
        return configuration.yamlString().trimmingCharacters(in: .newlines)
    }

    /// The kubeconfig kube-proxy reaches the API server with: its service account's token and CA.
    var kubeProxyKubeconfig: String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
            server: \(controlPlaneURL)
          name: default
        contexts:
        - context:
            cluster: default
            namespace: default
            user: default
          name: default
        current-context: default
        users:
        - name: default
          user:
            tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
        """
    }

    var kubeProxyConfigMap: SeedObject {
        let data = ["config.conf": kubeProxyConfiguration, "kubeconfig.conf": kubeProxyKubeconfig]
        let metadata = JSONValue.metadata(
            "kube-proxy", namespace: "kube-system", labels: ["app": "kube-proxy"],
            annotations: ["kubeadm.kubernetes.io/component-config.hash": Self.componentConfigHash(data)])
        return SeedObject(.object("v1", "ConfigMap", metadata, ["data": .stringMap(data)]), by: "kubeadm")
    }

    var kubeProxyServiceAccount: SeedObject { serviceAccount("kube-proxy", namespace: "kube-system", by: "kubeadm") }

    /// kube-proxy's pod template: privileged, on the host network, tolerating every taint.
    var kubeProxyTemplate: JSONValue {
        let container: JSONValue = [
            "name": "kube-proxy",
            "image": .string(Self.image("kube-proxy", Self.kubernetesVersion)),
            "imagePullPolicy": "IfNotPresent",
            "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
            "env": [["name": "NODE_NAME", "valueFrom": ["fieldRef": ["fieldPath": "spec.nodeName"]]]],
            "securityContext": ["privileged": true],
            "volumeMounts": [
                ["mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"],
                ["mountPath": "/run/xtables.lock", "name": "xtables-lock"],
                ["mountPath": "/lib/modules", "name": "lib-modules", "readOnly": true],
            ],
        ]
        let spec: JSONValue = [
            "priorityClassName": "system-node-critical",
            "containers": [container],
            "hostNetwork": true,
            "serviceAccountName": "kube-proxy",
            "volumes": [
                ["name": "kube-proxy", "configMap": ["name": "kube-proxy"]],
                ["name": "xtables-lock", "hostPath": ["path": "/run/xtables.lock", "type": "FileOrCreate"]],
                ["name": "lib-modules", "hostPath": ["path": "/lib/modules"]],
            ],
            "tolerations": [["operator": "Exists"]],
            "nodeSelector": ["kubernetes.io/os": "linux"],
        ]
        return ["metadata": ["labels": ["k8s-app": "kube-proxy"]], "spec": spec]
    }

    var kubeProxyDaemonSet: SeedObject {
        let spec: JSONValue = [
            "selector": ["matchLabels": ["k8s-app": "kube-proxy"]],
            "template": kubeProxyTemplate,
            "updateStrategy": ["type": "RollingUpdate"],
        ]
        let metadata = JSONValue.metadata("kube-proxy", namespace: "kube-system", labels: ["k8s-app": "kube-proxy"])
        return SeedObject(.object("apps/v1", "DaemonSet", metadata, ["spec": spec]), by: "kubeadm")
    }

    /// kubeadm's `kubeadm.kubernetes.io/component-config.hash` of a config map's data: SHA-256 over each key
    /// and value, keys sorted.
    static func componentConfigHash(_ data: [String: String]) -> String {
        var hash = SHA256()
        for key in data.keys.sorted() {
            hash.update(data: Data(key.utf8))
            hash.update(data: Data(data[key]!.utf8))
        }
        return "sha256:" + hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
