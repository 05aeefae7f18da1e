import Crypto
import CryptoExtras
import Foundation

/// The `aescbc` provider's cipher for one key (`encrypt/aes/aes.go`, `cbc`): a random 16-byte IV, then the value
/// encrypted with AES-CBC and PKCS#7 padding. Nothing authenticates it.
public struct AESCBCTransformer: ValueTransformer {
    static let blockSize = 16
    let key: SymmetricKey

    /// - Throws: unless the key is 16, 24 or 32 bytes (kube-apiserver takes all three; its documentation
    ///   recommends 32).
    public init(key: Data) throws {
        guard [16, 24, 32].contains(key.count) else { throw ValueTransformError("crypto/aes: invalid key size \(key.count)") }
        self.key = SymmetricKey(data: key)
    }

    public func fromStorage(_ data: Data, authenticatedData: Data) throws -> (data: Data, stale: Bool) {
        guard data.count >= Self.blockSize else { throw ValueTransformError("the stored data was shorter than the required size") }
        let body = data.dropFirst(Self.blockSize)
        guard body.count % Self.blockSize == 0 else { throw ValueTransformError("the stored data is not a multiple of the block size") }
        guard !body.isEmpty else { throw ValueTransformError("invalid PKCS7 data (empty or not padded)") }
        let iv = try AES._CBC.IV(ivBytes: Array(data.prefix(Self.blockSize)))
        let padded = try AES._CBC.decrypt(body, using: key, iv: iv, noPadding: true)
        let padding = Int(padded[padded.index(before: padded.endIndex)])
        guard padding != 0, padding <= padded.count else { throw ValueTransformError("invalid PKCS7 data (empty or not padded)") }
        guard padded.suffix(padding).allSatisfy({ $0 == UInt8(padding) }) else {
            throw ValueTransformError("invalid padding on input")
        }
        return (Data(padded.dropLast(padding)), false)
    }

    public func toStorage(_ data: Data, authenticatedData: Data) throws -> Data {
        var ivBytes = [UInt8](repeating: 0, count: Self.blockSize)
        var generator = SystemRandomNumberGenerator()
        for index in ivBytes.indices { ivBytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let iv = try AES._CBC.IV(ivBytes: ivBytes)
        return Data(ivBytes) + (try AES._CBC.encrypt(data, using: key, iv: iv))
    }
}

/// The `aesgcm` provider's cipher for one key (`encrypt/aes/aes.go`, `gcm`): a random 12-byte nonce, then the
/// AES-GCM ciphertext with its 16-byte tag, authenticated with the value's etcd key, so a value copied to
/// another key does not read.
public struct AESGCMTransformer: ValueTransformer {
    static let nonceSize = 12
    let key: SymmetricKey

    /// - Throws: unless the key is 16, 24 or 32 bytes.
    public init(key: Data) throws {
        guard [16, 24, 32].contains(key.count) else { throw ValueTransformError("crypto/aes: invalid key size \(key.count)") }
        self.key = SymmetricKey(data: key)
    }

    public func fromStorage(_ data: Data, authenticatedData: Data) throws -> (data: Data, stale: Bool) {
        guard data.count >= Self.nonceSize else { throw ValueTransformError("the stored data was shorter than the required size") }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return (try AES.GCM.open(box, using: key, authenticating: authenticatedData), false)
        } catch {
            throw ValueTransformError("cipher: message authentication failed")
        }
    }

    public func toStorage(_ data: Data, authenticatedData: Data) throws -> Data {
        let box = try AES.GCM.seal(data, using: key, nonce: AES.GCM.Nonce(), authenticating: authenticatedData)
        guard let combined = box.combined else { throw ValueTransformError("unable to seal with AES-GCM") }
        return combined
    }
}
