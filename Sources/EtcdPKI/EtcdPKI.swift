import Crypto
import Foundation
import SwiftASN1
import X509

/// A kubeadm-like etcd PKI: an etcd CA and the certificates kubeadm issues from it, in kubeadm's files.
///
/// kubeadm keeps them in `/etc/kubernetes/pki/etcd/`; KubeSim keeps them in `<data-dir>/pki/etcd/`:
///
/// | file | what | extended key usage | subject alternative names |
/// |---|---|---|---|
/// | `ca.crt`, `ca.key` | the etcd CA (`CN=etcd-ca`) | – | – |
/// | `server.crt`, `server.key` | etcd's serving certificate | server and client auth | localhost, 127.0.0.1, ::1, the host names |
/// | `peer.crt`, `peer.key` | etcd's peer certificate | server and client auth | as the server's |
/// | `healthcheck-client.crt`, `.key` | the liveness probe's client (`CN=kube-etcd-healthcheck-client`) | client auth | – |
///
/// As with kubeadm, `server.crt` is valid for client authentication too, so the lesson's
/// `etcdctl --cacert ca.crt --cert server.crt --key server.key` works. Keys are ECDSA P-256 (kubeadm's
/// `--encryption-algorithm=ECDSA-P256`), written as PKCS #8 PEM with mode 0600.
///
/// ```swift
/// let pki = try await EtcdPKI.ensure(directory: "/tmp/kubesim/pki/etcd")
/// print(pki.serverCertificate)   // /tmp/kubesim/pki/etcd/server.crt
/// ```
public struct EtcdPKI: Sendable, Hashable {
    /// The folder holding the files.
    public let directory: String

    public var caCertificate: String { path("ca.crt") }
    public var caKey: String { path("ca.key") }
    public var serverCertificate: String { path("server.crt") }
    public var serverKey: String { path("server.key") }
    public var peerCertificate: String { path("peer.crt") }
    public var peerKey: String { path("peer.key") }
    public var healthcheckClientCertificate: String { path("healthcheck-client.crt") }
    public var healthcheckClientKey: String { path("healthcheck-client.key") }

    /// kubeadm's certificate lifetimes: ten years for the CA, one year for the leaves.
    public static let caValidity: TimeInterval = 10 * 365 * 24 * 3600
    public static let leafValidity: TimeInterval = 365 * 24 * 3600

    public init(directory: String) {
        self.directory = directory
    }

    private func path(_ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }

    /// Every file of the PKI, certificate then key.
    public var files: [String] {
        [
            caCertificate, caKey, serverCertificate, serverKey, peerCertificate, peerKey,
            healthcheckClientCertificate, healthcheckClientKey,
        ]
    }

    /// Whether every file exists.
    public var isComplete: Bool { files.allSatisfy { FileManager.default.fileExists(atPath: $0) } }

    /// The PKI in `directory`, created there if any file is missing.
    ///
    /// An existing complete PKI is kept as it is (its CA may have signed other clients' certificates). A partial
    /// one is an error rather than silently replaced.
    /// - Parameter hostNames: extra DNS names for the server and peer certificates, besides `localhost`.
    public static func ensure(directory: String, hostNames: [String] = []) async throws -> EtcdPKI {
        let pki = EtcdPKI(directory: directory)
        if try checkComplete(pki.files, directory: directory, what: "an etcd PKI") { return pki }
        try await pki.create(hostNames: hostNames)
        return pki
    }

    /// Writes a new CA and the certificates it issues, replacing any files there.
    public func create(hostNames: [String] = [], now: Date = Date()) async throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let ca = try CertificateAuthority.create(commonName: "etcd-ca", validity: Self.caValidity, now: now)
        try ca.write(certificate: caCertificate, key: caKey)

        let names = ["localhost"] + hostNames.filter { $0 != "localhost" }
        let alternativeNames = loopbackAlternativeNames(dnsNames: names)
        let bothUsages: [ExtendedKeyUsage.Usage] = [.serverAuth, .clientAuth]
        let commonName = hostNames.first ?? "localhost"
        try ca.issue(
            commonName: commonName, usages: bothUsages, alternativeNames: alternativeNames,
            validity: Self.leafValidity, now: now, certificate: serverCertificate, key: serverKey)
        try ca.issue(
            commonName: commonName, usages: bothUsages, alternativeNames: alternativeNames,
            validity: Self.leafValidity, now: now, certificate: peerCertificate, key: peerKey)
        try ca.issue(
            commonName: "kube-etcd-healthcheck-client", usages: [.clientAuth], validity: Self.leafValidity,
            now: now, certificate: healthcheckClientCertificate, key: healthcheckClientKey)
    }

    /// Issues an extra client certificate from this PKI's CA (for tests and other clients).
    public func issueClientCertificate(commonName: String, certificate: String, key: String) throws {
        try CertificateAuthority.load(certificate: caCertificate, key: caKey).issue(
            commonName: commonName, usages: [.clientAuth], validity: Self.leafValidity, now: Date(),
            certificate: certificate, key: key)
    }
}

/// A PKI that cannot be used or made.
public struct EtcdPKIError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
