import Crypto
import CryptoExtras
import EtcdCore
import Foundation
import Testing

@testable import KubeAPI

/// kube-apiserver's envelopes (`k8s:enc:<provider>:v1:<key>:` then the provider's layout, from
/// `staging/src/k8s.io/apiserver/pkg/storage/value/encrypt/{aes,secretbox}`), checked against values made
/// outside KubeSim: AES vectors computed with OpenSSL (Python's `cryptography`) from a fixed key, IV or nonce and
/// plain text, NaCl's published secretbox vector and RFC 8439's Poly1305 vector; and KubeSim's own output opened
/// with swift-crypto's ciphers following the documented layout.
@Suite(.serialized)
struct EncryptionEnvelopeTests {
    static let key = Data(0..<32)
    static let secretKey = "/registry/secrets/default/vector"
    /// The stored JSON the vectors encrypt.
    static let plainText =
        #"{"apiVersion":"v1","data":{"password":"czNjcjN0"},"kind":"Secret","metadata":{"name":"vector","namespace":"default","uid":"6f1f4d2c-0000-4000-8000-000000000001","creationTimestamp":"2025-01-01T00:00:00Z"},"type":"Opaque"}"#
    /// AES-256-CBC with PKCS#7 of `plainText`, IV 10 11 ... 1f in front.
    static let cbcVector =
        "101112131415161718191a1b1c1d1e1f826f218fd1c9fac737c8cef7686c218f4f012e78044ec2643f64efd6309ae183fba71eff821093d22a621c943928e479b4953dd140200ae5dcf1fea294a4ed1391c01ce132ad29f5204eb26112222ef4e17e7fb04efbf6a9724f3db3a0a82d077195b0ae24841d7c495f3ee96f80541292d729c834c873791c358130bdbebd33d3690c8ca3b84b9b16b2e9e7c6ea527e09e7a014105fb5ad8ee94e7d624f5430e0adc55b44031f2d8e7f694158eb34127d03135a8db6a9c2bcacef1c7319e27f1d6d2d63f2bcfe9df84693c89400945eee88f06411e4b5648d09249e3d21af3a"
    /// AES-256-GCM of `plainText`, nonce 20 21 ... 2b in front, tag at the end, the etcd key as authenticated data.
    static let gcmVector =
        "202122232425262728292a2ba918c70005ce7f7c69152da0e322d68fe16bc0bee3e1178f4ecc173039eb2d7a02e19760ac1f17b96eb304f132472fea9f06cee5f3524943f4402c782fc06fa9fa0aef66f3e384f2ea1e880581261b0fb4fa56268dd9f07bac3bad583830bcb263394b25b825fd96eba68663c690ac661ce5ad6eb3abc66972c8253993b6e41c58d61eb30bde338148bb925a3e122496e7fa0605e3a8eaba00388d1fbae3e0eff5d75f5db99203e58ed99dd5cb4f68dfcadecca673e1fd0d59f5c394d717e39bb793462c44b6fe6f654797c3c3f1dfb5bd40d724e49063fe70ca6c7e3ace8b79e7f1c24bf0af6d167160d14d70"

    static func configuration(_ provider: String) throws -> EncryptionConfiguration {
        let keys: JSONValue = ["keys": [["name": "key1", "secret": .string(key.base64EncodedString())]]]
        return try EncryptionConfiguration(
            [
                "apiVersion": "apiserver.config.k8s.io/v1", "kind": "EncryptionConfiguration",
                "resources": [["resources": ["secrets"], "providers": [.object([provider: keys])]]],
            ])
    }

