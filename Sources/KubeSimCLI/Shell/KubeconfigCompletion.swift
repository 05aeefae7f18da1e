import ArgumentParser
import Foundation

/// Shell completion of kubeconfig entry names, as kubectl's `ContextCompletionFunc`, `ClusterCompletionFunc` and
/// `UserCompletionFunc` offer them for the first argument of `config use-context`, `set-context`,
/// `delete-context`, `rename-context`, `delete-cluster` and `delete-user`: the names in the kubeconfig the
/// command line names (`--kubeconfig`, `$KUBECONFIG`, else the data directory's `admin.conf`).
enum KubeconfigCompletion {
    static func kind(_ stanza: KubeconfigSchema.Stanza) -> CompletionKind {
        .custom { words, index, prefix in names(stanza, words: words, index: index, prefix: prefix) }
    }

    static func names(
        _ stanza: KubeconfigSchema.Stanza, words: [String], index: Int, prefix: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        let line = ResourceCompletion.CommandLine(words: words, index: index, verbs: 2)
        guard line.positionals.isEmpty, let store = try? StoreOptions.parse(line.dataDirectory.map { ["--data-dir", $0] } ?? []) else {
            return []
        }
        let global = URL(fileURLWithPath: store.resolvedDataDirectory(environment: environment)).appendingPathComponent("admin.conf").path
        let files = KubeconfigFiles(explicitFile: line.kubeconfig, environment: environment, globalFile: global)
        guard let config = try? files.startingConfig() else { return [] }
        return config[stanza].keys.sorted().filter { $0.hasPrefix(prefix) }
    }
}
