import Crypto
import Foundation
import SwiftASN1
import X509

/// A kubeadm-like cluster PKI: the Kubernetes CA and the API server's serving certificate, in kubeadm's files.
///
/// kubeadm keeps them in `/etc/kubernetes/pki/`; KubeSim keeps them in `<data-dir>/pki/`:
///
/// | file | what | extended key usage | subject alternative names |
/// |---|---|---|---|
/// | `ca.crt`, `ca.key` | the cluster CA (`CN=kubernetes`) | – | – |
/// | `apiserver.crt`, `apiserver.key` | kube-apiserver's serving certificate (`CN=kube-apiserver`) | server auth | kubernetes, kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local, localhost, 10.96.0.1, 127.0.0.1, ::1 |
///
/// Clients authenticate with certificates this CA signs; ``issueAdminCredentials()`` makes the admin's
/// (`CN=kubernetes-admin, O=system:masters`).
public struct KubePKI: Sendable, Hashable {
    /// The folder holding the files.
    public let directory: String

    public var caCertificate: String { path("ca.crt") }
    public var caKey: String { path("ca.key") }
    public var apiServerCertificate: String { path("apiserver.crt") }
    public var apiServerKey: String { path("apiserver.key") }

    /// The first address of the default service CIDR (10.96.0.0/12): the `kubernetes` service's cluster IP.
    static let kubernetesServiceIP: [UInt8] = [10, 96, 0, 1]

    public init(directory: String) {
        self.directory = directory
    }

    private func path(_ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }

    /// Every file of the PKI.
    public var files: [String] { [caCertificate, caKey, apiServerCertificate, apiServerKey] }

    /// The PKI in `directory`, created there when no file of it exists; a partial one is an error.
    public static func ensure(directory: String) async throws -> KubePKI {
        let pki = KubePKI(directory: directory)
        if try checkComplete(pki.files, directory: directory, what: "a cluster PKI") { return pki }
        try pki.create()
        return pki
    }

    /// Writes a new CA and the API server's certificate, replacing any files there.
    public func create(now: Date = Date()) throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let ca = try CertificateAuthority.create(commonName: "kubernetes", validity: EtcdPKI.caValidity, now: now)
        try ca.write(certificate: caCertificate, key: caKey)
        let names = [
            "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
            "localhost",
        ]
        try ca.issue(
            commonName: "kube-apiserver", usages: [.serverAuth],
            alternativeNames: loopbackAlternativeNames(dnsNames: names, ipv4: [Self.kubernetesServiceIP]),
            validity: EtcdPKI.leafValidity, now: now, certificate: apiServerCertificate, key: apiServerKey)
    }

    /// A client certificate and key (PEM) for `commonName` in the groups `organizations`, signed by the CA.
    public func issueClientCredentials(
        commonName: String, organizations: [String], now: Date = Date()
    ) throws -> (certificatePEM: String, keyPEM: String) {
        let ca = try CertificateAuthority.load(certificate: caCertificate, key: caKey)
        let (certificate, key) = try ca.issue(
            commonName: commonName, organizations: organizations, usages: [.clientAuth],
            validity: EtcdPKI.leafValidity, now: now)
        return (try certificate.serializeAsPEM().pemString + "\n", key.pemRepresentation + "\n")
    }

    /// The admin's credentials, in `system:masters` as kubeadm's `admin.conf` was before 1.29 (since, kubeadm
    /// binds `kubeadm:cluster-admins` to cluster-admin and keeps `system:masters` for `super-admin.conf`): the
    /// group passes every authorizer, also in a bare store that holds no RBAC binding.
    public func issueAdminCredentials() throws -> (certificatePEM: String, keyPEM: String) {
        try issueClientCredentials(commonName: "kubernetes-admin", organizations: ["system:masters"])
    }

    /// The CA certificate as PEM, as the `kube-root-ca.crt` config maps and kubeconfigs carry it.
    public func caCertificatePEM() throws -> String {
        try String(contentsOfFile: caCertificate, encoding: .utf8)
    }
}
