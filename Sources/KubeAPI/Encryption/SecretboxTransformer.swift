import Foundation

/// The `secretbox` provider's cipher for one key (`encrypt/secretbox/secretbox.go`): a random 24-byte nonce, then
/// NaCl's secretbox of the value (the 16-byte Poly1305 tag, then the XSalsa20 ciphertext).
public struct SecretboxTransformer: ValueTransformer {
    let key: [UInt8]

    /// - Throws: unless the key is 32 bytes.
    public init(key: Data) throws {
        guard key.count == SecretBox.keySize else {
            throw ValueTransformError("expected key size 32 for secretbox provider, got \(key.count)")
        }
        self.key = Array(key)
    }

    public func fromStorage(_ data: Data, authenticatedData: Data) throws -> (data: Data, stale: Bool) {
        guard data.count >= SecretBox.overhead + SecretBox.nonceSize else {
            throw ValueTransformError("the stored data was shorter than the required size")
        }
        let bytes = Array(data)
        guard let message = SecretBox.open(Array(bytes[SecretBox.nonceSize...]), nonce: Array(bytes[0..<SecretBox.nonceSize]), key: key) else {
            // kube-apiserver's words for a box that does not open.
            throw ValueTransformError("output array was not large enough for encryption")
        }
        return (Data(message), false)
    }

    public func toStorage(_ data: Data, authenticatedData: Data) throws -> Data {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<SecretBox.nonceSize).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(nonce + SecretBox.seal(Array(data), nonce: nonce, key: key))
    }
}
