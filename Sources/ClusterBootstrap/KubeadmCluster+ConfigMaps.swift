import Crypto
import Foundation
import KubeAPI

/// The config maps of a fresh cluster: kubeadm's uploaded configuration (`kubeadm-config`, `kubelet-config`),
/// the public `cluster-info` the bootstrap signer signs, the CA bundle the root-CA publisher puts in every
/// namespace, and the two kube-apiserver keeps in kube-system.
extension KubeadmCluster {
    /// The `ClusterConfiguration` (kubeadm.k8s.io/v1beta4) `kubeadm init` uploads, defaults filled in.
    var clusterConfiguration: String {
        var configuration: JSONValue = [
            "apiVersion": "kubeadm.k8s.io/v1beta4",
            "kind": "ClusterConfiguration",
            "apiServer": .emptyObject,
            "caCertificateValidityPeriod": "87600h0m0s",
            "certificateValidityPeriod": "8760h0m0s",
            "certificatesDir": .string(Self.certificatesDir),
            "clusterName": .string(Self.clusterName),
            "controllerManager": .emptyObject,
            "dns": .emptyObject,
            "encryptionAlgorithm": "ECDSA-P256",
            "etcd": ["local": ["dataDir": "/var/lib/etcd"]],
            "imageRepository": .string(Self.imageRepository),
            "kubernetesVersion": .string(Self.kubernetesVersion),
            "networking": [
                "dnsDomain": .string(Self.dnsDomain), "podSubnet": .string(podSubnet), "serviceSubnet": .string(Self.serviceSubnet),
            ],
            "proxy": .emptyObject,
            "scheduler": .emptyObject,
        ]
        if let controlPlaneEndpoint { configuration["controlPlaneEndpoint"] = .string(controlPlaneEndpoint) }
        return configuration.yamlString()
    }

    var kubeadmConfigMap: SeedObject {
        SeedObject(
            .object(
                "v1", "ConfigMap", .metadata("kubeadm-config", namespace: "kube-system"),
                ["data": ["ClusterConfiguration": .string(clusterConfiguration)]]),
            by: "kubeadm")
    }

    /// The `KubeletConfiguration` every kubelet of the cluster starts from (kubelet.config.k8s.io/v1beta1).
    var kubeletConfiguration: String {
        let configuration: JSONValue = [
            "apiVersion": "kubelet.config.k8s.io/v1beta1",
            "kind": "KubeletConfiguration",
            "authentication": [
                "anonymous": ["enabled": false],
                "webhook": ["cacheTTL": "0s", "enabled": true],
                "x509": ["clientCAFile": .string(Self.certificatesDir + "/ca.crt")],
            ],
            "authorization": ["mode": "Webhook", "webhook": ["cacheAuthorizedTTL": "0s", "cacheUnauthorizedTTL": "0s"]],
            "cgroupDriver": "systemd",
            "clusterDNS": .strings([Self.dnsServiceIP]),
            "clusterDomain": .string(Self.dnsDomain),
            "containerRuntimeEndpoint": "",
            "cpuManagerReconcilePeriod": "0s",
            "crashLoopBackOff": .emptyObject,
            "evictionPressureTransitionPeriod": "0s",
            "fileCheckFrequency": "0s",
            "healthzBindAddress": "127.0.0.1",
            "healthzPort": 10248,
            "httpCheckFrequency": "0s",
            "imageMaximumGCAge": "0s",
            "imageMinimumGCAge": "0s",
            "logging": [
                "flushFrequency": 0, "verbosity": 0,
                "options": ["json": ["infoBufferSize": "0"], "text": ["infoBufferSize": "0"]],
            ],
            "memorySwap": .emptyObject,
            "nodeStatusReportFrequency": "0s",
            "nodeStatusUpdateFrequency": "0s",
            "rotateCertificates": true,
            "runtimeRequestTimeout": "0s",
            "shutdownGracePeriod": "0s",
            "shutdownGracePeriodCriticalPods": "0s",
            "staticPodPath": "/etc/kubernetes/manifests",
            "streamingConnectionIdleTimeout": "0s",
            "syncFrequency": "0s",
            "volumeStatsAggPeriod": "0s",
        ]
        return configuration.yamlString()
    }

    var kubeletConfigMap: SeedObject {
        let data = ["kubelet": kubeletConfiguration]
        let metadata = JSONValue.metadata(
            "kubelet-config", namespace: "kube-system",
            annotations: ["kubeadm.kubernetes.io/component-config.hash": Self.componentConfigHash(data)])
        return SeedObject(.object("v1", "ConfigMap", metadata, ["data": .stringMap(data)]), by: "kubeadm")
    }

    /// The kubeconfig `kubeadm join` discovers the cluster with: the API server and the CA, no credentials.
    var clusterInfoKubeconfig: String {
        let ca = Data(caCertificatePEM.utf8).base64EncodedString()
        return """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: \(ca)
                server: \(controlPlaneURL)
              name: ""
            contexts: null
            current-context: ""
            kind: Config
            preferences: {}
            users: null

            """
    }

    /// `cluster-info` in kube-public, with the bootstrap signer's detached JWS of the kubeconfig for the token.
    var clusterInfoConfigMap: SeedObject {
        let kubeconfig = clusterInfoKubeconfig
        let data = [
            "kubeconfig": kubeconfig,
            "jws-kubeconfig-\(bootstrapTokenID)": Self.detachedJWS(kubeconfig, keyID: bootstrapTokenID, secret: bootstrapTokenSecret),
        ]
        return SeedObject(
            .object("v1", "ConfigMap", .metadata("cluster-info", namespace: "kube-public"), ["data": .stringMap(data)]), by: "kubeadm")
    }

    /// A detached JWS (`header..signature`, HS256 keyed with the token secret), as the bootstrap signer
    /// computes it (`cluster-bootstrap/token/jws`).
    static func detachedJWS(_ content: String, keyID: String, secret: String) -> String {
        func base64URL(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let header = base64URL(Data(#"{"alg":"HS256","kid":"\#(keyID)"}"#.utf8))
        let signingInput = header + "." + base64URL(Data(content.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return header + ".." + base64URL(Data(signature))
    }

    /// `extension-apiserver-authentication`: the client CA extension API servers trust. (The request-header
    /// keys are left out: the cluster's PKI has no front-proxy CA.)
    var extensionAuthenticationConfigMap: SeedObject {
        SeedObject(
            .object(
                "v1", "ConfigMap", .metadata("extension-apiserver-authentication", namespace: "kube-system"),
                ["data": ["client-ca-file": .string(caCertificatePEM)]]),
            by: "kube-apiserver")
    }

    /// Since when kube-apiserver tracks the use of legacy service-account tokens.
    var legacyTokenTrackingConfigMap: SeedObject {
        let day = String(time.prefix(10))
        return SeedObject(
            .object(
                "v1", "ConfigMap", .metadata("kube-apiserver-legacy-service-account-token-tracking", namespace: "kube-system"),
                ["data": ["since": .string(day)]]),
            by: "kube-apiserver")
    }
}
