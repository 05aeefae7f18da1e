import Foundation
import KubeAPI

/// What the Endpoints and EndpointSlice controllers agree on (`k8s.io/endpointslice/util`, `pkg/api/v1/pod`):
/// which services select a pod, which pods are published, how a service port resolves on a pod.
enum ServiceEndpointRules {
    // MARK: - Services

    /// The service's selector; nil when it has none. An empty selector counts as none: the API server stores
    /// services as protobuf, where an empty map reads back as nil.
    static func selector(of service: KubeObject) -> [String: String]? {
        let selector = (service.spec?["selector"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        return selector.isEmpty ? nil : selector
    }

    /// Whether the controllers publish endpoints for the service: it has a selector and is not ExternalName.
    static func isManaged(_ service: KubeObject) -> Bool {
        service.spec?["type"]?.stringValue != "ExternalName" && selector(of: service) != nil
    }

    /// `helper.IsServiceIPSet`: a cluster IP other than None.
    static func hasClusterIP(_ service: KubeObject) -> Bool {
        let clusterIP = service.spec?["clusterIP"]?.stringValue ?? ""
        return !clusterIP.isEmpty && clusterIP != "None"
    }

    static func publishesNotReady(_ service: KubeObject) -> Bool {
        service.spec?["publishNotReadyAddresses"]?.boolValue ?? false
    }

    static func ports(of service: KubeObject) -> [JSONValue] { service.spec?["ports"]?.arrayValue ?? [] }

    /// The pods in the service's namespace its selector matches, in key order.
    static func selectedPods(of service: KubeObject, in cache: ObjectCache) -> [KubeObject] {
        guard let selector = selector(of: service) else { return [] }
        return cache.list(BuiltinResources.pods, namespace: service.namespace).filter { matches(selector, $0.labels) }
    }

    private static func matches(_ selector: [String: String], _ labels: [String: String]) -> Bool {
        selector.allSatisfy { labels[$0.key] == $0.value }
    }

    /// `GetPodServiceMemberships`: the services in the pod's namespace whose selector matches it.
    static func memberships(of pod: KubeObject, in cache: ObjectCache) -> Set<ObjectKey> {
        Set(
            cache.list(BuiltinResources.services, namespace: pod.namespace).filter { service in
                selector(of: service).map { matches($0, pod.labels) } ?? false
            }.map(ObjectKey.init))
    }

    /// The services a pod change makes due (`GetServicesToUpdateOnPodChange`): on add or delete those it
    /// belongs to; on update, when readiness, IPs or deletion changed, those it belongs to now or before, and
    /// when only its labels or hostname changed, those it joined or left.
    static func serviceKeys(forPodChange change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        let pod = change.object
        guard change.event == .modified, let old = change.old else { return memberships(of: pod, in: cache).sorted() }
        guard old.resourceVersion != pod.resourceVersion else { return [] }
        let labelsChanged =
            old.labels != pod.labels || old.spec?["hostname"] != pod.spec?["hostname"]
            || old.spec?["subdomain"] != pod.spec?["subdomain"]
        let podChanged =
            old.deletionTimestamp != pod.deletionTimestamp || isReady(old) != isReady(pod) || podIPs(old) != podIPs(pod)
        guard podChanged || labelsChanged else { return [] }
        let now = memberships(of: pod, in: cache)
        guard labelsChanged else { return now.sorted() }
        let before = memberships(of: old, in: cache)
        return (podChanged ? now.union(before) : now.symmetricDifference(before)).sorted()
    }

    // MARK: - Pods

    static func readyCondition(_ pod: KubeObject) -> JSONValue? {
        pod.json[["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
    }

    static func isReady(_ pod: KubeObject) -> Bool { readyCondition(pod)?["status"]?.stringValue == "True" }

    /// The pod's IPs: `status.podIPs`, or `status.podIP` alone (the API server fills one from the other).
    static func podIPs(_ pod: KubeObject) -> [String] {
        let ips = (pod.json[["status", "podIPs"]]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }.filter { !$0.isEmpty }
        if !ips.isEmpty { return ips }
        let ip = pod.json[["status", "podIP"]]?.stringValue ?? ""
        return ip.isEmpty ? [] : [ip]
    }

    static func isIPv6(_ ip: String) -> Bool { ip.contains(":") }

    /// `ShouldPodBeInEndpoints`: not Succeeded or Failed, has an IP, and (unless `includeTerminating`) is not
    /// being deleted.
    static func shouldPublish(_ pod: KubeObject, includeTerminating: Bool) -> Bool {
        let phase = pod.json[["status", "phase"]]?.stringValue
        if phase == "Succeeded" || phase == "Failed" { return false }
        if podIPs(pod).isEmpty { return false }
        return includeTerminating || pod.deletionTimestamp == nil
    }

    /// `ShouldSetHostname`: the pod names a hostname and sits in the service's subdomain.
    static func hostname(of pod: KubeObject, for service: KubeObject) -> String? {
        let hostname = pod.spec?["hostname"]?.stringValue ?? ""
        guard !hostname.isEmpty, pod.spec?["subdomain"]?.stringValue == service.name, pod.namespace == service.namespace else {
            return nil
        }
        return hostname
    }

    /// `FindPort`: a numeric targetPort as it is; a named one is the container port of that name and the
    /// service port's protocol; nil when the pod has none.
    static func targetPort(of servicePort: JSONValue, on pod: KubeObject) -> Int64? {
        let target = servicePort["targetPort"] ?? servicePort["port"]
        if let number = target?.intValue { return number }
        guard let name = target?.stringValue else { return nil }
        let proto = servicePort["protocol"]?.stringValue ?? "TCP"
        for container in pod.spec?["containers"]?.arrayValue ?? [] {
            for port in container["ports"]?.arrayValue ?? []
            where port["name"]?.stringValue == name && (port["protocol"]?.stringValue ?? "TCP") == proto {
                return port["containerPort"]?.intValue
            }
        }
        return nil
    }
}
