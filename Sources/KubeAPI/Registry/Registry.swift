import EtcdCore
import Foundation

/// The API server's storage layer: create, get, list, update, patch, delete and watch of Kubernetes objects
/// over a `KeyValueStore`, under the keys kube-apiserver uses, with its validation, defaulting, server-set
/// fields and optimistic concurrency (`k8s.io/apiserver/pkg/registry/generic/registry/store.go` over
/// `storage/etcd3/store.go`).
///
/// - resourceVersion is the etcd revision: an object's is its key's mod_revision, a list's the header revision.
/// - Stored values are the object with `metadata.resourceVersion` blanked, in the storage media type (protobuf
///   for built-in kinds or JSON, ``StorageMediaType``), passed through the resource's value transformer
///   (encryption at rest, `--encryption-provider-config`). Either encoding is read whatever the media type.
/// - A call returns only after the store has committed the change.
public final class Registry: Sendable {
    public let store: any KeyValueStore
    public let catalog: ResourceCatalog
    let now: @Sendable () -> Date
    /// Where `generateName` suffixes come from.
    public let names: NameGenerator
    /// The admission plugins run on creates and updates (kube-apiserver's defaults unless told otherwise).
    public let admission: AdmissionChain
    /// The leases events are written with (`--event-ttl`).
    let eventLeases: LeaseManager
    /// What each resource's values become in the store (identity unless `--encryption-provider-config`).
    public let transformers: any ResourceTransformers
    /// Whether the control loops run, as `componentstatuses` report it.
    public let health = ControlPlaneHealth()
    /// How objects are encoded in the store (`--storage-media-type`).
    public let storageMediaType: StorageMediaType
    /// The JSON lists and watches last wrote for stored objects (``listJSON``, ``watchJSON``).
    let encodedObjects = EncodedObjectCache()
    /// The objects the latest watch events decoded (``sharedDecode(_:as:)``).
    let decodedObjects = DecodedObjectCache()
    /// The objects last written, with their stored bytes (``read(_:as:listed:omittingManagedFields:)``).
    let writtenObjects = WrittenObjectCache()
    /// The store watches JSON watches share (``watchJSON``).
    let sharedWatches = SharedWatches()

    /// The namespaces a cluster has from the start; `default`, `kube-system` and `kube-public` cannot be deleted.
    public static let systemNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"]

    /// - Parameters:
    ///   - now: the clock server-set times come from (a simulated one in the embedded command line).
    ///   - names: where `generateName` suffixes come from (a seeded sequence for a repeatable cluster).
    ///   - admission: the admission plugins (`--enable-admission-plugins`).
    ///   - eventTTL: how long an event outlives its last write, in seconds (`--event-ttl`, 1h).
    ///   - transformers: the encryption at rest of each resource's values (`--encryption-provider-config`).
    ///   - storageMediaType: how objects are encoded in the store (`--storage-media-type`).
    public init(
        store: any KeyValueStore, catalog: ResourceCatalog = ResourceCatalog(),
        now: @escaping @Sendable () -> Date = Date.init, names: NameGenerator = .random(),
        admission: AdmissionChain = .kubeAPIServer, eventTTL: Int64 = 3600,
        transformers: any ResourceTransformers = IdentityTransformer(), storageMediaType: StorageMediaType = .json
    ) {
        self.store = store
        self.storageMediaType = storageMediaType
        self.transformers = transformers
        self.catalog = catalog
        self.now = now
        self.names = names
        self.admission = admission
        self.eventLeases = LeaseManager(store: store, ttl: eventTTL, now: now)
    }

    /// Makes the registry ready, as kube-apiserver's start does: serves the custom resources stored definitions
    /// declare, and creates what a new store lacks: the system namespaces and the service IP and node port
    /// allocations (`/registry/ranges/`).
    public func bootstrap() async throws {
        let allocator = try await ServiceAllocator.load(store)
        let ranges = allocator.commitOps
        if !ranges.puts.isEmpty { _ = try await store.txn(TxnRequest(compare: ranges.compares, success: ranges.puts)) }
        let definitions = try await list(BuiltinResources.customResourceDefinitions, namespace: nil)
        for definition in definitions.items { catalog.register(definition: definition.json) }
        let namespaces = Set(try await list(BuiltinResources.namespaces, namespace: nil).items.map(\.name))
        for name in Self.systemNamespaces where !namespaces.contains(name) {
            let namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
            do {
                _ = try await create(BuiltinResources.namespaces, namespace: nil, object: namespace,
                                     options: WriteOptions(fieldManager: "kube-apiserver"))
            } catch let error as StatusError where error.reason == "AlreadyExists" {
                // Another process created it first.
            }
        }
    }

    // MARK: - Keys and values

    func key(_ type: ResourceType, namespace: String?, name: String) -> Data {
        Data(type.key(namespace: namespace, name: name).utf8)
    }

    /// The object a stored key-value of `type` holds, with its resourceVersion set to the key's mod_revision.
    /// - Throws: `StatusError` 500 for a value the resource's transformer cannot read (a key or provider the
    ///   configuration lacks), or that is not a readable object (one written through the etcd endpoint), as
    ///   kube-apiserver answers.
    /// - Parameters:
    ///   - listed: the value is one of a list's, whose error names the key.
    ///   - omittingManagedFields: the object is read without `metadata.managedFields`.
    func decode(_ kv: KeyValue, as type: ResourceType, listed: Bool = false, omittingManagedFields: Bool = false) throws -> KubeObject {
        try read(kv, as: type, listed: listed, omittingManagedFields: omittingManagedFields).object
    }

