import Foundation
import Hummingbird
import KubeAPI

/// Reads a request body whole, refusing one over kube-apiserver's 3 MiB limit before it is all in memory.
enum RequestBodyReader {
    /// `MaxRequestBodyBytes` of kube-apiserver: 3 MiB.
    static let limit = 3 * 1024 * 1024

    /// The body's bytes.
    /// - Throws: `StatusError` 413 RequestEntityTooLarge past the limit, 504 Timeout for a body that did not
    ///   arrive within ``ConnectionTimeouts/body``.
    static func read(_ body: RequestBody) async throws -> Data {
        var data = Data()
        do {
            for try await buffer in body {
                guard data.count + buffer.readableBytes <= limit else {
                    throw StatusError(
                        code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)")
                }
                data.append(contentsOf: buffer.readableBytesView)
            }
        } catch is RequestBodyTimeout {
            throw RequestBodyTimeout.status
        }
        return data
    }
}
