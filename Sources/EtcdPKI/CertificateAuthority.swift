import Crypto
import Foundation
import SwiftASN1
import X509

/// A CA certificate with its key, issuing ECDSA P-256 leaves as kubeadm does. Shared by the etcd and the
/// cluster PKIs.
struct CertificateAuthority {
    let certificate: Certificate
    let key: P256.Signing.PrivateKey

    /// A new self-signed CA named `commonName`.
    static func create(commonName: String, validity: TimeInterval, now: Date) throws -> CertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(commonName) }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey, notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(validity),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true, keyCertSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return CertificateAuthority(certificate: certificate, key: key)
    }

    /// The CA kept in two PEM files.
    static func load(certificate: String, key: String) throws -> CertificateAuthority {
        CertificateAuthority(
            certificate: try Certificate(pemEncoded: try String(contentsOfFile: certificate, encoding: .utf8)),
            key: try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOfFile: key, encoding: .utf8)))
    }

    /// Writes the CA's certificate and key.
    func write(certificate path: String, key keyPath: String) throws {
        try writePEM(certificate, to: path)
        try writePEM(key, to: keyPath)
    }

    /// A leaf certificate and its new key.
    /// - Parameter organizations: the subject's `O=` entries, which Kubernetes reads as the user's groups.
    func issue(
        commonName: String, organizations: [String] = [], usages: [ExtendedKeyUsage.Usage],
        alternativeNames: [GeneralName] = [], validity: TimeInterval, now: Date
    ) throws -> (certificate: Certificate, key: P256.Signing.PrivateKey) {
        let leafKey = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(leafKey.publicKey)
        let issuerKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
        let subject = try DistinguishedName {
            for organization in organizations { OrganizationName(organization) }
            CommonName(commonName)
        }
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(validity),
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage(usages)
                if let issuerKeyID { AuthorityKeyIdentifier(keyIdentifier: issuerKeyID) }
                if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return (leaf, leafKey)
    }

    /// Issues a leaf and writes it and its key.
    func issue(
        commonName: String, organizations: [String] = [], usages: [ExtendedKeyUsage.Usage],
        alternativeNames: [GeneralName] = [], validity: TimeInterval, now: Date, certificate path: String,
        key keyPath: String
    ) throws {
        let (leaf, leafKey) = try issue(
            commonName: commonName, organizations: organizations, usages: usages,
            alternativeNames: alternativeNames, validity: validity, now: now)
        try writePEM(leaf, to: path)
        try writePEM(leafKey, to: keyPath)
    }
}

/// The subject alternative names of a loopback server: `names` as DNS names, 127.0.0.1 and ::1, and `addresses`.
func loopbackAlternativeNames(dnsNames names: [String], ipv4 addresses: [[UInt8]] = []) -> [GeneralName] {
    names.map { .dnsName($0) }
        + ([[127, 0, 0, 1]] + addresses).map { .ipAddress(ASN1OctetString(contentBytes: ArraySlice($0))) }
        + [.ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1])))]
}

/// Whether every file exists, and an error naming the present ones when only some do.
func checkComplete(_ files: [String], directory: String, what: String) throws -> Bool {
    let present = files.filter { FileManager.default.fileExists(atPath: $0) }
    if present.count == files.count { return true }
    guard present.isEmpty else {
        throw EtcdPKIError(
            message: "\(directory) holds only part of \(what) (\(present.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))); remove it or complete it")
    }
    return false
}

func writePEM(_ certificate: Certificate, to path: String) throws {
    try writeFile(try certificate.serializeAsPEM().pemString + "\n", to: path, mode: 0o644)
}

func writePEM(_ key: P256.Signing.PrivateKey, to path: String) throws {
    try writeFile(key.pemRepresentation + "\n", to: path, mode: 0o600)
}

private func writeFile(_ contents: String, to path: String, mode: Int) throws {
    let partial = path + ".tmp"
    guard FileManager.default.createFile(atPath: partial, contents: Data(contents.utf8), attributes: [.posixPermissions: mode])
    else { throw EtcdPKIError(message: "\(path): cannot write the file") }
    _ = try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.moveItem(atPath: partial, toPath: path)
}
