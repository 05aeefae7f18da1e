import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim config get-clusters`: one name a line under `NAME`, in name order (kubectl's order is its map's).
struct ConfigGetClusters: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-clusters", abstract: "Display clusters defined in the kubeconfig.")
    @OptionGroup var file: KubeconfigFileOptions
    @Argument var ignored: [String] = []

    func run() throws {
        let config = try file.files().startingConfig()
        Console.standard.out.write((["NAME"] + config.clusters.keys.sorted()).map { $0 + "\n" }.joined())
    }
}

/// `kubesim config set-cluster NAME [--server] [--certificate-authority [--embed-certs]]
/// [--insecure-skip-tls-verify] [--tls-server-name] [--proxy-url]`: new members merged over the entry's.
struct ConfigSetCluster: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-cluster", abstract: "Set a cluster entry in kubeconfig.")
    @OptionGroup var file: KubeconfigFileOptions
    @Option(help: "server for the cluster entry in kubeconfig") var server: String?
    @Option(name: .customLong("tls-server-name"), help: "tls-server-name for the cluster entry in kubeconfig") var tlsServerName: String?
    @Option(name: .customLong("insecure-skip-tls-verify"), help: "insecure-skip-tls-verify for the cluster entry in kubeconfig")
    var insecureSkipTLSVerify: String?
    @Option(name: .customLong("certificate-authority"), help: "Path to certificate-authority file for the cluster entry in kubeconfig")
    var certificateAuthority: String?
    @Option(name: .customLong("embed-certs"), help: "embed-certs for the cluster entry in kubeconfig") var embedCerts: String?
    @Option(name: .customLong("proxy-url"), help: "proxy-url for the cluster entry in kubeconfig") var proxyURL: String?
    @Argument(help: "The cluster to set.") var names: [String] = []

    func run() throws {
        let insecure = try insecureSkipTLSVerify.map { try GoBool.flag($0, "insecure-skip-tls-verify", command: "config set-cluster") }
        let embed = try embedCerts.map { try GoBool.flag($0, "embed-certs", command: "config set-cluster") } ?? false
        guard names.count == 1 else { try ConfigUsage.fail(Self.self, "Unexpected args: \(ConfigUsage.list(names))") }
        let name = names[0]
        guard !name.isEmpty else { throw CommandError("you must specify a non-empty cluster name") }
        let authority = certificateAuthority ?? ""
        if insecure == true && !authority.isEmpty {
            throw CommandError("you cannot specify a certificate authority and insecure mode at the same time")
        }
        if embed {
            guard !authority.isEmpty else { throw CommandError("you must specify a --certificate-authority to embed") }
            try ConfigFileCheck.stat(authority, flag: "certificate-authority")
        }
        let files = file.files()
        let config = try files.startingConfig()
        let existing = config.clusters[name]
        var fields = existing?.fields ?? [:]
        if let server {
            fields["server"] = .string(server)
            fields["tls-server-name"] = nil
        }
        if let tlsServerName { fields["tls-server-name"] = .string(tlsServerName) }
        if let insecure {
            fields["insecure-skip-tls-verify"] = .bool(insecure)
            if insecure {
                fields["certificate-authority"] = nil
                fields["certificate-authority-data"] = nil
            }
        }
        if let certificateAuthority {
            if embed {
                let data = FileManager.default.contents(atPath: certificateAuthority) ?? Data()
                fields["certificate-authority-data"] = .string(data.base64EncodedString())
                fields["insecure-skip-tls-verify"] = nil
                fields["certificate-authority"] = nil
            } else {
                let path = certificateAuthority.isEmpty ? "" : KubeconfigPaths.absolute(certificateAuthority)
                fields["certificate-authority"] = .string(path)
                if !path.isEmpty {
                    fields["insecure-skip-tls-verify"] = nil
                    fields["certificate-authority-data"] = nil
                }
            }
        }
        if let proxyURL { fields["proxy-url"] = .string(proxyURL) }
        var new = config
        new.clusters[name] = .init(fields: KubeconfigSchema.canonical(fields, stanza: .cluster), origin: existing?.origin)
        try files.modify(from: config, to: new, relativizePaths: true)
        Console.standard.out.line("Cluster \(GoStringLiteral.quote(name)) set.")
    }
}

/// `kubesim config delete-cluster NAME`.
struct ConfigDeleteCluster: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-cluster", abstract: "Delete the specified cluster from the kubeconfig.")
    @OptionGroup var file: KubeconfigFileOptions
    @Argument(help: "The cluster to delete.", completion: KubeconfigCompletion.kind(.cluster)) var names: [String] = []

    func run() throws {
        let files = file.files()
        let config = try files.startingConfig()
        guard names.count == 1 else { try ConfigUsage.fail(Self.self, nil) }
        let name = names[0]
        guard config.clusters[name] != nil else { throw CommandError("cannot delete cluster \(name), not in \(files.messageFile)") }
        var new = config
        new.clusters[name] = nil
        try files.modify(from: config, to: new, relativizePaths: true)
        Console.standard.out.line("deleted cluster \(name) from \(files.messageFile)")
    }
}

/// The checks kubectl makes of a file a flag names before embedding it.
enum ConfigFileCheck {
    static func stat(_ path: String, flag: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandError("could not stat \(flag) file \(path): stat \(path): no such file or directory")
        }
    }
}
