import EtcdCore
import Foundation

/// Allocates service cluster IPs and node ports as kube-apiserver does, from `--service-cluster-ip-range`
/// (kubeadm's 10.96.0.0/12) and `--service-node-port-range` (30000-32767), in the same etcd transaction as
/// the service, so two services never get one address.
///
/// Addresses are handed out lowest-first from the dynamic part of each range (above the band kube-apiserver
/// keeps for addresses chosen by users), so a replay is deterministic.
struct ServiceAllocator {
    static let ipKey = Data("/registry/ranges/serviceips".utf8)
    static let portKey = Data("/registry/ranges/servicenodeports".utf8)
    static let ipRange = "10.96.0.0/12"
    static let portRange = "30000-32767"
    /// Offset 0 is 10.96.0.1; the range holds 2^20 - 2 usable addresses.
    static let ipCount = (1 << 20) - 2
    static let portBase = 30000
    static let portCount = 2768

    /// The first offset of the dynamic band: min(max(16, size/16), 256) for IPs, 128 at most for ports.
    static let ipDynamicStart = min(max(16, ipCount / 16), 256)
    static let portDynamicStart = min(max(16, portCount / 16), 128)

    /// Both allocations as stored, with the revisions they were read at (0 when absent).
    var ips: RangeAllocation
    var ports: RangeAllocation
    var ipRevision: Revision
    var portRevision: Revision

    /// Reads the allocations.
    static func load(_ store: any KeyValueStore) async throws -> ServiceAllocator {
        let ipKV = try await store.get(ipKey)
        let portKV = try await store.get(portKey)
        return ServiceAllocator(
            ips: ipKV.flatMap { try? StorageMediaType.decode($0.value) }.map(RangeAllocation.init) ?? RangeAllocation(range: ipRange),
            ports: portKV.flatMap { try? StorageMediaType.decode($0.value) }.map(RangeAllocation.init)
                ?? RangeAllocation(range: portRange),
            ipRevision: ipKV?.modRevision ?? 0, portRevision: portKV?.modRevision ?? 0)
    }

    /// What was stored, to write only what changed.
    private var storedIPs: Set<Int>
    private var storedPorts: Set<Int>

    init(ips: RangeAllocation, ports: RangeAllocation, ipRevision: Revision, portRevision: Revision) {
        self.ips = ips
        self.ports = ports
        self.ipRevision = ipRevision
        self.portRevision = portRevision
        storedIPs = ips.allocated
        storedPorts = ports.allocated
    }

    /// The compares and puts that commit changed allocations, failing if another writer changed them first.
    /// An allocation never stored is written even unchanged: kube-apiserver creates both at start.
    var commitOps: (compares: [Compare], puts: [RequestOp]) {
        var compares: [Compare] = []
        var puts: [RequestOp] = []
        for (key, allocation, stored, revision) in [
            (Self.ipKey, ips, storedIPs, ipRevision), (Self.portKey, ports, storedPorts, portRevision),
        ] where allocation.allocated != stored || revision == 0 {
            compares.append(Compare(key: key, target: .modRevision(revision), result: .equal))
            puts.append(.put(PutRequest(key: key, value: allocation.object.jsonData())))
        }
        return (compares, puts)
    }

    /// Gives a service its cluster IP and node ports, keeping the ones it asks for.
    /// - Throws: `StatusError.invalid` for an address outside the range or taken.
    mutating func allocate(_ service: inout KubeObject, type: ResourceType) throws {
        let spec = service.spec ?? .emptyObject
        let serviceType = spec["type"]?.stringValue ?? "ClusterIP"
        if serviceType != "ExternalName" {
            let requested = spec["clusterIP"]?.stringValue ?? ""
            if requested != "None" {
                let ip: String
                if requested.isEmpty {
                    guard let offset = ips.firstFree(from: Self.ipDynamicStart, size: Self.ipCount) else {
                        throw StatusError.internalError("failed to allocate a serviceIP: range is full")
                    }
                    ips.allocated.insert(offset)
                    ip = Self.address(offset)
                } else {
                    guard let offset = Self.offset(of: requested), offset < Self.ipCount else {
                        throw StatusError.invalid(type, name: service.name, errors: [
                            FieldError(.invalid, "spec.clusterIPs", value: "[]string{\(FieldError.quoted(requested))}",
                                       "failed to allocate IP \(requested): provided IP (\(requested)) is not in the valid range. The range of valid IPs is \(Self.ipRange)"),
                        ])
                    }
                    guard !ips.allocated.contains(offset) else {
                        throw StatusError.invalid(type, name: service.name, errors: [
                            FieldError(.invalid, "spec.clusterIPs", value: "[]string{\(FieldError.quoted(requested))}",
                                       "failed to allocate IP \(requested): provided IP is already allocated"),
                        ])
                    }
                    ips.allocated.insert(offset)
                    ip = requested
                }
                service.json[["spec", "clusterIP"]] = .string(ip)
                service.json[["spec", "clusterIPs"]] = [.string(ip)]
            }
        }
        guard serviceType == "NodePort" || serviceType == "LoadBalancer" else { return }
        var ports = spec["ports"]?.arrayValue ?? []
        for index in ports.indices {
            if let requested = ports[index]["nodePort"]?.intValue, requested != 0 {
                let offset = Int(requested) - Self.portBase
                guard (0..<Self.portCount).contains(offset), !self.ports.allocated.contains(offset) else {
                    throw StatusError.invalid(type, name: service.name, errors: [
                        FieldError(.invalid, "spec.ports[\(index)].nodePort", value: String(requested),
                                   (0..<Self.portCount).contains(offset)
                                   ? "provided port is already allocated"
                                   : "provided port is not in the valid range. The range of valid ports is \(Self.portRange)"),
                    ])
                }
                self.ports.allocated.insert(offset)
            } else {
                guard let offset = self.ports.firstFree(from: Self.portDynamicStart, size: Self.portCount) else {
                    throw StatusError.internalError("failed to allocate a nodePort: range is full")
                }
                self.ports.allocated.insert(offset)
                ports[index]["nodePort"] = .int(Int64(Self.portBase + offset))
            }
        }
        service.json[["spec", "ports"]] = .array(ports)
    }

    /// Returns a deleted service's cluster IP and node ports to the ranges.
    mutating func release(_ service: KubeObject) {
        if let ip = service.spec?["clusterIP"]?.stringValue, let offset = Self.offset(of: ip) { ips.allocated.remove(offset) }
        for port in service.spec?["ports"]?.arrayValue ?? [] {
            if let nodePort = port["nodePort"]?.intValue { ports.allocated.remove(Int(nodePort) - Self.portBase) }
        }
    }

    /// 10.96.0.1 + offset.
    static func address(_ offset: Int) -> String {
        let value = (10 << 24 | 96 << 16) + 1 + offset
        return "\(value >> 24 & 255).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
    }

    /// The offset of an IPv4 address in the range, nil when outside it.
    static func offset(of address: String) -> Int? {
        let octets = address.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4, octets.allSatisfy({ (0...255).contains($0) }) else { return nil }
        let value = octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3]
        let offset = value - (10 << 24 | 96 << 16) - 1
        return (0..<ipCount).contains(offset) ? offset : nil
    }
}
