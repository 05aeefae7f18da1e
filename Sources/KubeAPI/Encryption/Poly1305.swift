/// The Poly1305 one-time authenticator (RFC 8439, section 2.5): the message in 16-byte blocks, each with a 1
/// appended, is evaluated as a polynomial at `r` modulo 2^130 - 5, and `s` is added modulo 2^128. The 130-bit
/// numbers are held as five 26-bit limbs so products fit in 64 bits.
enum Poly1305 {
    private static let mask: UInt64 = 0x3ff_ffff

    /// The 16-byte tag of `message` under the one-time `key` (32 bytes: `r`, then `s`).
    static func tag(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        precondition(key.count == 32)
        func word(_ bytes: [UInt8], _ offset: Int) -> UInt64 { UInt64(Salsa20.word(bytes, offset)) }
        // r, clamped (its top four bits of each word and bottom two of words 1-3 cleared), in limbs.
        let r0 = word(key, 0) & 0x3ff_ffff
        let r1 = (word(key, 3) >> 2) & 0x3ff_ff03
        let r2 = (word(key, 6) >> 4) & 0x3ff_c0ff
        let r3 = (word(key, 9) >> 6) & 0x3f0_3fff
        let r4 = (word(key, 12) >> 8) & 0x00f_ffff
        let (s1, s2, s3, s4) = (r1 * 5, r2 * 5, r3 * 5, r4 * 5)
        var (h0, h1, h2, h3, h4): (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

        var offset = 0
        while offset < message.count {
            let count = min(16, message.count - offset)
            var block = Array(message[offset..<offset + count])
            // The appended 1: bit 128 of a full block, else the byte after the last one.
            var high: UInt64 = 1 << 24
            if count < 16 {
                block += [1] + [UInt8](repeating: 0, count: 15 - count)
                high = 0
            }
            h0 += word(block, 0) & mask
            h1 += (word(block, 3) >> 2) & mask
            h2 += (word(block, 6) >> 4) & mask
            h3 += (word(block, 9) >> 6) & mask
            h4 += (word(block, 12) >> 8) | high

            let d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1
            var d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2
            var d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3
            var d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4
            var d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0
            // Partial reduction: carry up the limbs, and the carry out of the top back in times 5.
            var carry = d0 >> 26
            h0 = d0 & mask
            d1 += carry; carry = d1 >> 26; h1 = d1 & mask
            d2 += carry; carry = d2 >> 26; h2 = d2 & mask
            d3 += carry; carry = d3 >> 26; h3 = d3 & mask
            d4 += carry; carry = d4 >> 26; h4 = d4 & mask
            h0 += carry * 5; carry = h0 >> 26; h0 &= mask
            h1 += carry
            offset += count
        }

        // Full reduction modulo 2^130 - 5.
        var carry = h1 >> 26; h1 &= mask
        h2 += carry; carry = h2 >> 26; h2 &= mask
        h3 += carry; carry = h3 >> 26; h3 &= mask
        h4 += carry; carry = h4 >> 26; h4 &= mask
        h0 += carry * 5; carry = h0 >> 26; h0 &= mask
        h1 += carry
        // h - p = h + 5 - 2^130: taken when it does not go below zero.
        var g0 = h0 + 5; carry = g0 >> 26; g0 &= mask
        var g1 = h1 + carry; carry = g1 >> 26; g1 &= mask
        var g2 = h2 + carry; carry = g2 >> 26; g2 &= mask
        var g3 = h3 + carry; carry = g3 >> 26; g3 &= mask
        let g4 = h4 &+ carry &- (1 << 26)
        if g4 >> 63 == 0 { (h0, h1, h2, h3, h4) = (g0, g1, g2, g3, g4) }

        // h + s modulo 2^128, as four little-endian words.
        let words: [UInt64] = [
            (h0 | h1 << 26) & 0xffff_ffff, (h1 >> 6 | h2 << 20) & 0xffff_ffff,
            (h2 >> 12 | h3 << 14) & 0xffff_ffff, (h3 >> 18 | h4 << 8) & 0xffff_ffff,
        ]
        var sum: UInt64 = 0
        var tag: [UInt8] = []
        for (index, value) in words.enumerated() {
            sum = value + word(key, 16 + 4 * index) + (sum >> 32)
            tag += Salsa20.bytes(UInt32(truncatingIfNeeded: sum))
        }
        return tag
    }
}
