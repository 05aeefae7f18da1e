import APIServer
import ArgumentParser
import EtcdCore
import Foundation
import KubeAPI

/// `kubesim registry show KEY`: one value decoded (JSON and Kubernetes protobuf as YAML, as `auger decode` shows
/// protobuf; text as is, binary as hex) under a header with the key's revisions; a protobuf value's raw bytes
/// are shown after it, escaped.
struct RegistryShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one key's value as YAML.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var etcd: EtcdEndpointOptions

    @Argument(help: "The key, e.g. /registry/configmaps/shop/web-config.")
    var key: String

    func run() async throws {
        let console = Console.standard
        let found = try await etcd.withStore(embedded: store) { try await $0.range(RangeRequest(key: Data(key.utf8))).kvs.first }
        guard let kv = found else {
            console.err.line("Error: key \"\(key)\" not found")
            throw ExitCode(1)
        }
        console.out.line("# \(key)  create_revision=\(kv.createRevision) mod_revision=\(kv.modRevision) version=\(kv.version)")
        console.out.write(RegistryValue.text(kv.value))
        if KubernetesProtobuf.isProtobuf(kv.value) {
            console.out.line("# stored as \(StorageMediaType.protobuf.rawValue), \(kv.value.count) bytes: \(Self.escaped(kv.value))")
        }
    }

    /// Bytes as printable ASCII, others as `\xNN`.
    static func escaped(_ data: Data) -> String {
        data.map { (0x20..<0x7f).contains($0) && $0 != 0x5c ? String(UnicodeScalar($0)) : String(format: "\\x%02x", $0) }.joined()
    }
}
