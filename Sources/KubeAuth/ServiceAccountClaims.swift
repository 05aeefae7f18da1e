import JWTKit

/// The claims of a service-account token: the bound tokens' (`iss`, `sub`, `aud`, `exp`, `iat`, `nbf`, `jti`
/// and the private `kubernetes.io` claim) and the legacy Secret-based tokens' flat `kubernetes.io/serviceaccount/*`
/// claims.
public struct ServiceAccountClaims: JWTPayload, Equatable {
    public struct Reference: Codable, Sendable, Equatable {
        public var name: String
        public var uid: String

        public init(name: String, uid: String) {
            self.name = name
            self.uid = uid
        }
    }

    /// The `kubernetes.io` claim.
    public struct Private: Codable, Sendable, Equatable {
        public var namespace: String
        public var serviceaccount: Reference
        public var pod: Reference?
        public var secret: Reference?
        public var node: Reference?
        public var warnafter: Int64?

        public init(namespace: String, serviceaccount: Reference, pod: Reference? = nil, secret: Reference? = nil, node: Reference? = nil) {
            self.namespace = namespace
            self.serviceaccount = serviceaccount
            self.pod = pod
            self.secret = secret
            self.node = node
        }
    }

    public var iss: String
    public var sub: String
    public var aud: [String]?
    public var exp: Int64?
    public var iat: Int64?
    public var nbf: Int64?
    public var jti: String?
    public var kubernetes: Private?
    public var legacyNamespace: String?
    public var legacySecretName: String?
    public var legacyServiceAccountName: String?
    public var legacyServiceAccountUID: String?

    /// A bound token's claims.
    public init(
        iss: String, sub: String, aud: [String]?, exp: Int64?, iat: Int64?, nbf: Int64?, jti: String?, kubernetes: Private?
    ) {
        self.iss = iss
        self.sub = sub
        self.aud = aud
        self.exp = exp
        self.iat = iat
        self.nbf = nbf
        self.jti = jti
        self.kubernetes = kubernetes
    }

    /// A legacy Secret-based token's claims.
    public init(legacyNamespace: String, secretName: String, serviceAccountName: String, serviceAccountUID: String) {
        iss = ServiceAccountTokens.legacyIssuer
        sub = UserInfo.serviceAccountName(namespace: legacyNamespace, name: serviceAccountName)
        self.legacyNamespace = legacyNamespace
        legacySecretName = secretName
        legacyServiceAccountName = serviceAccountName
        legacyServiceAccountUID = serviceAccountUID
    }

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nbf, jti
        case kubernetes = "kubernetes.io"
        case legacyNamespace = "kubernetes.io/serviceaccount/namespace"
        case legacySecretName = "kubernetes.io/serviceaccount/secret.name"
        case legacyServiceAccountName = "kubernetes.io/serviceaccount/service-account.name"
        case legacyServiceAccountUID = "kubernetes.io/serviceaccount/service-account.uid"
    }

    /// The time claims are checked by ``ServiceAccountTokens/verify(_:now:)`` against the server's clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
