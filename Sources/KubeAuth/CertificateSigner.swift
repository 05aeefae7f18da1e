import Crypto
import Foundation
import SwiftASN1
import X509

/// Issues certificates for approved CertificateSigningRequests from the cluster CA, as kube-controller-manager's
/// csrsigning controllers do (`--cluster-signing-cert-file`, `--cluster-signing-key-file`): the request's
/// subject and (for serving certificates) its DNS and IP names, the usages the CSR asks, valid from five minutes
/// ago for `spec.expirationSeconds` or the signing duration (one year), never past the CA's own expiry.
public struct CertificateSigner: Sendable {
    /// The signers kube-controller-manager serves.
    public static let signerNames: Set<String> = [
        "kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving",
        "kubernetes.io/legacy-unknown",
    ]
    /// `--cluster-signing-duration` (8760h).
    public static let defaultDuration: TimeInterval = 365 * 24 * 3600

    private let ca: Certificate
    private let key: Certificate.PrivateKey
    private let algorithm: Certificate.SignatureAlgorithm

    public init(caCertificatePEM: String, caKeyPEM: String) throws {
        ca = try Certificate(pemEncoded: caCertificatePEM)
        key = try Certificate.PrivateKey(pemEncoded: caKeyPEM)
        // kubeadm's CA key is RSA; KubeSim's (like the etcd CA's) is ECDSA P-256.
        algorithm = (try? P256.Signing.PrivateKey(pemRepresentation: caKeyPEM)) != nil ? .ecdsaWithSHA256 : .sha256WithRSAEncryption
    }

    /// Why a request cannot be signed (the reason kube-controller-manager's `Failed` condition gives).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The PEM certificate for a PEM CSR.
    /// - Parameters:
    ///   - usages: the CSR's `spec.usages` (`client auth`, `server auth`, `digital signature`, `key encipherment`).
    ///   - signerName: kubelet serving certificates keep the request's DNS and IP names, client ones none.
    public func sign(
        requestPEM: String, usages: [String], signerName: String, expirationSeconds: Int64?, now: Date
    ) throws -> String {
        let request: CertificateSigningRequest
        do { request = try CertificateSigningRequest(pemEncoded: requestPEM) } catch {
            throw Failure(description: "unable to parse csr: \(error)")
        }
        guard request.publicKey.isValidSignature(request.signature, for: request) else {
            throw Failure(description: "the CSR's signature does not verify")
        }
        switch signerName {
        case "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving":
            let organizations = request.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.organizationName }
            let commonName = request.subject.flatMap { $0 }.first { $0.type == .RDNAttributeType.commonName }
            guard organizations.map(\.value.description) == ["system:nodes"],
                commonName?.value.description.hasPrefix("system:node:") == true
            else { throw Failure(description: "subject must be O=system:nodes, CN=system:node:<nodeName>") }
        default: break
        }
        let extended: [ExtendedKeyUsage.Usage] = usages.compactMap { usage in
            switch usage {
            case "client auth": .clientAuth
            case "server auth": .serverAuth
            case "code signing": .codeSigning
            case "email protection": .emailProtection
            default: nil
            }
        }
        let requested = try? request.attributes.extensionRequest?.extensions.subjectAlternativeNames
        let duration = expirationSeconds.map { TimeInterval(max($0, 600)) } ?? Self.defaultDuration
        let notAfter = min(now.addingTimeInterval(duration), ca.notValidAfter)
        let issuerKeyID = try ca.extensions.subjectKeyIdentifier?.keyIdentifier
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: request.publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: notAfter, issuer: ca.subject,
            subject: request.subject, signatureAlgorithm: algorithm,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                if usages.contains("digital signature") || usages.contains("key encipherment") {
                    Critical(KeyUsage(
                        digitalSignature: usages.contains("digital signature"), keyEncipherment: usages.contains("key encipherment")))
                }
                if !extended.isEmpty { try ExtendedKeyUsage(extended) }
                if let issuerKeyID { AuthorityKeyIdentifier(keyIdentifier: issuerKeyID) }
                if signerName == "kubernetes.io/kubelet-serving", let names = requested ?? nil, !names.isEmpty { names }
            },
            issuerPrivateKey: key)
        return try certificate.serializeAsPEM().pemString + "\n"
    }
}
