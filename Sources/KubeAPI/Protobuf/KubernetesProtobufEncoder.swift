import Foundation
import SwiftProtobuf

/// Encodes objects of the built-in kinds as kube-apiserver's protobuf serializer writes them
/// (`apimachinery/pkg/runtime/serializer/protobuf`): the magic `k8s\0`, then a `runtime.Unknown` whose `typeMeta`
/// names the kind, whose `raw` is the object's message, and whose `contentEncoding` and `contentType` are empty.
///
/// A message holds the fields the JSON object has, in field-number order, map entries sorted by key as Go's
/// generated marshallers write them. A field absent from the JSON is absent from the message, so the decoding
/// that keeps zeros (``KubernetesProtobuf/decodeStored(_:)``) gives back the same object.
enum KubernetesProtobufEncoder {
    /// An object that has no protobuf form: a kind without descriptors (custom resources), a field its message
    /// lacks, or a value of the wrong type.
    struct Unencodable: Error, CustomStringConvertible {
        var description: String
    }

    private typealias Field = KubernetesSchema.Field
    private static let schema = KubernetesSchema.shared
    private static let meta = KubernetesSchema.meta
    private static let apiextensions = KubernetesSchema.apiextensions

    /// The stored bytes of a built-in object: `k8s\0` and the `runtime.Unknown` around its message.
    static func encodeObject(_ object: JSONValue) throws -> Data {
        guard let name = schema.messageName(of: object), let apiVersion = object["apiVersion"]?.stringValue,
            let kind = object["kind"]?.stringValue
        else { throw Unencodable(description: "no protobuf message for this kind") }
        var body = object
        body["apiVersion"] = nil
        body["kind"] = nil
        var typeMeta = ProtobufWireWriter()
        typeMeta.lengthDelimited(1, Array(apiVersion.utf8))
        typeMeta.lengthDelimited(2, Array(kind.utf8))
        var unknown = ProtobufWireWriter()
        unknown.lengthDelimited(1, typeMeta.bytes)
        unknown.lengthDelimited(2, try message(body, as: name))
        unknown.lengthDelimited(3, [UInt8]())
        unknown.lengthDelimited(4, [UInt8]())
        return Data(KubernetesProtobuf.magic + unknown.bytes)
    }

    /// The message `name` for a JSON value.
    private static func message(_ value: JSONValue, as name: String) throws -> [UInt8] {
        if let special = try special(value, as: name) { return special }
        guard let fields = value.objectValue, let message = schema.messages[name] else {
            throw Unencodable(description: "\(name) must be an object")
        }
        var direct: [(Field, Int, JSONValue)] = []
        var inlined: [Int: [String: JSONValue]] = [:]
        outer: for (key, member) in fields {
            if let field = message.fieldsByJSONName[key], !field.embedded {
                direct.append((field, field.number, member))
                continue
            }
            for (number, field) in message.fields where field.embedded && schema.resolve(key, in: field.typeName) != nil {
                inlined[number, default: [:]][key] = member
                continue outer
            }
            throw Unencodable(description: "\(name) has no field \(key)")
        }
        for (number, members) in inlined { direct.append((message.fields[number]!, number, .object(members))) }
        var writer = ProtobufWireWriter()
        for (field, number, member) in direct.sorted(by: { $0.1 < $1.1 }) {
            try write(member, field, number, into: &writer)
        }
        return writer.bytes
    }

    private static func write(_ value: JSONValue, _ field: Field, _ number: Int, into writer: inout ProtobufWireWriter) throws {
        if field.isMessage, let entry = schema.messages[field.typeName], entry.isMapEntry {
            guard let map = value.objectValue, let keyField = entry.fields[1], let valueField = entry.fields[2] else {
                throw Unencodable(description: "\(field.name) must be a map")
            }
            for key in map.keys.sorted() {
                var pair = ProtobufWireWriter()
                try single(.string(key), keyField, 1, into: &pair)
                try single(map[key]!, valueField, 2, into: &pair)
                writer.lengthDelimited(number, pair.bytes)
            }
        } else if field.repeated {
            guard let items = value.arrayValue else { throw Unencodable(description: "\(field.name) must be a list") }
            for item in items { try single(item, field, number, into: &writer) }
        } else {
            try single(value, field, number, into: &writer)
        }
    }

