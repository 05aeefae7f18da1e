import KubeAPI

/// Which owners a dependent's change concerns (the pod handlers of the workload controllers, e.g.
/// `addPod`/`updatePod`/`deletePod`): its controller, when that is one of `ownType` that still exists with the
/// referenced uid, before and after the change; for an orphan (not deleted) every owner whose selector
/// matches it, which may adopt it.
enum ControllerRefKeys {
    static func owners(
        of change: ObjectChange, ownType: ResourceType, kind: String, selector: (KubeObject) -> LabelSelector?,
        in cache: ObjectCache
    ) -> [ObjectKey] {
        var keys: [ObjectKey] = []
        for object in [change.old, change.object].compactMap({ $0 }) {
            if let reference = ControllerRef.of(object) {
                guard reference["kind"]?.stringValue == kind, let name = reference["name"]?.stringValue,
                    let owner = cache.get(ownType, namespace: object.namespace, name: name),
                    owner.uid == reference["uid"]?.stringValue
                else { continue }
                keys.append(ObjectKey(owner))
            } else if change.event != .deleted {
                keys += cache.list(ownType, namespace: object.namespace)
                    .filter { selector($0)?.matches(object.labels) == true }.map(ObjectKey.init)
            }
        }
        var seen = Set<ObjectKey>()
        return keys.filter { seen.insert($0).inserted }
    }
}
