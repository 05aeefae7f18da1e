import Foundation
import SwiftASN1
import X509

/// kube-apiserver's x509 authenticator (`--client-ca-file`): a client certificate authenticates when one of the
/// CAs signed it, it is valid now, and its extended key usages (if any) allow client authentication; its CN is
/// the user, its O entries the groups. The TLS layer accepts any certificate, so a foreign one is answered 401
/// here rather than refused at the handshake.
public struct ClientCertificateVerifier: Sendable {
    let authorities: [Certificate]

    /// The CAs of a PEM bundle.
    public init(caPEM: String) throws {
        authorities = try PEMDocument.parseMultiple(pemString: caPEM).map { try Certificate(pemDocument: $0) }
    }

    /// The user of a DER certificate the CAs signed, nil for any other.
    public func user(ofDER der: [UInt8], now: Date = Date()) -> UserInfo? {
        guard let certificate = try? Certificate(derEncoded: der),
            now >= certificate.notValidBefore, now <= certificate.notValidAfter,
            authorities.contains(where: { ca in
                ca.subject == certificate.issuer && ca.publicKey.isValidSignature(certificate.signature, for: certificate)
                    && now >= ca.notValidBefore && now <= ca.notValidAfter
            })
        else { return nil }
        if let usages = try? certificate.extensions.extendedKeyUsage, !usages.contains(.clientAuth), !usages.contains(.any) {
            return nil
        }
        return Self.user(of: certificate)
    }

    /// The certificate's subject as a user: the common name, and the organizations as groups.
    public static func user(of certificate: Certificate) -> UserInfo? {
        var name = ""
        var groups: [String] = []
        for rdn in certificate.subject {
            for attribute in rdn {
                let value = attribute.value.description
                if attribute.type == .RDNAttributeType.commonName { name = value }
                if attribute.type == .RDNAttributeType.organizationName { groups.append(value) }
            }
        }
        return name.isEmpty ? nil : UserInfo(name: name, groups: groups)
    }
}
