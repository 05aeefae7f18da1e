import Crypto
import Foundation

/// A container image as containerd names it: the spec's reference normalised (`nginx` →
/// `docker.io/library/nginx:latest`), with a digest and a size. A registry's digest is a function of the
/// image it serves, so the simulated one is a function of the reference (the same on every node); so are
/// its size and how long its pull takes.
struct ContainerImage: Hashable {
    /// The reference as written in the pod spec.
    var spec: String
    /// containerd's normalised reference: `docker.io/library/nginx:latest`, or `<repository>@sha256:…` when
    /// the spec names a digest.
    var reference: String
    /// The repository without tag or digest: `docker.io/library/nginx`.
    var repository: String
    /// `<repository>@sha256:<64 hex>`, the container status's `imageID`.
    var imageID: String
    var sizeBytes: Int64
    /// How long a pull takes by default: 1 s to 2 s, to the millisecond.
    var pullMilliseconds: Int64

    init(_ spec: String) {
        self.spec = spec
        var name = spec
        var digest: String?
        if let at = name.firstIndex(of: "@") {
            digest = String(name[name.index(after: at)...])
            name = String(name[..<at])
        }
        var tag: String?
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            tag = String(name[name.index(after: colon)...])
            name = String(name[..<colon])
        }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost" {
            repository = name
        } else if parts.count == 2 {
            repository = "docker.io/\(name)"
        } else {
            repository = "docker.io/library/\(name)"
        }
        let hash = Array(SHA256.hash(data: Data("image/\(repository):\(tag ?? "latest")\(digest ?? "")".utf8)))
        let hex = hash.map { String(format: "%02x", $0) }.joined()
        if let digest {
            reference = "\(repository)@\(digest)"
            imageID = reference
        } else {
            reference = "\(repository):\(tag ?? "latest")"
            imageID = "\(repository)@sha256:\(hex)"
        }
        let number = hash.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        sizeBytes = 5_000_000 + Int64(number % 195_000_000)
        pullMilliseconds = 1000 + Int64(number / 195_000_000 % 1000)
    }

    /// Whether the spec names the `latest` tag (or none, which means it): such images default to `Always`.
    var isLatest: Bool { reference.hasSuffix(":latest") }
}
