import ArgumentParser
import Foundation
import KubeAPI

/// Shell completion of kubectl's TYPE and NAME arguments, as kubectl's `ResourceTypeAndNameCompletionFunc`
/// offers them: the first argument completes resource types (plural and short names), the next ones the
/// names of objects of that type, and `TYPE/` the names as `TYPE/NAME`. Names come from the cluster the
/// command line names: the embedded store of `--data-dir` (never created for a completion), or the server of
/// `--kubeconfig`/`--server`, in the namespace of `-n` (or `default`; every namespace with `-A`).
enum ResourceCompletion {
    /// The completion of a verb's resource arguments; `allowedTypes` (plural names) limits the types offered.
    static func kind(allowedTypes: [String]? = nil) -> CompletionKind {
        .custom { words, index, prefix in
            await candidates(words: words, index: index, prefix: prefix, allowedTypes: allowedTypes)
        }
    }

    /// Options of the resource and `config` verbs that take a separate value: their values are not positional arguments.
    static let valueOptions: Set<String> = [
        "-n", "--namespace", "--kubeconfig", "--server", "--data-dir", "-o", "--output", "-l", "--selector",
        "--field-selector", "--sort-by", "--template", "--replicas", "--current-replicas", "--resource-version",
        "--timeout", "--grace-period", "--cascade", "--to-revision", "--revision", "--field-manager", "--as",
        "--as-group", "--chunk-size", "--encryption-provider-config", "--storage-media-type", "-L", "--label-columns",
        "--dry-run", "-c", "--container", "--subresource", "--output-watch-events", "--raw", "--cluster", "--user",
    ]

    /// What the words before the one completed say: the resource arguments and the options that pick the cluster.
    struct CommandLine {
        var positionals: [String] = []
        var namespace: String?
        var allNamespaces = false
        var dataDirectory: String?
        var kubeconfig: String?
        var server: String?

        /// Reads `words[1..<index]` (`words[0]` is the program); the first `verbs` positional words are the verb
        /// and any sub-verb (`rollout status`).
        init(words: [String], index: Int, verbs: Int) {
            var iterator = Array(words.prefix(max(0, min(index, words.count))).dropFirst()).makeIterator()
            var verbsLeft = verbs
            while let word = iterator.next() {
                guard word.hasPrefix("-"), word != "-" else {
                    if verbsLeft > 0 { verbsLeft -= 1 } else { positionals.append(word) }
                    continue
                }
                if word.count > 2, word.hasPrefix("-n"), !word.hasPrefix("--") {
                    namespace = String(word.dropFirst(2))
                    continue
                }
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                var value = parts.count == 2 ? parts[1] : nil
                if value == nil && valueOptions.contains(parts[0]) { value = iterator.next() }
                switch parts[0] {
                case "-n", "--namespace": namespace = value
                case "--data-dir": dataDirectory = value
                case "--kubeconfig": kubeconfig = value
                case "--server": server = value
                case "-A", "--all-namespaces": allNamespaces = value.map { (try? GoBool.parse($0)) ?? true } ?? true
                default: break
                }
            }
        }
    }

    static func candidates(
        words: [String], index: Int, prefix: String, allowedTypes: [String]?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> [String] {
        let verbs = words.dropFirst().first { !$0.hasPrefix("-") } == "rollout" ? 2 : 1
        let line = CommandLine(words: words, index: index, verbs: verbs)
        let typedType = prefix.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        let wantsSlashForm = prefix.contains("/") || (line.positionals.first?.contains("/") ?? false)
        return (try? await withCatalog(line, environment: environment) { catalog, names in
            let allowed = allowedTypes.map { Set($0) }
            let offered = catalog.all.filter { type in
                type.verbs.contains("list") && (allowed?.contains(type.plural) ?? true)
            }
            func typeNames() -> [String] {
                var seen: Set<String> = []
                return offered.flatMap { [$0.plural] + $0.shortNames }.filter { seen.insert($0).inserted }.sorted()
            }
            if prefix.contains("/"), let typedType, let type = catalog.type(named: typedType), offered.contains(type) {
                return try await names(type).map { "\(typedType)/\($0)" }.filter { $0.hasPrefix(prefix) }
            }
            if line.positionals.isEmpty || wantsSlashForm {
                return typeNames().filter { $0.hasPrefix(prefix) }
            }
            guard let first = line.positionals.first, let type = catalog.type(named: first), offered.contains(type) else { return [] }
            let given = Set(line.positionals.dropFirst())
            return try await names(type).filter { $0.hasPrefix(prefix) && !given.contains($0) }
        }) ?? []
    }

    /// Runs `body` with the catalog of the cluster the line names and a way to list a type's object names; on
    /// a data directory without a store, with the built-in types and no names.
    private static func withCatalog(
        _ line: CommandLine, environment: [String: String],
        _ body: (ResourceCatalog, (ResourceType) async throws -> [String]) async throws -> [String]
    ) async throws -> [String] {
        var storeArguments: [String] = []
        if let dataDirectory = line.dataDirectory { storeArguments += ["--data-dir", dataDirectory] }
        let store = try StoreOptions.parse(storeArguments)
        var serverArguments: [String] = []
        if let kubeconfig = line.kubeconfig { serverArguments += ["--kubeconfig", kubeconfig] }
        if let server = line.server { serverArguments += ["--server", server] }
        let server = try ServerOptions.parse(serverArguments)
        if serverArguments.isEmpty && store.isNewStore(store.resolvedDataDirectory(environment: environment)) {
            return try await body(ResourceCatalog(), { _ in [] })
        }
        return try await server.withCluster(store: store) { client, _ in
            try await body(client.catalog) { type in
                let namespace = type.namespaced && !line.allNamespaces ? line.namespace ?? "default" : nil
                let list = try await client.list(
                    type, namespace: namespace, labelSelector: .everything, fieldSelector: .everything, limit: 0, continueToken: nil)
                return Set(list.items.map(\.name)).sorted()
            }
        }
    }
}
