import Foundation
import KubeAPI

/// `persistentVolumeClaimRetentionPolicy` as owner references on a member's claims (`isClaimOwnerUpToDate`,
/// `updateClaimOwnerRefForSetAndPod`): Retain/Retain, none; whenDeleted Delete, the set as controller, so the
/// garbage collector deletes the claims with the set; whenScaled Delete, the pod as controller once its
/// ordinal is scaled away, so the claim goes with the pod. Claims with stale references or another
/// controller are left alone.
struct StatefulSetClaimRetention {
    let set: KubeObject
    let cache: ObjectCache

    var whenDeleted: String { self.set.spec?[["persistentVolumeClaimRetentionPolicy", "whenDeleted"]]?.stringValue ?? "Retain" }
    var whenScaled: String { self.set.spec?[["persistentVolumeClaimRetentionPolicy", "whenScaled"]]?.stringValue ?? "Retain" }
    private var retainsAll: Bool { whenDeleted != "Delete" && whenScaled != "Delete" }

    /// `ClaimsMatchRetentionPolicy`: every existing claim of the member is up to date.
    func claimsMatch(pod: KubeObject) -> Bool {
        let identity = StatefulSetIdentity(set: set)
        return identity.claims(ordinal: StatefulSetIdentity.ordinal(of: pod)).allSatisfy { _, template in
            let name = template[["metadata", "name"]]?.stringValue ?? ""
            guard let claim = cache.get(BuiltinResources.persistentVolumeClaims, namespace: set.namespace, name: name) else {
                return true
            }
            return isUpToDate(claim, pod: pod)
        }
    }

    /// `PodClaimIsStale`: with whenScaled Delete, a claim that references an earlier pod of the same name
    /// blocks the member's creation until the garbage collector has removed it.
    func podClaimIsStale(podName: String, ordinal: Int) -> Bool {
        guard whenScaled == "Delete" else { return false }
        return StatefulSetIdentity(set: set).claims(ordinal: ordinal).contains { _, template in
            let name = template[["metadata", "name"]]?.stringValue ?? ""
            guard let claim = cache.get(BuiltinResources.persistentVolumeClaims, namespace: set.namespace, name: name) else {
                return false
            }
            return Self.staleReference(in: claim, kind: "Pod", apiVersion: "v1", name: podName, uid: nil)
        }
    }

    private func scaledDown(_ pod: KubeObject) -> Bool { !StatefulSetIdentity(set: set).inRange(pod) }

    private func isSetReference(_ reference: JSONValue) -> Bool {
        Self.matches(reference, kind: "StatefulSet", apiVersion: "apps/v1", name: set.name)
    }

    private func isPodReference(_ reference: JSONValue, pod: KubeObject) -> Bool {
        Self.matches(reference, kind: "Pod", apiVersion: "v1", name: pod.name)
    }

    private static func matches(_ reference: JSONValue, kind: String, apiVersion: String, name: String) -> Bool {
        reference["kind"]?.stringValue == kind && reference["apiVersion"]?.stringValue == apiVersion
            && reference["name"]?.stringValue == name
    }

    /// `hasStaleOwnerRef`: the first reference to the object by kind and name carries another uid.
    private static func staleReference(in claim: KubeObject, kind: String, apiVersion: String, name: String, uid: String?) -> Bool {
        guard let reference = claim.ownerReferences.first(where: { matches($0, kind: kind, apiVersion: apiVersion, name: name) })
        else { return false }
        return reference["uid"]?.stringValue != uid
    }

    private func hasReference(_ claim: KubeObject, to owner: KubeObject) -> Bool {
        claim.ownerReferences.contains { $0["uid"]?.stringValue == owner.uid }
    }

    /// `hasUnexpectedController`: under a Delete policy, a controller reference that is neither the set nor
    /// the pod, or one of them with another uid.
    func hasUnexpectedController(_ claim: KubeObject, pod: KubeObject) -> Bool {
        guard !retainsAll else { return false }
        for reference in claim.ownerReferences {
            if isSetReference(reference) {
                if reference["uid"]?.stringValue != set.uid { return true }
                continue
            }
            if isPodReference(reference, pod: pod) {
                if reference["uid"]?.stringValue != pod.uid { return true }
                continue
            }
            if reference["controller"]?.boolValue == true { return true }
        }
        return false
    }

    /// `isClaimOwnerUpToDate`.
    func isUpToDate(_ claim: KubeObject, pod: KubeObject) -> Bool {
        if Self.staleReference(in: claim, kind: "StatefulSet", apiVersion: "apps/v1", name: set.name, uid: set.uid)
            || Self.staleReference(in: claim, kind: "Pod", apiVersion: "v1", name: pod.name, uid: pod.uid)
        {
            return true
        }
        if hasUnexpectedController(claim, pod: pod) { return !(hasReference(claim, to: set) || hasReference(claim, to: pod)) }
        let nonController = claim.ownerReferences.contains { reference in
            let uid = reference["uid"]?.stringValue
            return (uid == set.uid || uid == pod.uid) && reference["controller"]?.boolValue != true
        }
        if nonController { return false }
        let (setRef, podRef) = (hasReference(claim, to: set), hasReference(claim, to: pod))
        let scaled = scaledDown(pod)
        switch (whenScaled, whenDeleted) {
        case ("Retain", "Delete"): return setRef && !podRef
        case ("Delete", "Retain"): return !setRef && scaled == podRef
        case ("Delete", "Delete"): return scaled != setRef && scaled == podRef
        default: return !setRef && !podRef
        }
    }

    /// `updateClaimOwnerRefForSetAndPod`: the claim's references without the set's and the pod's, then the
    /// controller references the policy asks for (none over an unexpected controller).
    func ownerReferences(for claim: KubeObject, pod: KubeObject) -> [JSONValue] {
        let unexpected = hasUnexpectedController(claim, pod: pod)
        var references = claim.ownerReferences.filter { !isSetReference($0) && !isPodReference($0, pod: pod) }
        guard !unexpected else { return references }
        let scaled = scaledDown(pod)
        let setReference = ControllerRef.make(to: set, apiVersion: "apps/v1", kind: "StatefulSet")
        let podReference = ControllerRef.make(to: pod, apiVersion: "v1", kind: "Pod")
        switch (whenScaled, whenDeleted) {
        case ("Retain", "Delete"): references.append(setReference)
        case ("Delete", "Retain"): if scaled { references.append(podReference) }
        case ("Delete", "Delete"): references.append(scaled ? podReference : setReference)
        default: break
        }
        return references
    }
}
