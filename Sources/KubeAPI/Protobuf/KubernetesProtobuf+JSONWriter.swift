import Foundation
import SwiftProtobuf

extension KubernetesProtobuf {
    /// Appends the JSON of a stored protobuf object straight from its message, with `resourceVersion` set in its
    /// metadata: the bytes `decodeStored(data)` with that resourceVersion would encode to, without building the
    /// object's `JSONValue` tree. Lists use it to encode thousands of stored objects at the speed of a copy.
    /// - Throws: `StatusError` as ``decodeStored(_:)``.
    public static func appendStoredJSON(_ data: Data, resourceVersion: String, to output: inout [UInt8]) throws {
        let envelope = try Envelope(data)
        let reading = Reading(keepsZeros: true, maxDepth: NestingLimit.stored)
        do {
            var pairs = try members(envelope.raw, as: envelope.messageName, depth: 1, reading)
            pairs.append(("apiVersion", .value(.string(envelope.apiVersion))))
            pairs.append(("kind", .value(.string(envelope.kind))))
            if let index = pairs.lastIndex(where: { $0.key == "metadata" }), case .message(let bytes, let name, let depth) = pairs[index].member {
                var metadata = try members(bytes, as: name, depth: depth, reading)
                metadata.append(("resourceVersion", .value(.string(resourceVersion))))
                pairs[index].member = .members(metadata)
            } else {
                pairs.append(("metadata", .value(["resourceVersion": .string(resourceVersion)])))
            }
            try write(pairs, reading, to: &output)
        } catch let error as ProtobufWireReader.Malformed {
            throw StatusError.badRequest("the body of the request could not be decoded as protobuf: \(error)")
        }
    }

    /// A member of an object being written: a decoded value, a message still to read, or an object's members.
    private indirect enum Member {
        case value(JSONValue)
        case message(ArraySlice<UInt8>, name: String, depth: Int)
        case members([(key: String, member: Member)])
        case array([Member])
    }

    /// The members of message `name` in the order the wire gives them; later ones win, as in `decode`.
    private static func members(
        _ bytes: ArraySlice<UInt8>, as name: String, depth: Int, _ reading: Reading
    ) throws -> [(key: String, member: Member)] {
        guard depth <= reading.maxDepth else {
            throw ProtobufWireReader.Malformed(description: "exceeded max depth of \(reading.maxDepth)")
        }
        guard let message = descriptors.messages[name], message.opaque == nil else {
            return try decode(bytes, as: name, depth: depth, reading).objectValue?.map { ($0.key, .value($0.value)) } ?? []
        }
        var pairs: [(key: String, member: Member)] = []
        var maps: [String: [String: JSONValue]] = [:]
        var arrays: [String: [Member]] = [:]
        var reader = ProtobufWireReader(bytes)
        while let (number, value) = try reader.next() {
            guard let field = message.fields[number] else { continue }
            if field.type == .message, let entry = descriptors.messages[field.typeName], entry.isMapEntry {
                guard case .bytes(let content) = value else { continue }
                let (entryKey, entryValue) = try mapEntry(content, entry, depth: depth + 1, reading)
                maps[field.jsonName, default: [:]][entryKey] = entryValue
            } else if field.repeated {
                if case .bytes(let packed) = value, field.type != .message, field.type != .string, field.type != .bytes {
                    var reader = ProtobufWireReader(packed)
                    while !reader.isAtEnd {
                        arrays[field.jsonName, default: []].append(.value(try scalar(.varint(try reader.bareVarint()), field, depth: depth + 1, reading)))
                    }
                } else {
                    arrays[field.jsonName, default: []].append(try member(value, field, depth: depth + 1, reading))
                }
            } else if field.embedded {
                guard case .bytes(let content) = value else {
                    throw ProtobufWireReader.Malformed(description: "field \(field.name) has an unexpected wire type")
                }
                pairs += try members(content, as: field.typeName, depth: depth, reading)
            } else {
                pairs.append((field.jsonName, try member(value, field, depth: depth + 1, reading)))
            }
        }
        for (key, map) in maps { pairs.append((key, .value(.object(map)))) }
        for (key, items) in arrays { pairs.append((key, .array(items))) }
        return pairs
    }

    private static func member(_ value: ProtobufWireReader.Value, _ field: Field, depth: Int, _ reading: Reading) throws -> Member {
        if case .bytes(let content) = value, field.type == .message {
            return .message(content, name: field.typeName, depth: depth)
        }
        return .value(try scalar(value, field, depth: depth, reading))
    }

    /// Writes members as a JSON object, keys sorted as `JSONValue` sorts them, the last of equal keys kept.
    private static func write(_ pairs: [(key: String, member: Member)], _ reading: Reading, to output: inout [UInt8]) throws {
        // Positions sorted by key, and for equal keys by position, so the last of a run is the one kept.
        let order = pairs.indices.sorted { pairs[$0].key != pairs[$1].key ? pairs[$0].key < pairs[$1].key : $0 < $1 }
        output.append(UInt8(ascii: "{"))
        var first = true
        for (position, index) in order.enumerated() where position + 1 == order.count || pairs[order[position + 1]].key != pairs[index].key {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONStringEscaping.append(pairs[index].key, to: &output)
            output.append(UInt8(ascii: ":"))
            try write(pairs[index].member, reading, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    private static func write(_ member: Member, _ reading: Reading, to output: inout [UInt8]) throws {
        switch member {
        case .value(let value): value.appendJSON(to: &output)
        case .members(let pairs): try write(pairs, reading, to: &output)
        case .message(let bytes, let name, let depth):
            if let message = descriptors.messages[name], let opaque = message.opaque {
                // Raw JSON (managed fields' `fieldsV1`) already as it would be written is copied, not parsed.
                if opaque == .rawJSON, let raw = try rawJSON(bytes), !raw.isEmpty,
                    CanonicalJSON.isCompactSortedObject(raw, maxDepth: reading.maxDepth - depth)
                {
                    output.append(contentsOf: raw)
                    return
                }
                try decodeOpaque(bytes, opaque, name: name, depth: depth, reading).appendJSON(to: &output)
            } else {
                try write(try members(bytes, as: name, depth: depth, reading), reading, to: &output)
            }
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(item, reading, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
    }

    /// The bytes of a raw JSON message (`RawExtension`, `FieldsV1`, apiextensions' `JSON`): its field 1, the last
    /// one given, as ``decodeOpaque(_:_:name:depth:_:)`` reads it.
    private static func rawJSON(_ bytes: ArraySlice<UInt8>) throws -> ArraySlice<UInt8>? {
        var raw: ArraySlice<UInt8>?
        var reader = ProtobufWireReader(bytes)
        while let (number, value) = try reader.next() {
            guard number == 1 else { continue }
            if case .bytes(let content) = value { raw = content } else { raw = [] }
        }
        return raw
    }
}
