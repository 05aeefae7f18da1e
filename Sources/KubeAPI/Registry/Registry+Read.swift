import EtcdCore
import Foundation

extension Registry {
    /// One object.
    /// - Throws: `StatusError.notFound`.
    public func get(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        if type == BuiltinResources.componentStatuses { return try await componentStatus(name) }
        let namespace = scopedNamespace(type, namespace)
        guard let kv = try await store.get(key(type, namespace: namespace, name: name)) else {
            throw StatusError.notFound(type, name: name)
        }
        return try decode(kv, as: type)
    }

    /// Objects of a type in one namespace (nil: all namespaces), filtered by selectors, at most `limit` per page.
    ///
    /// A page after the first reads at the first page's revision, so the pages form one consistent list; when
    /// that revision has been compacted the token is too old (410 Expired), as kube-apiserver answers.
    public func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector = .everything,
        fieldSelector: FieldSelector = .everything, limit: Int64 = 0, continueToken: String? = nil,
        version: ListVersion = .latest
    ) async throws -> ObjectList {
        try await list(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit,
            continueToken: continueToken, version: version, omittingManagedFields: false)
    }

    /// A whole list as ``list(_:namespace:labelSelector:fieldSelector:limit:continueToken:version:)`` gives it,
    /// each object without `metadata.managedFields`, which are then not decoded: for printers that do not show
    /// them (kubectl's tables and names, and its YAML and JSON unless `--show-managed-fields`).
    public func listOmittingManagedFields(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector = .everything,
        fieldSelector: FieldSelector = .everything, version: ListVersion = .latest
    ) async throws -> ObjectList {
        try await list(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: 0,
            continueToken: nil, version: version, omittingManagedFields: true)
    }

    private func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?, version: ListVersion, omittingManagedFields: Bool
    ) async throws -> ObjectList {
        if type == BuiltinResources.componentStatuses {
            return ObjectList(items: await componentStatuses(), resourceVersion: "", continueToken: nil, remainingItemCount: nil)
        }
        let page = try await listPage(
            type, namespace: namespace, filtered: !labelSelector.isEverything || !fieldSelector.isEverything,
            limit: limit, continueToken: continueToken, version: version
        ) { [self] kv in
            let object = try decode(kv, as: type, listed: true, omittingManagedFields: omittingManagedFields)
            return labelSelector.matches(object.labels) && fieldSelector.matches(object) ? object : nil
        }
        return ObjectList(
            items: page.items, resourceVersion: page.resourceVersion, continueToken: page.continueToken,
            remainingItemCount: page.remainingItemCount)
    }

    /// The same list as ``list(_:namespace:labelSelector:fieldSelector:limit:continueToken:version:)``, each item
    /// as its compact JSON. Stored protobuf objects served in their storage version are written straight from
    /// their messages, without building their objects, and what was written is kept for the next list
    /// (``EncodedObjectCache``); a list with selectors decodes each object to match it.
    public func listJSON(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector = .everything,
        fieldSelector: FieldSelector = .everything, limit: Int64 = 0, continueToken: String? = nil,
        version: ListVersion = .latest
    ) async throws -> ListPage<[UInt8]> {
        let filtered = !labelSelector.isEverything || !fieldSelector.isEverything
        guard !filtered, type.conversion == nil, type != BuiltinResources.componentStatuses else {
            let list = try await list(
                type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit,
                continueToken: continueToken, version: version)
            return ListPage(
                items: list.items.map { $0.json.jsonBytes() }, resourceVersion: list.resourceVersion,
                continueToken: list.continueToken, remainingItemCount: list.remainingItemCount)
        }
        return try await listPage(
            type, namespace: namespace, filtered: false, limit: limit, continueToken: continueToken, version: version
        ) { [self] kv in try encodedJSON(kv, as: type) }
    }

    /// One page of a list: the items `make` makes of the stored objects, skipping those it answers nil for.
    private func listPage<Item: Sendable>(
        _ type: ResourceType, namespace: String?, filtered: Bool, limit: Int64, continueToken: String?,
        version: ListVersion, make: @escaping @Sendable (KeyValue) throws -> Item?
    ) async throws -> ListPage<Item> {
        let namespace = type.namespaced ? namespace : nil
        let prefix = Data(type.keyPrefix(namespace: namespace).utf8)
        let end = KeyRange.prefixEnd(prefix)
        var start = prefix
        var revision: Revision = 0
        if let continueToken {
            let token = try ContinueToken(decoding: continueToken, prefix: prefix)
            start = token.startKey
            revision = token.revision
        } else if case .exact(let exact) = version {
            revision = exact
        }
        var items: [Item] = []
        var readRevision = revision
        var more = false
        var remaining: Int64?
        // Fetch in chunks until the page is full or the range is exhausted; selectors may drop items.
        while true {
            let want = limit > 0 ? limit - Int64(items.count) : 0
            let response = try await listRange(
                RangeRequest(key: start, rangeEnd: end, limit: filtered && want > 0 ? max(want, 500) : want, revision: readRevision),
                continued: continueToken != nil, version: version)
            if readRevision == 0 { readRevision = response.header.revision }
            items.reserveCapacity(items.count + response.kvs.count)
            // Every value read is made into an item unless a selector may fill the page early, so the values can
            // be decoded on every core; otherwise one at a time, up to the page's end.
            let made: [Item?]? = limit == 0 || !filtered ? try await response.kvs.concurrentMap(make) : nil
            for (index, kv) in response.kvs.enumerated() {
                let item: Item? = if let made { made[index] } else { try make(kv) }
                guard let item else { continue }
                items.append(item)
                if limit > 0 && Int64(items.count) == limit {
                    start = kv.key + [0]
                    break
                }
            }
            if limit > 0 && Int64(items.count) == limit {
                // The page is full: is anything after it?
                let rest = try await store.range(
                    RangeRequest(key: start, rangeEnd: end, revision: readRevision, countOnly: true))
                more = rest.count > 0
                if more && !filtered { remaining = rest.count }
                break
            }
            guard response.more, let last = response.kvs.last else { break }
            start = last.key + [0]
        }
        return ListPage(
            items: items, resourceVersion: String(readRevision),
            continueToken: more ? ContinueToken(revision: readRevision, startKey: start, prefix: prefix).encoded : nil,
            remainingItemCount: remaining)
    }

    /// A range read for a list, its failures as kube-apiserver answers them: a compacted revision is 410 Expired
    /// (for a continue token, with the token's own message), a future one 504 Too large resource version, as is
    /// a latest read older than a `NotOlderThan` minimum.
    func listRange(_ request: RangeRequest, continued: Bool, version: ListVersion) async throws -> RangeResponse {
        let response: RangeResponse
        do {
            response = try await store.range(request)
        } catch EtcdError.compacted where !continued {
            throw StatusError.expired("The resourceVersion for the provided list is too old.")
        } catch EtcdError.futureRevision {
            throw StatusError.tooLargeResourceVersion(request.revision, current: try await store.status().header.revision)
        } catch EtcdError.compacted {
            throw StatusError.expired(
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
        }
        if request.revision == 0, case .notOlderThan(let minimum) = version, minimum > response.header.revision {
            throw StatusError.tooLargeResourceVersion(minimum, current: response.header.revision)
        }
        return response
    }

    /// Changes to objects of a type after `resourceVersion` (nil or "0": from now), filtered by selectors.
    ///
    /// An object that starts or stops matching the selectors is reported as ADDED or DELETED, as the
    /// apiserver's watch cache does.
    public func watch(
        _ type: ResourceType, namespace: String?, resourceVersion: String? = nil,
        labelSelector: LabelSelector = .everything, fieldSelector: FieldSelector = .everything
    ) async throws -> AsyncThrowingStream<ObjectEvent, any Error> {
        let (stream, start) = try await storeWatch(type, namespace: namespace, resourceVersion: resourceVersion)
        let matches: @Sendable (KubeObject) -> Bool = { labelSelector.matches($0.labels) && fieldSelector.matches($0) }
        return relay(stream, expiredAfter: start - 1) { [self] event in
            try objectEvent(event, type: type, matches: matches).map { [$0] } ?? []
        }
    }

    /// The store watch of a type's keys in one namespace (nil: all) after `resourceVersion` (nil or "0": from
    /// now), with previous values, and the revision it starts at (0: now).
    func storeWatch(
        _ type: ResourceType, namespace: String?, resourceVersion: String?
    ) async throws -> (stream: WatchStream, start: Revision) {
        let namespace = type.namespaced ? namespace : nil
        let prefix = Data(type.keyPrefix(namespace: namespace).utf8)
        var start: Revision = 0
        if let resourceVersion, !resourceVersion.isEmpty, resourceVersion != "0" {
            guard let revision = Revision(resourceVersion) else {
                throw StatusError.badRequest("invalid resource version: \(resourceVersion)")
            }
            start = revision + 1
        }
        let stream = try await store.watch(
            WatchRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), startRevision: start, prevKv: true))
        return (stream, start)
    }

    /// The events of a store watch, each made into what `transform` makes of it, as a stream that ends with
    /// the watch (410 Expired when it started before the compaction revision) and ends it when dropped.
    func relay<Element: Sendable>(
        _ stream: WatchStream, expiredAfter revision: Int64,
        _ transform: @escaping @Sendable (WatchEvent) throws -> [Element]
    ) -> AsyncThrowingStream<Element, any Error> {
        let (elements, continuation) = AsyncThrowingStream<Element, any Error>.makeStream()
        let task = Task {
            do {
                for try await response in stream {
                    if response.canceled {
                        throw StatusError.expired("too old resource version: \(revision) (\(response.compactRevision))")
                    }
                    for event in response.events {
                        for element in try transform(event) { continuation.yield(element) }
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in
            stream.cancel()
            task.cancel()
        }
        return elements
    }

    /// The watch event an etcd event becomes, or nil when neither the old nor the new object matches.
    /// Objects are decoded through ``DecodedObjectCache``, so watchers of the same change share one decoding.
    func objectEvent(_ event: WatchEvent, type: ResourceType, matches: (KubeObject) -> Bool) throws -> ObjectEvent? {
        let old = try event.prevKv.map { try sharedDecode($0, as: type) }
        switch event.type {
        case .delete:
            guard var gone = old, matches(gone) else { return nil }
            gone.resourceVersion = String(event.kv.modRevision)
            return ObjectEvent(type: .deleted, object: gone)
        case .put:
            let new = try sharedDecode(event.kv, as: type)
            let wasMatching = old.map(matches) ?? false
            switch (wasMatching, matches(new)) {
            case (_, true): return ObjectEvent(type: old == nil || !wasMatching ? .added : .modified, object: new)
            case (true, false): return ObjectEvent(type: .deleted, object: new)
            case (false, false): return nil
            }
        }
    }
}
