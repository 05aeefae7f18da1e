import Foundation

/// The programs `kubesim cluster up` runs: Debian's etcd, etcdctl and haproxy, found on PATH.
struct ClusterTools {
    var etcd: String
    var etcdctl: String
    var haproxy: String

    /// The tools, or an error naming every one that is missing and the packages that have them.
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClusterTools {
        // haproxy is in /usr/sbin, which a user's PATH may lack.
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        func locate(_ name: String) -> String? {
            path.map { URL(fileURLWithPath: $0).appendingPathComponent(name).path }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        let found = [("etcd", "etcd-server"), ("etcdctl", "etcd-client"), ("haproxy", "haproxy")].map { ($0, $1, locate($0)) }
        let missing = found.filter { $0.2 == nil }
        guard missing.isEmpty else {
            throw CommandError(
                "kubesim cluster up runs the real \(missing.map(\.0).joined(separator: ", ")), not found on PATH; "
                    + "install them with: apt-get install -y \(missing.map(\.1).joined(separator: " "))")
        }
        return ClusterTools(etcd: found[0].2!, etcdctl: found[1].2!, haproxy: found[2].2!)
    }

    /// This kubesim executable, to run `kubesim serve` with.
    static var kubesim: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