    /// A registry over a fresh store whose Secrets are encrypted by `provider` with `key`.
    static func withRegistry(_ provider: String, _ body: (SQLiteStore, Registry) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubeapi-enc-\(UUID().uuidString)")
        var settings = SQLiteStore.Configuration()
        settings.leaseCheckInterval = nil
        let store = try SQLiteStore.open(dataDirectory: directory.path, configuration: settings)
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = Registry(store: store, transformers: try configuration(provider))
        do {
            try await registry.bootstrap()
            try await body(store, registry)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func bytes(_ hex: String) -> Data {
        Data(stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! })
    }

    static let secret: JSONValue = [
        "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "mine"], "stringData": ["password": "hunter2"],
    ]

    @Test(arguments: [("aescbc", cbcVector), ("aesgcm", gcmVector)])
    func aVectorMadeOutsideKubeSimReads(provider: String, vector: String) async throws {
        try await Self.withRegistry(provider) { store, registry in
            let envelope = Data("k8s:enc:\(provider):v1:key1:".utf8) + Self.bytes(vector)
            _ = try await store.put(PutRequest(key: Data(Self.secretKey.utf8), value: envelope))
            let read = try await registry.get(BuiltinResources.secrets, namespace: "default", name: "vector")
            #expect(read.json[["data", "password"]] == "czNjcjN0")
        }
    }

    @Test func aesCBCOutputOpensWithTheDocumentedLayout() async throws {
        try await Self.withRegistry("aescbc") { store, registry in
            _ = try await registry.create(BuiltinResources.secrets, namespace: "default", object: Self.secret)
            let stored = try #require(try await store.get(Data("/registry/secrets/default/mine".utf8))).value
            let prefix = Data("k8s:enc:aescbc:v1:key1:".utf8)
            #expect(stored.starts(with: prefix))
            let body = stored.dropFirst(prefix.count)
            #expect((body.count - 16) % 16 == 0)
            let iv = try AES._CBC.IV(ivBytes: Array(body.prefix(16)))
            let plain = try AES._CBC.decrypt(body.dropFirst(16), using: SymmetricKey(data: Self.key), iv: iv)
            #expect(try JSONValue.parse(json: plain)[["data", "password"]] == "aHVudGVyMg==")
            #expect(stored.range(of: Data("aHVudGVyMg==".utf8)) == nil)
        }
    }

    @Test func aesGCMOutputOpensWithTheEtcdKeyAsAuthenticatedData() async throws {
        try await Self.withRegistry("aesgcm") { store, registry in
            _ = try await registry.create(BuiltinResources.secrets, namespace: "default", object: Self.secret)
            let key = Data("/registry/secrets/default/mine".utf8)
            let stored = try #require(try await store.get(key)).value
            let prefix = Data("k8s:enc:aesgcm:v1:key1:".utf8)
            #expect(stored.starts(with: prefix))
            // 12-byte nonce, ciphertext, 16-byte tag.
            let box = try AES.GCM.SealedBox(combined: stored.dropFirst(prefix.count))
            let plain = try AES.GCM.open(box, using: SymmetricKey(data: Self.key), authenticating: key)
            #expect(try JSONValue.parse(json: plain)[["data", "password"]] == "aHVudGVyMg==")

            // The same value copied under another key does not read: the key is authenticated.
            _ = try await store.put(PutRequest(key: Data("/registry/secrets/default/copy".utf8), value: stored))
            let error = await #expect(throws: StatusError.self) {
                try await registry.get(BuiltinResources.secrets, namespace: "default", name: "copy")
            }
            #expect(error?.code == 500)
            #expect(error?.message == "Internal error occurred: cipher: message authentication failed")
        }
    }

    // NaCl's crypto_secretbox vector (Bernstein, "Cryptography in NaCl", tests/secretbox.c): the box is the tag
    // followed by the ciphertext, as golang.org/x/crypto/nacl/secretbox seals it.
    static let naclKey = "1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389"
    static let naclNonce = "69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37"
    static let naclMessage =
        "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705"
    static let naclBox =
        "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5"

    @Test func secretboxSealsNaClsPublishedVector() {
        let box = SecretBox.seal(Array(Self.bytes(Self.naclMessage)), nonce: Array(Self.bytes(Self.naclNonce)), key: Array(Self.bytes(Self.naclKey)))
        #expect(Data(box) == Self.bytes(Self.naclBox))
    }

    @Test func secretboxProviderReadsTheNonceThenNaClsBox() throws {
        let transformer = try SecretboxTransformer(key: Self.bytes(Self.naclKey))
        let read = try transformer.fromStorage(Self.bytes(Self.naclNonce) + Self.bytes(Self.naclBox), authenticatedData: Data())
        #expect(read.data == Self.bytes(Self.naclMessage))
        var tampered = Self.bytes(Self.naclNonce) + Self.bytes(Self.naclBox)
        tampered[tampered.count - 1] ^= 1
        #expect(throws: ValueTransformError.self) { try transformer.fromStorage(tampered, authenticatedData: Data()) }
        // Its own output: a 24-byte nonce, then a box that opens with it.
        let stored = try transformer.toStorage(Data("{}".utf8), authenticatedData: Data())
        #expect(stored.count == 24 + 16 + 2)
        #expect(SecretBox.open(Array(stored.dropFirst(24)), nonce: Array(stored.prefix(24)), key: Array(Self.bytes(Self.naclKey))) == Array("{}".utf8))
    }

    /// RFC 8439, section 2.5.2.
    @Test func poly1305MatchesRFC8439() {
        let key = Self.bytes("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b")
        let tag = Poly1305.tag(Array("Cryptographic Forum Research Group".utf8), key: Array(key))
        #expect(Data(tag) == Self.bytes("a8061dc1305136c6c22b8baf0c0127a9"))
    }
}