    private static func single(_ value: JSONValue, _ field: Field, _ number: Int, into writer: inout ProtobufWireWriter) throws {
        func mismatch() -> Unencodable { Unencodable(description: "\(field.name): unexpected value \(value.jsonString())") }
        switch field.type {
        case .message:
            if value == .null, !field.typeName.hasSuffix("Time") { throw mismatch() }
            writer.lengthDelimited(number, try message(value, as: field.typeName))
        case .string:
            guard let text = value.stringValue else { throw mismatch() }
            writer.lengthDelimited(number, Array(text.utf8))
        case .bytes:
            guard let text = value.stringValue, let data = Data(base64Encoded: text) else { throw mismatch() }
            writer.lengthDelimited(number, [UInt8](data))
        case .bool:
            guard let flag = value.boolValue else { throw mismatch() }
            writer.varint(number, flag ? 1 : 0)
        case .int32, .int64, .uint32, .uint64:
            guard case .int(let integer) = value else { throw mismatch() }
            writer.varint(number, UInt64(bitPattern: integer))
        case .double:
            guard let real = double(value) else { throw mismatch() }
            writer.fixed64(number, real.bitPattern)
        case .float:
            guard let real = double(value) else { throw mismatch() }
            writer.fixed32(number, Float(real).bitPattern)
        default:
            throw mismatch()
        }
    }

    /// The types whose JSON is not an object of their fields, as their Go marshallers write them.
    private static func special(_ value: JSONValue, as name: String) throws -> [UInt8]? {
        var writer = ProtobufWireWriter()
        switch name {
        case meta + ".Time", meta + ".MicroTime":
            // A zero time is an empty message.
            guard value != .null else { return [] }
            guard let text = value.stringValue, let (seconds, nanos) = timestamp(text) else {
                throw Unencodable(description: "\(name): \(value.jsonString()) is not an RFC 3339 time")
            }
            writer.varint(1, UInt64(bitPattern: seconds))
            writer.varint(2, UInt64(bitPattern: Int64(nanos)))
        case meta + ".Duration":
            guard let text = value.stringValue, let seconds = GoDuration.parse(text) else {
                throw Unencodable(description: "\(name): \(value.jsonString()) is not a duration")
            }
            writer.varint(1, UInt64(bitPattern: Int64((seconds * 1e9).rounded())))
        case ".k8s.io.apimachinery.pkg.api.resource.Quantity":
            guard let text = value.stringValue else { throw Unencodable(description: "a quantity must be a string") }
            writer.lengthDelimited(1, Array(text.utf8))
        case ".k8s.io.apimachinery.pkg.util.intstr.IntOrString":
            switch value {
            case .int(let number) where Int32(exactly: number) != nil:
                writer.varint(1, 0)
                writer.varint(2, UInt64(bitPattern: number))
                writer.lengthDelimited(3, [UInt8]())
            case .string(let text):
                writer.varint(1, 1)
                writer.varint(2, 0)
                writer.lengthDelimited(3, Array(text.utf8))
            default: throw Unencodable(description: "an int-or-string must be an int32 or a string")
            }
        case ".k8s.io.apimachinery.pkg.runtime.RawExtension", meta + ".FieldsV1", apiextensions + ".JSON":
            guard value != .null else { throw Unencodable(description: "\(name) cannot be null") }
            writer.lengthDelimited(1, Array(value.jsonString().utf8))
        case apiextensions + ".JSONSchemaPropsOrBool":
            if let flag = value.boolValue {
                writer.varint(1, flag ? 1 : 0)
            } else {
                writer.varint(1, 1)
                writer.lengthDelimited(2, try message(value, as: apiextensions + ".JSONSchemaProps"))
            }
        case apiextensions + ".JSONSchemaPropsOrArray", apiextensions + ".JSONSchemaPropsOrStringArray":
            throw Unencodable(description: "\(name) is kept as JSON")
        default:
            return nil
        }
        return writer.bytes
    }

    private static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .double(let real): real
        case .int(let integer): Double(integer)
        default: nil
        }
    }

    /// Unix seconds and nanoseconds of an RFC 3339 time, the fraction read digit by digit so none is lost.
    private static func timestamp(_ text: String) -> (Int64, Int32)? {
        guard let date = RFC3339Timestamp.date(from: text) else { return nil }
        var nanos: Int32 = 0
        if let dot = text.firstIndex(of: ".") {
            let digits = String(text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber })
            guard digits.count <= 9, let value = Int32(digits.padding(toLength: 9, withPad: "0", startingAt: 0)) else { return nil }
            nanos = value
        }
        return (Int64(date.timeIntervalSince1970.rounded(.down)), nanos)
    }
}