    /// ``decode(_:as:listed:)`` for a watch event's value, which the other watchers of the same change decode
    /// too: the object is kept a short while (``DecodedObjectCache``) and decoded once for all of them.
    func sharedDecode(_ kv: KeyValue, as type: ResourceType) throws -> KubeObject {
        // A served version other than the storage one converts each time, as ``encodedJSON`` does.
        guard type.conversion == nil else { return try decode(kv, as: type) }
        if let object = decodedObjects.object(key: kv.key, revision: kv.modRevision) { return object }
        let object = try decode(kv, as: type)
        decodedObjects.store(object, key: kv.key, revision: kv.modRevision)
        return object
    }

    /// The object a stored key-value holds, and whether its stored form is stale: written by a key or provider
    /// that no longer writes, so an update must rewrite it even when the object does not change.
    func read(
        _ kv: KeyValue, as type: ResourceType, listed: Bool = false, omittingManagedFields: Bool = false
    ) throws -> (object: KubeObject, stale: Bool) {
        // A value this registry just wrote is the object it wrote (``WrittenObjectCache``), stored the current way.
        if type.conversion == nil, var object = writtenObjects.object(key: kv.key, value: kv.value) {
            object.resourceVersion = String(kv.modRevision)
            if omittingManagedFields { object.json[["metadata", "managedFields"]] = nil }
            return (object, false)
        }
        let plain = try plainValue(kv, as: type, listed: listed)
        return (try object(fromPlain: plain.data, kv, as: type, omittingManagedFields: omittingManagedFields), plain.stale)
    }

    /// A stored value as its resource's transformer gives it back (decrypted), and whether it is stale.
    private func plainValue(_ kv: KeyValue, as type: ResourceType, listed: Bool) throws -> (data: Data, stale: Bool) {
        do { return try transformers.transformer(for: type.storageType).fromStorage(kv.value, authenticatedData: kv.key) } catch {
            let key = String(decoding: kv.key, as: UTF8.self)
            throw StatusError.internalError(listed ? "unable to transform key \"\(key)\": \(error)" : "\(error)")
        }
    }

    /// The object plain stored bytes hold, in the served version, with the key's mod revision as resourceVersion.
    private func object(
        fromPlain data: Data, _ kv: KeyValue, as type: ResourceType, omittingManagedFields: Bool = false
    ) throws -> KubeObject {
        var json: JSONValue
        do {
            json = try StorageMediaType.decode(data, omittingManagedFields: omittingManagedFields)
            // A served version other than the storage one sees the stored object converted (`VersionConversion`).
            if let conversion = type.conversion { json = try conversion.fromStorage(json, to: type) }
        } catch {
            throw StatusError.internalError("unable to decode \"\(String(decoding: kv.key, as: UTF8.self))\": \(error)")
        }
        var object = KubeObject(json)
        object.resourceVersion = String(kv.modRevision)
        return object
    }

    /// The compact JSON of the object a stored key-value holds, as `decode(kv, as: type, listed: listed).json`
    /// encodes with its resourceVersion set to `revision` (the key's mod revision unless told: a watch reports a
    /// deleted object at the delete's revision): as a list or watch wrote it before (``EncodedObjectCache``), else
    /// written straight from a protobuf value, else decoded and encoded.
    func encodedJSON(_ kv: KeyValue, as type: ResourceType, revision: Int64? = nil, listed: Bool = true) throws -> [UInt8] {
        let revision = revision ?? kv.modRevision
        // A served version other than the storage one converts each time; the storage version's bytes are kept.
        if type.conversion == nil, let cached = encodedObjects.bytes(key: kv.key, revision: revision) { return cached }
        let encoded = try freshlyEncodedJSON(kv, as: type, revision: revision, listed: listed)
        if type.conversion == nil { encodedObjects.store(encoded, key: kv.key, revision: revision) }
        return encoded
    }

    private func freshlyEncodedJSON(_ kv: KeyValue, as type: ResourceType, revision: Int64, listed: Bool) throws -> [UInt8] {
        let plain = try plainValue(kv, as: type, listed: listed).data
        guard type.conversion == nil, KubernetesProtobuf.isProtobuf(plain) else {
            var object = try object(fromPlain: plain, kv, as: type)
            object.resourceVersion = String(revision)
            return object.json.jsonBytes()
        }
        var output: [UInt8] = []
        output.reserveCapacity(plain.count * 2)
        do { try KubernetesProtobuf.appendStoredJSON(plain, resourceVersion: String(revision), to: &output) } catch {
            // A value the writer cannot read fails as decoding it fails, with the same message.
            _ = try object(fromPlain: plain, kv, as: type)
            throw StatusError.internalError("unable to decode \"\(String(decoding: kv.key, as: UTF8.self))\": \(error)")
        }
        return output
    }

    /// The bytes stored for an object of `type` at `key`: the object in its storage version, encoded in the
    /// storage media type with resourceVersion blanked, as the resource's transformer writes it.
    func encode(_ object: KubeObject, type: ResourceType, key: Data) throws -> Data {
        var stored: KubeObject
        do { stored = try type.toStorage(object) } catch { throw StatusError.badRequest("\(error)") }
        stored.resourceVersion = nil
        let plain = storageMediaType.encodeChecked(stored.json)
        let value: Data
        do { value = try transformers.transformer(for: type.storageType).toStorage(plain.data, authenticatedData: key) } catch {
            throw StatusError.internalError("\(error)")
        }
        if plain.readsBack { writtenObjects.store(stored, key: key, value: value) }
        return value
    }

    /// The namespace an object of `type` lives in for a request naming `namespace`; nil for cluster-scoped types.
    func scopedNamespace(_ type: ResourceType, _ namespace: String?) -> String? {
        type.namespaced ? (namespace ?? "default") : nil
    }
}
