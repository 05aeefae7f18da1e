import ArgumentParser

/// `kubesim registry`: views of the `/registry` key space, for teaching the layout: of the embedded store, or
/// with `--endpoints` of a running etcd (the real one or `kubesim serve`), read through `EtcdClient`.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Show the registry's keys, one value, one key's history, or the changes between two revisions, from the embedded store or an etcd.",
        subcommands: [RegistryTree.self, RegistryHistory.self, RegistryShow.self, RegistryDiff.self])
}
