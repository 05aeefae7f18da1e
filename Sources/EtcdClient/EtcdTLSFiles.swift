import GRPCNIOTransportHTTP2

/// The PEM files a TLS connection to etcd uses: etcdctl's `--cacert --cert --key`, kube-apiserver's
/// `--etcd-cafile --etcd-certfile --etcd-keyfile`.
public struct EtcdTLSFiles: Sendable, Hashable {
    /// The CA that signed the server's certificate; nil trusts the system's roots.
    public var caFile: String?
    /// The client certificate (chain) offered to a server that asks for one; nil offers none.
    public var certFile: String?
    /// The client certificate's private key; given exactly when `certFile` is.
    public var keyFile: String?

    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }

    /// Whether any file is named (so that an endpoint without a scheme uses TLS).
    public var isEmpty: Bool { caFile == nil && certFile == nil && keyFile == nil }

    /// The transport's security for an endpoint: TLS with these files, or plaintext for `http://`.
    func transportSecurity(usesTLS: Bool) throws -> HTTP2ClientTransport.Posix.TransportSecurity {
        guard usesTLS else { return .plaintext }
        let trust: (inout HTTP2ClientTransport.Posix.TransportSecurity.TLS) -> Void = { [caFile] tls in
            if let caFile { tls.trustRoots = .certificates([.file(path: caFile, format: .pem)]) }
        }
        switch (certFile, keyFile) {
        case (let cert?, let key?):
            return .mTLS(certificateChain: [.file(path: cert, format: .pem)], privateKey: .file(path: key, format: .pem), configure: trust)
        case (nil, nil):
            return .tls(configure: trust)
        case (_?, nil):
            throw EtcdClientError.invalidTLS("a client certificate needs its key (--key)")
        case (nil, _?):
            throw EtcdClientError.invalidTLS("a client key needs its certificate (--cert)")
        }
    }
}
