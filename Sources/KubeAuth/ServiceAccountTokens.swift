import Crypto
import Foundation
import JWTKit

/// Signs and verifies service-account tokens with the cluster's `sa.key`, as kube-apiserver's
/// `--service-account-signing-key-file` and `--service-account-key-file` do: ES256 JWTs with an ECDSA P-256 key
/// (what KubeSim makes), RS256 with an RSA key (kubeadm's default, and data directories made before).
public struct ServiceAccountTokens: Sendable {
    /// kubeadm's `--service-account-issuer`, also the API server's audience.
    public static let issuer = "https://kubernetes.default.svc.cluster.local"
    /// The issuer of tokens the legacy token controller wrote into Secrets.
    public static let legacyIssuer = "kubernetes/serviceaccount"

    private let keys: JWTKeyCollection
    /// The `kid` header: the SHA-256 of the public key's DER, base64url, as kube-apiserver names its key.
    public let keyID: String

    private init(keys: JWTKeyCollection, keyID: String) {
        self.keys = keys
        self.keyID = keyID
    }

    /// The signer of the PEM private key in `keyFile`.
    public static func load(keyFile: String) async throws -> ServiceAccountTokens {
        try await load(pem: try String(contentsOfFile: keyFile, encoding: .utf8))
    }

    /// The signer of a PEM private key: ECDSA P-256 or RSA.
    public static func load(pem: String) async throws -> ServiceAccountTokens {
        let keys = JWTKeyCollection()
        let keyID: String
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            keyID = Self.keyID(publicKeyDER: key.publicKey.derRepresentation)
            await keys.add(ecdsa: try ES256PrivateKey(backing: key), kid: JWKIdentifier(string: keyID))
        } else {
            let key = try Insecure.RSA.PrivateKey(pem: pem)
            keyID = Self.keyID(publicKeyDER: key.publicKey.derRepresentation)
            await keys.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: keyID))
        }
        return ServiceAccountTokens(keys: keys, keyID: keyID)
    }

    /// kube-apiserver's key id: the SHA-256 of the public key's PKIX DER, unpadded base64url.
    private static func keyID(publicKeyDER der: Data) -> String {
        Data(SHA256.hash(data: der)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A signed token of these claims.
    public func sign(_ claims: ServiceAccountClaims) async throws -> String {
        var header = JWTHeader()
        header.kid = keyID
        return try await keys.sign(claims, kid: JWKIdentifier(string: keyID), header: header)
    }

    /// The claims of a token this key signed whose time claims hold at `now`.
    /// - Throws: ``TokenError`` for a token this key did not sign, malformed, expired or not yet valid.
    public func verify(_ token: String, now: Date) async throws -> ServiceAccountClaims {
        let claims: ServiceAccountClaims
        do {
            claims = try await keys.verify(token, as: ServiceAccountClaims.self)
        } catch {
            throw TokenError.invalid("invalid bearer token")
        }
        let seconds = Int64(now.timeIntervalSince1970)
        // kube-apiserver allows 60 s of clock skew on exp and nbf.
        if let exp = claims.exp, exp + 60 < seconds { throw TokenError.invalid("service account token has expired") }
        if let nbf = claims.nbf, nbf - 60 > seconds { throw TokenError.invalid("service account token is not valid yet") }
        return claims
    }
}

/// Why a token does not authenticate.
public enum TokenError: Error, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
