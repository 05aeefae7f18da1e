/// What `GET /version` answers: apimachinery's `version.Info`, with its field names.
///
/// KubeSim answers as Kubernetes 1.32: Google Cloud SDK's kubectl dispatcher picks the kubectl binary matching
/// `major`.`minor`, and `kubectl version` parses `gitVersion` as a semantic version to warn about skew, failing when
/// it cannot. The `+kubesim` build metadata marks the server the way k3s marks its own (`v1.32.4+k3s1`).
public struct ServerVersion: Sendable, Hashable {
    public var major = "1"
    public var minor = "32"
    public var gitVersion = "v1.32.0+kubesim"
    public var gitCommit = ""
    public var gitTreeState = ""
    public var buildDate = ""
    /// Empty: KubeSim is not built with Go.
    public var goVersion = ""
    public var compiler = "swiftc"
    /// `GOOS/GOARCH` of the machine: `linux/amd64`, `darwin/arm64`.
    public var platform = ServerVersion.currentPlatform

    public init() {}

    /// The body of `/version`.
    public var json: JSONValue {
        [
            "major": .string(major), "minor": .string(minor), "gitVersion": .string(gitVersion),
            "gitCommit": .string(gitCommit), "gitTreeState": .string(gitTreeState), "buildDate": .string(buildDate),
            "goVersion": .string(goVersion), "compiler": .string(compiler), "platform": .string(platform),
        ]
    }

    private static var currentPlatform: String {
        #if os(macOS)
            let system = "darwin"
        #else
            let system = "linux"
        #endif
        #if arch(arm64)
            let machine = "arm64"
        #else
            let machine = "amd64"
        #endif
        return "\(system)/\(machine)"
    }
}
