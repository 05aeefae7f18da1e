import Foundation
import X509

/// One stacked-etcd member's own certificates, as `kubeadm join --control-plane` issues them on its node from
/// the etcd CA that `kubeadm init --upload-certs` shared: `server.crt` and `peer.crt` (with their keys), for
/// `CN=<node name>`, valid for server and client auth, with the subject alternative names kubeadm gives them
/// (`certs.GetEtcdAltNames`, `GetEtcdPeerAltNames`): the node name, `localhost`, the node's address, 127.0.0.1
/// and ::1.
///
/// kubeadm keeps them in the node's `/etc/kubernetes/pki/etcd/`; KubeSim, holding every node in one data
/// directory, keeps node `<name>`'s in `<data-dir>/nodes/<name>/pki/etcd/`, beside the shared CA in
/// `<data-dir>/pki/etcd/`.
public struct EtcdMemberCertificates: Sendable, Hashable {
    public let name: String
    public let directory: String

    public var serverCertificate: String { path("server.crt") }
    public var serverKey: String { path("server.key") }
    public var peerCertificate: String { path("peer.crt") }
    public var peerKey: String { path("peer.key") }

    public var files: [String] { [serverCertificate, serverKey, peerCertificate, peerKey] }

    /// The member `name`'s certificates in the data directory `dataDirectory`.
    public init(dataDirectory: String, name: String) {
        self.name = name
        directory = "\(dataDirectory)/nodes/\(name)/pki/etcd"
    }

    private func path(_ file: String) -> String { "\(directory)/\(file)" }

    /// The certificates, issued by `pki`'s CA for the member at `address` (IPv4) when none of them exists.
    /// - Throws: `EtcdPKIError` for an address that is not IPv4 or a directory holding only some of the files.
    public static func ensure(dataDirectory: String, name: String, address: String, pki: EtcdPKI) throws
        -> EtcdMemberCertificates
    {
        let member = EtcdMemberCertificates(dataDirectory: dataDirectory, name: name)
        if try checkComplete(member.files, directory: member.directory, what: "etcd member \(name)'s certificates") {
            return member
        }
        let octets = address.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4 else {
            throw EtcdPKIError(message: "etcd member \(name): \(address) is not an IPv4 address")
        }
        try FileManager.default.createDirectory(
            atPath: member.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let ca = try CertificateAuthority.load(certificate: pki.caCertificate, key: pki.caKey)
        let names = loopbackAlternativeNames(dnsNames: [name, "localhost"], ipv4: [octets])
        let now = Date()
        for (certificate, key) in [(member.serverCertificate, member.serverKey), (member.peerCertificate, member.peerKey)] {
            try ca.issue(
                commonName: name, usages: [.serverAuth, .clientAuth], alternativeNames: names,
                validity: EtcdPKI.leafValidity, now: now, certificate: certificate, key: key)
        }
        return member
    }
}
