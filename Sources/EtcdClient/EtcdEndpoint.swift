import Foundation

/// One etcd client URL, as etcdctl's `--endpoints` and kube-apiserver's `--etcd-servers` take it:
/// `https://127.0.0.1:2379`, `http://[::1]:2379`, `etcd-0.example:2379`.
///
/// Without a scheme the endpoint uses TLS when TLS files are given, as etcdctl does; without a port it is
/// etcd's 2379.
public struct EtcdEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// How the host is named, which decides how it is reached.
    public enum Host: Sendable, Hashable {
        case ipv4(String)
        case ipv6(String)
        /// A name resolved through DNS.
        case name(String)
    }

    public var host: Host
    public var port: Int
    /// Whether the connection uses TLS (`https://`).
    public var usesTLS: Bool

    /// etcd's client port.
    public static let defaultPort = 2379

    public init(host: Host, port: Int = EtcdEndpoint.defaultPort, usesTLS: Bool) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    /// Parses one URL; `defaultTLS` decides for a URL without a scheme.
    /// - Throws: `EtcdClientError.invalidEndpoint` for an unknown scheme, a missing host or a bad port.
    public init(_ text: String, defaultTLS: Bool = false) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var rest = Substring(trimmed)
        if let separator = rest.range(of: "://") {
            switch rest[..<separator.lowerBound].lowercased() {
            case "https": usesTLS = true
            case "http": usesTLS = false
            default: throw EtcdClientError.invalidEndpoint(text, reason: "the scheme must be http or https")
            }
            rest = rest[separator.upperBound...]
        } else {
            usesTLS = defaultTLS
        }
        // A trailing path (`https://host:2379/`) names nothing for gRPC.
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }

        let hostText: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw EtcdClientError.invalidEndpoint(text, reason: "an IPv6 address lacks its closing ]")
            }
            hostText = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw EtcdClientError.invalidEndpoint(text, reason: "expected :port after the IPv6 address")
                }
                portText = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":") {
            hostText = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            hostText = rest
        }
        guard !hostText.isEmpty else { throw EtcdClientError.invalidEndpoint(text, reason: "no host") }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw EtcdClientError.invalidEndpoint(text, reason: "the port must be a number from 1 to 65535")
            }
            self.port = port
        } else {
            self.port = Self.defaultPort
        }
        let name = String(hostText)
        if Self.isAddress(name, family: AF_INET) {
            host = .ipv4(name)
        } else if Self.isAddress(name, family: AF_INET6) {
            host = .ipv6(name)
        } else {
            host = .name(name)
        }
    }

    /// Parses a comma-separated list (`https://a:2379,https://b:2379`), skipping empty items.
    /// - Throws: `EtcdClientError.invalidEndpoint` for a bad item or an empty list.
    public static func list(_ text: String, defaultTLS: Bool = false) throws -> [EtcdEndpoint] {
        let endpoints = try text.split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .map { try EtcdEndpoint($0, defaultTLS: defaultTLS) }
        guard !endpoints.isEmpty else { throw EtcdClientError.invalidEndpoint(text, reason: "no endpoint given") }
        return endpoints
    }

    public var description: String {
        let name =
            switch host {
            case .ipv4(let address): address
            case .ipv6(let address): "[\(address)]"
            case .name(let name): name
            }
        return "\(usesTLS ? "https" : "http")://\(name):\(port)"
    }

    private static func isAddress(_ text: String, family: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(family, text, &buffer) == 1
    }
}
