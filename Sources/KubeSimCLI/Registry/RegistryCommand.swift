import ArgumentParser

/// `kubesim registry`: views of the `/registry` key space on the embedded store, for teaching the layout.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Show the registry's keys, one value, or one key's history, from the embedded store.",
        subcommands: [RegistryTree.self, RegistryHistory.self, RegistryShow.self])
}
