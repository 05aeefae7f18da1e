import EtcdCore
import Foundation
import KubeAPI
import Testing

/// `--encryption-provider-config` as kube-apiserver reads it (`server/options/encryptionconfig/config.go`,
/// `apis/apiserver/validation/validation_encryption.go`) and the registry's reads and writes through it: which
/// resources a rule covers, the first provider writing, every provider reading, kube-apiserver's errors for a value
/// no configured key reads, and the rewrite of a stale value on update, which key rotation relies on.
@Suite(.serialized)
struct EncryptionConfigurationTests {
    static let key1 = Data(repeating: 1, count: 32).base64EncodedString()
    static let key2 = Data(repeating: 2, count: 32).base64EncodedString()

    static func parse(_ yaml: String) throws -> EncryptionConfiguration {
        try EncryptionConfiguration(try #require(try JSONValue.parseYAMLDocuments(yaml).first))
    }

    static func config(resources: String = "[secrets]", _ providers: String) throws -> EncryptionConfiguration {
        try parse(
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: \(resources)
              providers: \(providers)
            """)
    }

    static func aescbc(_ names: [String]) -> String {
        "{aescbc: {keys: [" + names.map { "{name: \($0), secret: \($0 == "key1" ? key1 : key2)}" }.joined(separator: ", ") + "]}}"
    }

    static let secret: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"], "data": ["k": "dg=="]]

    /// A registry on `store` with `transformers`.
    static func registry(_ store: SQLiteStore, _ transformers: any ResourceTransformers) async throws -> Registry {
        let registry = Registry(store: store, transformers: transformers)
        try await registry.bootstrap()
        return registry
    }

    static func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let test = try TestStoreDirectory()
        do { try await body(test.store) } catch {
            await test.finish()
            throw error
        }
        await test.finish()
    }

    static func stored(_ store: SQLiteStore, _ key: String = "/registry/secrets/default/s") async throws -> Data {
        try #require(try await store.get(Data(key.utf8))).value
    }

    @Test func exactNamesWinOverGroupWildcardsWhichWinOverEverything() throws {
        let config = try Self.parse(
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: [deployments.apps]
              providers: [{identity: {}}]
            - resources: ["*.apps"]
              providers: [{aesgcm: {keys: [{name: g, secret: \(Self.key1)}]}}]
            - resources: ["*.*"]
              providers: [{secretbox: {keys: [{name: s, secret: \(Self.key1)}]}}]
            """)
        let plain = Data("{}".utf8)
        let ad = Data()
        #expect(try config.transformer(for: BuiltinResources.deployments).toStorage(plain, authenticatedData: ad) == plain)
        #expect(try config.transformer(for: BuiltinResources.replicaSets).toStorage(plain, authenticatedData: ad).starts(with: Data("k8s:enc:aesgcm:v1:g:".utf8)))
        #expect(try config.transformer(for: BuiltinResources.configMaps).toStorage(plain, authenticatedData: ad).starts(with: Data("k8s:enc:secretbox:v1:s:".utf8)))
    }

    @Test func aRuleAfterAWildcardThatMasksItIsRefused() {
        #expect {
            try Self.parse(
                """
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: ["*.*"]
                  providers: [{identity: {}}]
                - resources: [secrets]
                  providers: [{identity: {}}]
                """)
        } throws: { "\($0)" == #"error while building transformers: resource "secrets" is masked by earlier rule "*.*""# }
    }

    @Test func keysOfTheWrongLengthAreRefusedWithoutShowingThem() {
        #expect {
            try Self.config("[{aescbc: {keys: [{name: short, secret: \(Data(count: 10).base64EncodedString())}]}}]")
        } throws: {
            "\($0)" == #"error while parsing file: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 10, expected one of [16 24 32]"#
        }
    }

    @Test func aValueNoConfiguredKeyReadsAnswersKubeAPIServersError() async throws {
        try await Self.withStore { store in
            let withKey2 = try await Self.registry(store, try Self.config("[\(Self.aescbc(["key2"]))]"))
            _ = try await withKey2.create(BuiltinResources.secrets, namespace: "default", object: Self.secret)
            let cases: [(any ResourceTransformers, String)] = [
                (try Self.config("[\(Self.aescbc(["key1"]))]"), "no matching key was found for the provided AES transformer"),
                // identity in a list lets the next provider try, and there is none; without a file, identity
                // is the transformer itself and says why.
                (try Self.config("[{identity: {}}]"), "no matching prefix found"),
                (IdentityTransformer(), "identity transformer tried to read encrypted data"),
                (try Self.config("[{aesgcm: {keys: [{name: key2, secret: \(Self.key2)}]}}]"), "no matching prefix found"),
            ]
            for (transformers, message) in cases {
                let registry = try await Self.registry(store, transformers)
                await #expect { try await registry.get(BuiltinResources.secrets, namespace: "default", name: "s") } throws: {
                    ($0 as? StatusError)?.message == "Internal error occurred: \(message)" && ($0 as? StatusError)?.code == 500
                }
                await #expect { try await registry.list(BuiltinResources.secrets, namespace: "default") } throws: {
                    ($0 as? StatusError)?.message
                        == "Internal error occurred: unable to transform key \"/registry/secrets/default/s\": \(message)"
                }
            }
        }
    }

    @Test func anUnchangedUpdateRewritesAValueAnOlderKeyWrote() async throws {
        try await Self.withStore { store in
            let old = try await Self.registry(store, try Self.config("[\(Self.aescbc(["key1"]))]"))
            let created = try await old.create(BuiltinResources.secrets, namespace: "default", object: Self.secret)
            #expect(try await Self.stored(store).starts(with: Data("k8s:enc:aescbc:v1:key1:".utf8)))

            let rotated = try await Self.registry(store, try Self.config("[\(Self.aescbc(["key2", "key1"]))]"))
            let read = try await rotated.get(BuiltinResources.secrets, namespace: "default", name: "s")
            #expect(read.json[["data", "k"]] == "dg==")
            let replaced = try await rotated.update(BuiltinResources.secrets, namespace: "default", name: "s", object: read.json)
            #expect(replaced.resourceVersion != created.resourceVersion)
            #expect(try await Self.stored(store).starts(with: Data("k8s:enc:aescbc:v1:key2:".utf8)))
            // Now current: the same update writes nothing.
            let again = try await rotated.update(BuiltinResources.secrets, namespace: "default", name: "s", object: replaced.json)
            #expect(again.resourceVersion == replaced.resourceVersion)

            // identity first: plain again on the next write, and old values still read.
            let decrypting = try await Self.registry(store, try Self.config("[{identity: {}}, \(Self.aescbc(["key2", "key1"]))]"))
            _ = try await decrypting.update(BuiltinResources.secrets, namespace: "default", name: "s", object: again.json)
            #expect(try await Self.stored(store).starts(with: Data("{".utf8)))
        }
    }

    @Test func resourcesTheFileDoesNotListStayPlain() async throws {
        try await Self.withStore { store in
            let registry = try await Self.registry(store, try Self.config("[\(Self.aescbc(["key1"]))]"))
            let map: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["k": "v"]]
            _ = try await registry.create(BuiltinResources.configMaps, namespace: "default", object: map)
            #expect(try await Self.stored(store, "/registry/configmaps/default/c").starts(with: Data("{".utf8)))
        }
    }
}

/// A store in a fresh temporary directory.
private struct TestStoreDirectory {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubeapi-encconfig-\(UUID().uuidString)")
    let store: SQLiteStore

    init() throws {
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
    }

    func finish() async {
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
