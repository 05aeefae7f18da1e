import Foundation

/// NaCl's `crypto_secretbox` (XSalsa20 and Poly1305), written from Bernstein's specifications ("The Salsa20
/// family of stream ciphers", "Extending the Salsa20 nonce", "The Poly1305-AES message-authentication code")
/// because swift-crypto has no Salsa20. The box is the 16-byte Poly1305 tag followed by the ciphertext, as
/// golang.org/x/crypto/nacl/secretbox (which kube-apiserver uses) lays it out.
enum SecretBox {
    static let keySize = 32
    static let nonceSize = 24
    static let overhead = 16

    /// The box of `message` under `key` (32 bytes) and `nonce` (24 bytes): tag, then ciphertext.
    static func seal(_ message: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8] {
        var stream = XSalsa20(key: key, nonce: nonce)
        let macKey = stream.next(32)
        let ciphertext = zip(message, stream.next(message.count)).map { $0 ^ $1 }
        return Poly1305.tag(ciphertext, key: macKey) + ciphertext
    }

    /// The message in `box`, or nil when its tag does not verify.
    static func open(_ box: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8]? {
        guard box.count >= overhead else { return nil }
        var stream = XSalsa20(key: key, nonce: nonce)
        let macKey = stream.next(32)
        let ciphertext = Array(box[overhead...])
        let expected = Poly1305.tag(ciphertext, key: macKey)
        // Compared in full whatever differs, so the time taken tells nothing about the tag.
        guard zip(expected, box[0..<overhead]).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
        return zip(ciphertext, stream.next(ciphertext.count)).map { $0 ^ $1 }
    }
}

/// The XSalsa20 key stream: HSalsa20 of the key and the nonce's first 16 bytes gives a subkey, and Salsa20/20
/// with that subkey and the nonce's last 8 bytes gives the stream, its block counter starting at 0.
struct XSalsa20 {
    private var input: [UInt32]
    private var buffer: [UInt8] = []

    init(key: [UInt8], nonce: [UInt8]) {
        precondition(key.count == 32 && nonce.count == 24)
        let subkey = Salsa20.hsalsa20(key: key, input: Array(nonce[0..<16]))
        input = Salsa20.state(key: subkey, words: [Salsa20.word(nonce, 16), Salsa20.word(nonce, 20), 0, 0])
    }

    /// The next `count` bytes of the stream.
    mutating func next(_ count: Int) -> [UInt8] {
        while buffer.count < count {
            buffer += Salsa20.block(input)
            input[8] &+= 1
            if input[8] == 0 { input[9] &+= 1 }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer[0..<count])
    }
}

enum Salsa20 {
    /// "expand 32-byte k", as four little-endian words.
    static let sigma: [UInt32] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]

    static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    /// The input matrix: constants on the diagonal, the key's eight words around them, and `words` (nonce and
    /// counter, or HSalsa20's 16-byte input) in positions 6 to 9.
    static func state(key: [UInt8], words: [UInt32]) -> [UInt32] {
        let k = (0..<8).map { word(key, 4 * $0) }
        return [sigma[0], k[0], k[1], k[2], k[3], sigma[1], words[0], words[1],
                words[2], words[3], sigma[2], k[4], k[5], k[6], k[7], sigma[3]]
    }

    /// Twenty rounds (ten double rounds: columns, then rows) over `x`.
    static func rounds(_ x: inout [UInt32]) {
        func quarter(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            x[b] ^= (x[a] &+ x[d]).rotatedLeft(7)
            x[c] ^= (x[b] &+ x[a]).rotatedLeft(9)
            x[d] ^= (x[c] &+ x[b]).rotatedLeft(13)
            x[a] ^= (x[d] &+ x[c]).rotatedLeft(18)
        }
        for _ in 0..<10 {
            quarter(0, 4, 8, 12); quarter(5, 9, 13, 1); quarter(10, 14, 2, 6); quarter(15, 3, 7, 11)
            quarter(0, 1, 2, 3); quarter(5, 6, 7, 4); quarter(10, 11, 8, 9); quarter(15, 12, 13, 14)
        }
    }

    /// One 64-byte block of the Salsa20/20 stream: the rounds' output plus the input, little-endian.
    static func block(_ input: [UInt32]) -> [UInt8] {
        var x = input
        rounds(&x)
        return zip(x, input).flatMap { bytes($0 &+ $1) }
    }

    /// HSalsa20: the rounds' words 0, 5, 10, 15, 6, 7, 8, 9 (without the input added) as a 32-byte subkey.
    static func hsalsa20(key: [UInt8], input: [UInt8]) -> [UInt8] {
        var x = state(key: key, words: (0..<4).map { word(input, 4 * $0) })
        rounds(&x)
        return [0, 5, 10, 15, 6, 7, 8, 9].flatMap { bytes(x[$0]) }
    }

    static func bytes(_ word: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: word), UInt8(truncatingIfNeeded: word >> 8),
         UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 24)]
    }
}

extension UInt32 {
    fileprivate func rotatedLeft(_ count: UInt32) -> UInt32 { self << count | self >> (32 - count) }
}
