import Crypto
import Foundation
import KubeAPI
import SwiftASN1
import X509

/// The RBAC objects kubeadm 1.32 adds to the bootstrap policy: its cluster-admins group, read access to its
/// configuration for joining nodes, TLS bootstrap with bootstrap tokens (`phases/bootstraptoken/node`), the
/// public `cluster-info` (`phases/bootstraptoken/clusterinfo`), and the add-ons' access.
extension KubeadmCluster {
    private var bootstrappers: Subject { .group(Self.bootstrapTokenGroup) }

    /// `kubeadm:cluster-admins`: the group of `admin.conf`'s certificate is cluster-admin.
    var clusterAdminsBinding: SeedObject {
        binding(
            "ClusterRoleBinding", "kubeadm:cluster-admins", role: ("ClusterRole", "cluster-admin"),
            subjects: [.group("kubeadm:cluster-admins")])
    }

    /// Joining nodes may read `kubeadm-config` (`phases/uploadconfig`).
    var kubeadmConfigAccess: [SeedObject] {
        [
            role("Role", "kubeadm:nodes-kubeadm-config", namespace: "kube-system", rules: [
                PolicyRule(verbs: ["get"], resources: ["configmaps"], names: ["kubeadm-config"])
            ]),
            binding(
                "RoleBinding", "kubeadm:nodes-kubeadm-config", namespace: "kube-system", role: ("Role", "kubeadm:nodes-kubeadm-config"),
                subjects: [bootstrappers, .group("system:nodes")]),
        ]
    }

    /// Kubelets may read `kubelet-config` (`phases/kubelet`).
    var kubeletConfigAccess: [SeedObject] {
        [
            role("Role", "kubeadm:kubelet-config", namespace: "kube-system", rules: [
                PolicyRule(verbs: ["get"], resources: ["configmaps"], names: ["kubelet-config"])
            ]),
            binding(
                "RoleBinding", "kubeadm:kubelet-config", namespace: "kube-system", role: ("Role", "kubeadm:kubelet-config"),
                subjects: [.group("system:nodes"), bootstrappers]),
        ]
    }

    /// Bootstrap tokens may post node CSRs, read nodes, and have their CSRs approved; nodes may renew their
    /// client certificates.
    var bootstrapTokenAccess: [SeedObject] {
        [
            binding(
                "ClusterRoleBinding", "kubeadm:kubelet-bootstrap", role: ("ClusterRole", "system:node-bootstrapper"),
                subjects: [bootstrappers]),
            role("ClusterRole", "kubeadm:get-nodes", rules: [PolicyRule(verbs: ["get"], resources: ["nodes"])]),
            binding("ClusterRoleBinding", "kubeadm:get-nodes", role: ("ClusterRole", "kubeadm:get-nodes"), subjects: [bootstrappers]),
            binding(
                "ClusterRoleBinding", "kubeadm:node-autoapprove-bootstrap",
                role: ("ClusterRole", "system:certificates.k8s.io:certificatesigningrequests:nodeclient"), subjects: [bootstrappers]),
            binding(
                "ClusterRoleBinding", "kubeadm:node-autoapprove-certificate-rotation",
                role: ("ClusterRole", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient"),
                subjects: [.group("system:nodes")]),
        ]
    }

    /// Anyone may read `cluster-info` in kube-public, the discovery document of `kubeadm join`.
    var clusterInfoAccess: [SeedObject] {
        [
            role("Role", "kubeadm:bootstrap-signer-clusterinfo", namespace: "kube-public", rules: [
                PolicyRule(verbs: ["get"], resources: ["configmaps"], names: ["cluster-info"])
            ]),
            binding(
                "RoleBinding", "kubeadm:bootstrap-signer-clusterinfo", namespace: "kube-public",
                role: ("Role", "kubeadm:bootstrap-signer-clusterinfo"), subjects: [.user("system:anonymous")]),
        ]
    }

    /// kube-proxy acts as a node proxier; joining nodes may read its configuration.
    var kubeProxyAccess: [SeedObject] {
        [
            binding(
                "ClusterRoleBinding", "kubeadm:node-proxier", role: ("ClusterRole", "system:node-proxier"),
                subjects: [.serviceAccount("kube-system", "kube-proxy")]),
            role("Role", "kube-proxy", namespace: "kube-system", rules: [
                PolicyRule(verbs: ["get"], resources: ["configmaps"], names: ["kube-proxy"])
            ]),
            binding("RoleBinding", "kube-proxy", namespace: "kube-system", role: ("Role", "kube-proxy"), subjects: [bootstrappers]),
        ]
    }

    /// kubeadm's default bootstrap token (`kubeadm token list`), valid for 24 hours, for joining and signing
    /// `cluster-info`.
    var bootstrapTokenSecretObject: SeedObject {
        let expiration = RFC3339Timestamp.string(from: now.addingTimeInterval(24 * 3600))
        let data = [
            "auth-extra-groups": Self.bootstrapTokenGroup, "expiration": expiration, "token-id": bootstrapTokenID,
            "token-secret": bootstrapTokenSecret, "usage-bootstrap-authentication": "true", "usage-bootstrap-signing": "true",
        ]
        return SeedObject(
            .object(
                "v1", "Secret", .metadata("bootstrap-token-\(bootstrapTokenID)", namespace: "kube-system"),
                [
                    "type": "bootstrap.kubernetes.io/token",
                    "data": .object(data.mapValues { .string(Data($0.utf8).base64EncodedString()) }),
                ]),
            by: "kubeadm")
    }

    /// `sha256:<hex>` of the CA's SubjectPublicKeyInfo, which `kubeadm join` pins the discovered CA with
    /// (`--discovery-token-ca-cert-hash`); nil for a CA whose key this does not read.
    public var discoveryTokenCACertHash: String? {
        guard let certificate = try? Certificate(pemEncoded: caCertificatePEM) else { return nil }
        let info: Data
        if let key = P256.Signing.PublicKey(certificate.publicKey) {
            info = key.derRepresentation
        } else if let key = P384.Signing.PublicKey(certificate.publicKey) {
            info = key.derRepresentation
        } else {
            return nil
        }
        return "sha256:" + SHA256.hash(data: info).map { String(format: "%02x", $0) }.joined()
    }
}
