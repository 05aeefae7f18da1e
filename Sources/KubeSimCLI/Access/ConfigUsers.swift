import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim config get-users`: one name a line under `NAME`, in name order.
struct ConfigGetUsers: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-users", abstract: "Display users defined in the kubeconfig.")
    @OptionGroup var file: KubeconfigFileOptions
    @Argument var ignored: [String] = []

    func run() throws {
        let config = try file.files().startingConfig()
        Console.standard.out.write((["NAME"] + config.users.keys.sorted()).map { $0 + "\n" }.joined())
    }
}

/// `kubesim config set-credentials NAME [--client-certificate] [--client-key] [--embed-certs] [--token]
/// [--username] [--password]`: new members merged over the entry's; a token and basic auth replace each other.
struct ConfigSetCredentials: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-credentials", abstract: "Set a user entry in kubeconfig.")
    @OptionGroup var file: KubeconfigFileOptions
    @Option(name: .customLong("client-certificate"), help: "Path to client-certificate file for the user entry in kubeconfig")
    var clientCertificate: String?
    @Option(name: .customLong("client-key"), help: "Path to client-key file for the user entry in kubeconfig") var clientKey: String?
    @Option(help: "token for the user entry in kubeconfig") var token: String?
    @Option(help: "username for the user entry in kubeconfig") var username: String?
    @Option(help: "password for the user entry in kubeconfig") var password: String?
    @Option(name: .customLong("embed-certs"), help: "Embed client cert/key for the user entry in kubeconfig") var embedCerts: String?
    @Argument(help: "The user to set.") var names: [String] = []

    func run() throws {
        let embed = try embedCerts.map { try GoBool.flag($0, "embed-certs", command: "config set-credentials") } ?? false
        guard names.count == 1 else { try ConfigUsage.fail(Self.self, "unexpected args: \(ConfigUsage.list(names))") }
        let name = names[0]
        guard !name.isEmpty else { throw CommandError("you must specify a non-empty user name") }
        var methods: [String] = []
        if !(token ?? "").isEmpty { methods.append("--token") }
        if !(username ?? "").isEmpty || !(password ?? "").isEmpty { methods.append("--username/--password") }
        if methods.count > 1 {
            throw CommandError("you cannot specify more than one authentication method at the same time: \(methods.joined(separator: ", "))")
        }
        if embed {
            let (certificate, key) = (clientCertificate ?? "", clientKey ?? "")
            if certificate.isEmpty && key.isEmpty { throw CommandError("you must specify a --client-certificate or --client-key to embed") }
            if !certificate.isEmpty { try ConfigFileCheck.stat(certificate, flag: "client-certificate") }
            if !key.isEmpty { try ConfigFileCheck.stat(key, flag: "client-key") }
        }
        let files = file.files()
        let config = try files.startingConfig()
        let existing = config.users[name]
        var fields = existing?.fields ?? [:]
        for (path, member) in [(clientCertificate, "client-certificate"), (clientKey, "client-key")] {
            guard let path else { continue }
            if embed {
                fields[member + "-data"] = .string((FileManager.default.contents(atPath: path) ?? Data()).base64EncodedString())
                fields[member] = nil
            } else {
                let absolute = path.isEmpty ? "" : KubeconfigPaths.absolute(path)
                fields[member] = .string(absolute)
                if !absolute.isEmpty { fields[member + "-data"] = nil }
            }
        }
        var setToken = false
        var setBasic = false
        if let token {
            fields["token"] = .string(token)
            setToken = !token.isEmpty
        }
        if let username {
            fields["username"] = .string(username)
            setBasic = setBasic || !username.isEmpty
        }
        if let password {
            fields["password"] = .string(password)
            setBasic = setBasic || !password.isEmpty
        }
        if setToken || setBasic {
            if !setToken { fields["token"] = nil }
            if !setBasic {
                fields["username"] = nil
                fields["password"] = nil
            }
        }
        var new = config
        new.users[name] = .init(fields: KubeconfigSchema.canonical(fields, stanza: .user), origin: existing?.origin)
        try files.modify(from: config, to: new, relativizePaths: true)
        Console.standard.out.line("User \(GoStringLiteral.quote(name)) set.")
    }
}

/// `kubesim config delete-user NAME`.
struct ConfigDeleteUser: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-user", abstract: "Delete the specified user from the kubeconfig.")
    @OptionGroup var file: KubeconfigFileOptions
    @Argument(help: "The user to delete.", completion: KubeconfigCompletion.kind(.user)) var names: [String] = []

    func run() throws {
        let files = file.files()
        let config = try files.startingConfig()
        guard names.count == 1 else {
            throw CommandError("user to delete is required\nSee 'kubesim config delete-user -h' for help and examples")
        }
        let name = names[0]
        guard config.users[name] != nil else { throw CommandError("cannot delete user \(name), not in \(files.messageFile)") }
        var new = config
        new.users[name] = nil
        try files.modify(from: config, to: new, relativizePaths: true)
        Console.standard.out.line("deleted user \(name) from \(files.messageFile)")
    }
}
