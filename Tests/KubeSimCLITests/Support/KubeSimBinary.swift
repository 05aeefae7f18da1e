import Foundation

/// The built `kubesim` executable, next to the test bundle in the build directory.
enum KubeSimBinary {
    static var path: String {
        let bundle =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("kubesim").path
    }

    /// Runs `kubesim etcdctl --data-dir <dataDirectory> [--bare] <arguments>`. The etcdctl tests compare with a real,
    /// empty etcd, so a new data directory starts bare unless `bare` is false.
    static func etcdctl(
        _ arguments: [String], dataDirectory: String, bare: Bool = true, stdin: String? = nil,
        environment: [String: String] = [:], interruptAfter: Duration? = nil,
        interruptWhen: (@Sendable (String) -> Bool)? = nil
    ) async throws -> CommandResult {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw NotBuilt(path: path) }
        return try await CommandRunner.run(
            path, ["etcdctl", "--data-dir", dataDirectory] + (bare ? ["--bare"] : []) + arguments, stdin: stdin,
            environment: environment, interruptAfter: interruptAfter, interruptWhen: interruptWhen)
    }

    struct NotBuilt: Error, CustomStringConvertible {
        var path: String
        var description: String { "kubesim is not built next to the tests (\(path)): build the kubesim product" }
    }
}
