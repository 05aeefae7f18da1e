import CZlib
import Foundation

/// Inflates the gzip files the published specification is committed as.
enum Gunzip {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The bytes a gzip member holds; fails on anything that is not complete gzip data.
    static func inflate(_ compressed: Data) throws -> Data {
        var stream = z_stream()
        // 16 + MAX_WBITS: a gzip header and trailer around the deflate data.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        var input = [UInt8](compressed)
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let result = buffer.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(chunk)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: buffer[0..<(chunk - Int(stream.avail_out))])
                if result != Z_OK { return result }
            }
        }
        guard status == Z_STREAM_END else { throw Failure(description: "not complete gzip data (zlib status \(status))") }
        return output
    }
}
