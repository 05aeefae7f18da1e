import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim config current-context`.
struct ConfigCurrentContext: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "current-context", abstract: "Display the current-context.")
    @OptionGroup var file: KubeconfigFileOptions
    @Argument var ignored: [String] = []

    func run() throws {
        let config = try file.files().startingConfig()
        guard !config.currentContext.isEmpty else { throw CommandError("current-context is not set") }
        Console.standard.out.line(config.currentContext)
    }
}

/// `kubesim config get-contexts [NAME...] [-o name] [--no-headers]`: kubectl's table, `*` on the current one.
struct ConfigGetContexts: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-contexts", abstract: "Describe one or many contexts.")
    @OptionGroup var file: KubeconfigFileOptions
    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format. One of: (name).") var output = ""
    @Flag(name: .customLong("no-headers"), help: "Don't print headers.") var noHeaders = false
    @Argument(help: "Contexts to show (all when none).") var names: [String] = []

    func run() throws {
        guard output.isEmpty || output == "name" else {
            throw CommandError("--output \(output) is not available in kubectl config get-contexts; resetting to default output format")
        }
        let config = try file.files().startingConfig()
        let nameOnly = output == "name"
        var errors: [String] = []
        var shown: [String] = []
        if names.isEmpty {
            shown = Array(config.contexts.keys)
        } else {
            for name in names {
                if config.contexts[name] != nil { shown.append(name) } else { errors.append("context \(name) not found") }
            }
        }
        var text = ""
        if !noHeaders && !nameOnly { text += "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n" }
        for name in shown.sorted() {
            if nameOnly {
                text += name + "\n"
                continue
            }
            let fields = config.contexts[name]!.fields
            let cells = [config.currentContext == name ? "*" : " ", name] + ["cluster", "user", "namespace"].map { fields[$0]?.stringValue ?? "" }
            text += cells.joined(separator: "\t") + "\n"
        }
        Console.standard.out.write(nameOnly ? text : TabWriter.align(text))
        if !errors.isEmpty { try AggregateError.fail(errors) }
    }
}

/// `kubesim config use-context NAME` (also `use`).
struct ConfigUseContext: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use-context", abstract: "Set the current-context in a kubeconfig file.", aliases: ["use"])
    @OptionGroup var file: KubeconfigFileOptions
    @Argument(help: "The context to use.", completion: KubeconfigCompletion.kind(.context)) var names: [String] = []

    func run() throws {
        guard names.count == 1 else { try ConfigUsage.fail(Self.self, "Unexpected args: \(ConfigUsage.list(names))") }
        let name = names[0]
        let files = file.files()
        let config = try files.startingConfig()
        guard !name.isEmpty else { throw CommandError("empty context names are not allowed") }
        guard config.contexts[name] != nil else { throw CommandError("no context exists with the name: \(GoStringLiteral.quote(name))") }
        var new = config
        new.currentContext = name
        try files.modify(from: config, to: new, relativizePaths: true)
        Console.standard.out.line("Switched to context \(GoStringLiteral.quote(name)).")
    }
}

/// `kubesim config set-context [NAME | --current] [--cluster] [--user] [--namespace]`.
struct ConfigSetContext: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-context", abstract: "Set a context entry in kubeconfig.")
    @OptionGroup var file: KubeconfigFileOptions
    @Flag(help: "Modify the current context.") var current = false
    @Option(help: "cluster for the context entry in kubeconfig") var cluster: String?
    @Option(help: "user for the context entry in kubeconfig") var user: String?
    @Option(help: "namespace for the context entry in kubeconfig") var namespace: String?
    @Argument(help: "The context to set.", completion: KubeconfigCompletion.kind(.context)) var names: [String] = []

    func run() throws {
        guard names.count <= 1 else { try ConfigUsage.fail(Self.self, "Unexpected args: \(ConfigUsage.list(names))") }
        let named = names.first ?? ""
        if named.isEmpty && !current { throw CommandError("you must specify a non-empty context name or --current") }
        if !named.isEmpty && current { throw CommandError("you cannot specify both a context name and --current") }
        let files = file.files()
        let config = try files.startingConfig()
        var name = named
        if current {
            guard !config.currentContext.isEmpty else { throw CommandError("no current context is set") }
            name = config.currentContext
        }
        let existing = config.contexts[name]
        var fields = existing?.fields ?? [:]
        if let cluster { fields["cluster"] = .string(cluster) }
        if let user { fields["user"] = .string(user) }
        if let namespace { fields["namespace"] = .string(namespace) }
        var new = config
        new.contexts[name] = .init(fields: KubeconfigSchema.canonical(fields, stanza: .context), origin: existing?.origin)
        try files.modify(from: config, to: new, relativizePaths: true)
        Console.standard.out.line("Context \(GoStringLiteral.quote(name)) \(existing == nil ? "created" : "modified").")
    }
}

/// `kubesim config delete-context NAME`.
struct ConfigDeleteContext: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-context", abstract: "Delete the specified context from the kubeconfig.")
    @OptionGroup var file: KubeconfigFileOptions
    @Argument(help: "The context to delete.", completion: KubeconfigCompletion.kind(.context)) var names: [String] = []

    func run() throws {
        let files = file.files()
        let config = try files.startingConfig()
        guard names.count == 1 else { try ConfigUsage.fail(Self.self, nil) }
        let name = names[0]
        guard config.contexts[name] != nil else { throw CommandError("cannot delete context \(name), not in \(files.messageFile)") }
        if config.currentContext == name {
            Console.standard.err.write("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n")
        }
        var new = config
        new.contexts[name] = nil
        try files.modify(from: config, to: new, relativizePaths: true)
        Console.standard.out.line("deleted context \(name) from \(files.messageFile)")
    }
}

/// `kubesim config rename-context OLD NEW`; the current context follows the rename.
struct ConfigRenameContext: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rename-context", abstract: "Rename a context from the kubeconfig file.")
    @OptionGroup var file: KubeconfigFileOptions
    @Argument(help: "The context and its new name.", completion: KubeconfigCompletion.kind(.context)) var names: [String] = []

    func run() throws {
        guard names.count == 2 else { try ConfigUsage.fail(Self.self, "Unexpected args: \(ConfigUsage.list(names))") }
        let (old, newName) = (names[0], names[1])
        guard !newName.isEmpty else { throw CommandError("You must specify a new non-empty context name") }
        let files = file.files()
        let config = try files.startingConfig()
        guard let context = config.contexts[old] else {
            throw CommandError("cannot rename the context \(GoStringLiteral.quote(old)), it's not in \(files.messageFile)")
        }
        guard config.contexts[newName] == nil else {
            throw CommandError(
                "cannot rename the context \(GoStringLiteral.quote(old)), the context \(GoStringLiteral.quote(newName)) already exists in \(files.messageFile)")
        }
        var new = config
        new.contexts[newName] = context
        new.contexts[old] = nil
        if config.currentContext == old { new.currentContext = newName }
        try files.modify(from: config, to: new, relativizePaths: true)
        Console.standard.out.line("Context \(GoStringLiteral.quote(old)) renamed to \(GoStringLiteral.quote(newName)).")
    }
}
