/// An IPv4 CIDR such as `10.244.1.0/24`: what node pod ranges, pod IPs and node addresses are taken from.
struct IPv4Range: Hashable, CustomStringConvertible {
    /// The network address as a number.
    var network: UInt32
    var prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix),
            let address = Self.address(String(parts[0]))
        else { return nil }
        self.prefix = prefix
        network = prefix == 0 ? 0 : address & ~UInt32(0) << (32 - prefix)
    }

    init(network: UInt32, prefix: Int) {
        self.network = network
        self.prefix = prefix
    }

    var size: UInt64 { 1 << UInt64(32 - prefix) }

    var description: String { "\(Self.text(network))/\(prefix)" }

    /// The `offset`-th address of the range, nil past its end.
    func address(at offset: UInt64) -> String? {
        offset < size ? Self.text(network + UInt32(offset)) : nil
    }

    /// The `index`-th subnet of `prefix` bits inside this range, nil past its end.
    func subnet(_ index: UInt64, prefix subnetPrefix: Int) -> IPv4Range? {
        guard subnetPrefix >= prefix, index < 1 << UInt64(subnetPrefix - prefix) else { return nil }
        return IPv4Range(network: network + UInt32(index << UInt64(32 - subnetPrefix)), prefix: subnetPrefix)
    }

    static func address(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        return octets.reduce(0) { $0 << 8 | $1 }
    }

    static func text(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String(address >> UInt32($0) & 255) }.joined(separator: ".")
    }
}
