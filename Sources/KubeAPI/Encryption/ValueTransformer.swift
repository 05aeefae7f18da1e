import Foundation

/// What a stored value becomes on its way to and from the store, as kube-apiserver's `value.Transformer`
/// (`k8s.io/apiserver/pkg/storage/value/transformer.go`): the encryption at rest of `--encryption-provider-config`.
public protocol ValueTransformer: Sendable {
    /// The value as the API server reads it, and whether the stored form is stale (written by a provider or key
    /// that is no longer the first), in which case an update must write the object even if it did not change.
    /// - Parameter authenticatedData: what the value is bound to (its etcd key), for the providers that check it.
    func fromStorage(_ data: Data, authenticatedData: Data) throws -> (data: Data, stale: Bool)
    /// The value as the store keeps it.
    func toStorage(_ data: Data, authenticatedData: Data) throws -> Data
}

/// The transformer of each resource (kube-apiserver's `ResourceTransformers`).
public protocol ResourceTransformers: Sendable {
    func transformer(for type: ResourceType) -> any ValueTransformer
}

/// Why a stored value could not be read back, in kube-apiserver's words (the message after
/// `Internal error occurred: `).
public struct ValueTransformError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Values stored as they are: the `identity` provider, and what every resource gets without
/// `--encryption-provider-config`. It refuses to read an encrypted value (one starting `k8s:enc:`), so a
/// server without the keys answers an error instead of garbage (`encrypt/identity/identity.go`).
public struct IdentityTransformer: ValueTransformer, ResourceTransformers {
    static let encryptedPrefix = Data("k8s:enc:".utf8)

    public init() {}

    public func fromStorage(_ data: Data, authenticatedData: Data) throws -> (data: Data, stale: Bool) {
        if data.starts(with: Self.encryptedPrefix) {
            throw ValueTransformError("identity transformer tried to read encrypted data")
        }
        return (data, false)
    }

    public func toStorage(_ data: Data, authenticatedData: Data) throws -> Data { data }

    public func transformer(for type: ResourceType) -> any ValueTransformer { self }
}

/// An ordered list of transformers, each under a prefix of the stored value: the first writes (its prefix in
/// front of what it makes), and a value is read by the first one whose prefix it starts with; a value read by any
/// but the first is stale (`value.NewPrefixTransformers`).
///
/// A transformer with an empty prefix (identity) that fails lets the next ones try; so does a prefix that
/// matches but cannot read the value (an older key of the same provider further down may). When none reads it,
/// the error is the single failure met, or `noMatch`.
public struct PrefixTransformers: ValueTransformer {
    public struct Entry: Sendable {
        public var prefix: Data
        public var transformer: any ValueTransformer
        public init(prefix: Data, transformer: any ValueTransformer) {
            self.prefix = prefix
            self.transformer = transformer
        }
    }

    public let entries: [Entry]
    /// The error when no prefix matches.
    public let noMatch: String

    public init(_ entries: [Entry], noMatch: String) {
        precondition(!entries.isEmpty, "a prefix transformer needs at least one transformer")
        self.entries = entries
        self.noMatch = noMatch
    }

    public func fromStorage(_ data: Data, authenticatedData: Data) throws -> (data: Data, stale: Bool) {
        var errors: [String] = []
        for (index, entry) in entries.enumerated() where data.starts(with: entry.prefix) {
            do {
                let read = try entry.transformer.fromStorage(Data(data.dropFirst(entry.prefix.count)), authenticatedData: authenticatedData)
                return (read.data, read.stale || index != 0)
            } catch {
                if entry.prefix.isEmpty { continue }
                errors.append("\(error)")
            }
        }
        switch errors.count {
        case 0: throw ValueTransformError(noMatch)
        case 1: throw ValueTransformError(errors[0])
        default: throw ValueTransformError("[" + errors.joined(separator: ", ") + "]")
        }
    }

    public func toStorage(_ data: Data, authenticatedData: Data) throws -> Data {
        let first = entries[0]
        return first.prefix + (try first.transformer.toStorage(data, authenticatedData: authenticatedData))
    }
}
