#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// IP address and CIDR rules (`IsValidIP`, `IsValidCIDR`, `ValidateNonSpecialIP`), parsing as Go's
/// `netutils.ParseIPSloppy` does (IPv4 octets may have leading zeros).
enum NetworkRules {
    /// The 4 or 16 bytes of an address; nil when `text` is not one.
    static func parseIP(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: address) { Array($0) }
        }
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ ("0"..."9").contains($0) }), let value = UInt8(octet)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func isIPv6(_ text: String) -> Bool {
        parseIP(text)?.count == 16
    }

    /// `IsValidIP`.
    static func validateIP(_ value: String, _ path: FieldPath) -> [FieldError] {
        parseIP(value) == nil ? [.invalid(path, string: value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")] : []
    }

    /// The address and prefix length of `text`; nil when it is not a CIDR.
    static func parseCIDR(_ text: String) -> (address: [UInt8], prefix: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = parseIP(String(parts[0])), let prefix = Int(parts[1]),
            parts[1].allSatisfy({ ("0"..."9").contains($0) }), (0...address.count * 8).contains(prefix)
        else { return nil }
        return (address, prefix)
    }

    /// `IsValidCIDR`.
    static func validateCIDR(_ value: String, _ path: FieldPath) -> [FieldError] {
        parseCIDR(value) == nil ? [.invalid(path, string: value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")] : []
    }

    /// Whether `address` lies in `cidr`'s network.
    static func contains(_ cidr: (address: [UInt8], prefix: Int), _ address: [UInt8]) -> Bool {
        guard cidr.address.count == address.count else { return false }
        for bit in 0..<cidr.prefix {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if cidr.address[bit / 8] & mask != address[bit / 8] & mask { return false }
        }
        return true
    }

    /// `ValidateNonSpecialIP`: endpoints and external IPs may not be unspecified, loopback or link-local.
    static func validateNonSpecialIP(_ value: String, _ path: FieldPath) -> [FieldError] {
        guard let bytes = parseIP(value) else { return [.invalid(path, string: value, "must be a valid IP address")] }
        var errors: [FieldError] = []
        let v4 = bytes.count == 4
        if bytes.allSatisfy({ $0 == 0 }) {
            errors.append(.invalid(path, string: value, "may not be unspecified (\(value))"))
        }
        if v4 ? bytes[0] == 127 : bytes == [UInt8](repeating: 0, count: 15) + [1] {
            errors.append(.invalid(path, string: value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"))
        }
        if v4 ? (bytes[0] == 169 && bytes[1] == 254) : (bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80) {
            errors.append(.invalid(path, string: value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"))
        }
        if v4 ? (bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0) : (bytes[0] == 0xff && bytes[1] & 0x0f == 0x02) {
            errors.append(.invalid(path, string: value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"))
        }
        return errors
    }
}
