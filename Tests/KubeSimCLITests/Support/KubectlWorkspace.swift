import Foundation

/// A fresh data directory and manifest folder for driving `kubesim` kubectl-like commands as a user would.
///
/// By default the cluster starts empty (`--bare`: the system namespaces only), so a test sees exactly what it
/// applied; `bare: false` lets the first command seed the kubeadm-like cluster, as on a user's first use.
struct KubectlWorkspace {
    let directory: URL
    let bare: Bool
    var dataDirectory: String { directory.appendingPathComponent("data").path }

    init(bare: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-cli-\(UUID().uuidString)")
        self.bare = bare
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Writes a manifest file and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs `kubesim <arguments> --data-dir <data>` (and `--bare` for a bare workspace).
    func kubesim(_ arguments: [String], stdin: String? = nil) async throws -> CommandResult {
        guard FileManager.default.isExecutableFile(atPath: KubeSimBinary.path) else {
            throw KubeSimBinary.NotBuilt(path: KubeSimBinary.path)
        }
        // The store's options go before a `--`, after which the arguments are the command's (`create job -- echo`).
        let terminator = arguments.firstIndex(of: "--") ?? arguments.endIndex
        let options = ["--data-dir", dataDirectory] + (bare ? ["--bare"] : [])
        return try await CommandRunner.run(
            KubeSimBinary.path, Array(arguments[..<terminator]) + options + arguments[terminator...], stdin: stdin)
    }

    /// The store's revision, from `etcdctl get` of every key.
    func revision() async throws -> Int64 {
        let result = try await KubeSimBinary.etcdctl(
            ["get", "/", "--prefix", "--keys-only", "-w", "json"], dataDirectory: dataDirectory, bare: bare)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let header = json?["header"] as? [String: Any]
        return (header?["revision"] as? NSNumber)?.int64Value ?? -1
    }

    /// Every key under /registry.
    func keys() async throws -> [String] {
        let result = try await KubeSimBinary.etcdctl(
            ["get", "/registry", "--prefix", "--keys-only"], dataDirectory: dataDirectory, bare: bare)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// The repository's `manifests/` folder.
    static var sampleManifests: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("manifests")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("30-web.yaml").path) { return candidate.path }
        }
        return "manifests"
    }
}
