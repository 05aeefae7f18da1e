import Foundation
import SwiftProtobuf

/// Decodes the protobuf bodies Kubernetes clients send (`Content-Type: application/vnd.kubernetes.protobuf`,
/// which kubectl's typed clients use for `create namespace|configmap|secret|deployment` and the like) into the
/// JSON object kube-apiserver would have read, using the descriptors of the Kubernetes 1.32 API types
/// (`apimachinery/pkg/runtime/serializer/protobuf`).
///
/// A body is the magic `k8s\0` and a `runtime.Unknown` whose `typeMeta` names the kind and whose `raw` holds the
/// object's message. Go writes every non-pointer scalar field, zero or not, so zero scalars are left out as
/// `omitempty` would, except for the pointer fields where a zero is meaningful (``pointerScalars``).
public enum KubernetesProtobuf {
    public static let contentType = "application/vnd.kubernetes.protobuf"

    /// The prefix of every Kubernetes protobuf body.
    static let magic: [UInt8] = [0x6b, 0x38, 0x73, 0x00]

    /// The object a body holds, as JSON with its `apiVersion` and `kind`.
    /// - Throws: `StatusError` 400 for a malformed body, 415 for a kind without protobuf descriptors (custom
    ///   resources, as on a real cluster).
    public static func decodeObject(_ data: Data) throws -> JSONValue {
        try decodeObject(data, Reading(keepsZeros: false, maxDepth: NestingLimit.request))
    }

    /// The object a stored value holds (kube-apiserver's `--storage-media-type=application/vnd.kubernetes.protobuf`),
    /// keeping every field the message has, zero or not: ``KubernetesProtobufEncoder`` writes exactly the fields
    /// an object has, so this gives back the object it encoded.
    /// - Throws: `StatusError` as ``decodeObject(_:)``.
    /// - Parameter omittingManagedFields: leaves `metadata.managedFields` out, without decoding them.
    public static func decodeStored(_ data: Data, omittingManagedFields: Bool = false) throws -> JSONValue {
        try decodeObject(
            data, Reading(keepsZeros: true, maxDepth: NestingLimit.stored, omitsManagedFields: omittingManagedFields))
    }

    /// Whether a value starts with the `k8s\0` magic of a Kubernetes protobuf object.
    public static func isProtobuf(_ data: Data) -> Bool { data.starts(with: magic) }

    /// How a message is read: whether zero scalars are kept, and how deep messages may nest.
    struct Reading {
        var keepsZeros: Bool
        var maxDepth: Int
        /// Whether an `ObjectMeta`'s `managedFields` are skipped.
        var omitsManagedFields = false
    }

    private static func decodeObject(_ data: Data, _ reading: Reading) throws -> JSONValue {
        let envelope = try Envelope(data)
        do {
            var object = try decode(envelope.raw, as: envelope.messageName, depth: 1, reading)
            object["apiVersion"] = .string(envelope.apiVersion)
            object["kind"] = .string(envelope.kind)
            return object
        } catch let error as ProtobufWireReader.Malformed {
            throw StatusError.badRequest("the body of the request could not be decoded as protobuf: \(error)")
        }
    }

    /// The `k8s\0` magic and `runtime.Unknown` around an object's message.
    struct Envelope {
        var apiVersion = ""
        var kind = ""
        /// The object's message.
        var raw: ArraySlice<UInt8> = []
        /// The descriptor name of the message (`.k8s.io.api.core.v1.Pod`).
        var messageName = ""

        /// - Throws: `StatusError` 400 for a malformed envelope, 415 for a kind without protobuf descriptors.
        init(_ data: Data) throws {
            let bytes = [UInt8](data)
            guard bytes.starts(with: magic) else {
                throw StatusError.badRequest("the body of the request is not a Kubernetes protobuf object (no k8s magic)")
            }
            do {
                var envelope = ProtobufWireReader(bytes[magic.count...])
                while let (number, value) = try envelope.next() {
                    guard case .bytes(let content) = value else { continue }
                    switch number {
                    case 1:
                        var typeMeta = ProtobufWireReader(content)
                        while let (field, part) = try typeMeta.next() {
                            guard case .bytes(let text) = part else { continue }
                            if field == 1 { apiVersion = String(decoding: text, as: UTF8.self) }
                            if field == 2 { kind = String(decoding: text, as: UTF8.self) }
                        }
                    case 2: raw = content
                    default: continue
                    }
                }
            } catch let error as ProtobufWireReader.Malformed {
                throw StatusError.badRequest("the body of the request could not be decoded as protobuf: \(error)")
            }
            let (group, version) = ResourceCatalog.split(apiVersion: apiVersion)
            guard let name = KubernetesSchema.messageName(group: group, version: version, kind: kind),
                descriptors.messages[name] != nil
            else {
                throw StatusError(
                    code: 415, reason: "UnsupportedMediaType",
                    message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml")
            }
            messageName = name
        }
    }

    // MARK: - Messages

    private typealias FieldType = KubernetesSchema.FieldType
    typealias Field = KubernetesSchema.Field
    typealias Message = KubernetesSchema.Message
    static let descriptors = KubernetesSchema.shared

    private static let meta = KubernetesSchema.meta
    private static let objectMeta = meta + ".ObjectMeta"
    private static let apiextensions = KubernetesSchema.apiextensions

    /// Go's zero `time.Time` as Unix seconds (a `metav1.Time` inside another message may carry it); JSON `null`.
    private static let zeroTimeSeconds: Int64 = -62_135_596_800

    /// Pointer fields (`*int32`, `*bool`, ...) of the Kubernetes types, where a zero is a value to keep.
    static let pointerScalars: Set<String> = [
        "replicas", "parallelism", "completions", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes",
        "activeDeadlineSeconds", "ttlSecondsAfterFinished", "startingDeadlineSeconds", "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit", "suspend", "manualSelector", "revisionHistoryLimit", "progressDeadlineSeconds",
        "terminationGracePeriodSeconds", "automountServiceAccountToken", "immutable", "optional", "defaultMode",
        "mode", "runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "privileged", "allowPrivilegeEscalation",
        "readOnlyRootFilesystem", "shareProcessNamespace", "enableServiceLinks", "hostUsers", "setHostnameAsFQDN",
        "allocateLoadBalancerNodePorts", "expirationSeconds", "priority", "leaseDurationSeconds", "leaseTransitions",
        "deletionGracePeriodSeconds", "controller", "blockOwnerDeletion", "ready", "serving", "terminating",
        "partition", "preemptionPolicy", "unhealthyPodEvictionPolicy", "storageClassName",
    ]

    /// The message `name` as JSON, `depth` messages deep, at most `NestingLimit.request`.
    static func decode(_ bytes: ArraySlice<UInt8>, as name: String, depth: Int, _ reading: Reading) throws -> JSONValue {
        guard depth <= reading.maxDepth else {
            throw ProtobufWireReader.Malformed(description: "exceeded max depth of \(reading.maxDepth)")
        }
        guard let message = descriptors.messages[name] else { return .emptyObject }
        if let opaque = message.opaque { return try decodeOpaque(bytes, opaque, name: name, depth: depth, reading) }
        var object: [String: JSONValue] = [:]
        let omitted: String? = reading.omitsManagedFields && name == objectMeta ? "managedFields" : nil
        var reader = ProtobufWireReader(bytes)
        while let (number, value) = try reader.next() {
            guard let field = message.fields[number] else { continue }
            let key = field.jsonName
            if key == omitted { continue }
            if field.type == .message, let entry = descriptors.messages[field.typeName], entry.isMapEntry {
                guard case .bytes(let content) = value else { continue }
                let (entryKey, entryValue) = try mapEntry(content, entry, depth: depth + 1, reading)
                // Taken out of the object while it grows, so that the map is not copied at every entry.
                var map = object.removeValue(forKey: key)?.objectValue ?? [:]
                map[entryKey] = entryValue
                object[key] = .object(map)
            } else if field.repeated {
                var items = object.removeValue(forKey: key)?.arrayValue ?? []
                if case .bytes(let packed) = value, field.type != .message, field.type != .string, field.type != .bytes {
                    // A packed run of varints (Kubernetes' protos are proto2 and rarely pack, but a client may).
                    var reader = ProtobufWireReader(packed)
                    while !reader.isAtEnd { items.append(try scalar(.varint(try reader.bareVarint()), field, depth: depth + 1, reading)) }
                } else {
                    items.append(try scalar(value, field, depth: depth + 1, reading))
                }
                object[key] = .array(items)
            } else if field.embedded {
                // An inlined struct: its fields are this object's.
                for (innerKey, innerValue) in try scalar(value, field, depth: depth, reading).objectValue ?? [:] { object[innerKey] = innerValue }
            } else {
                let decoded = try scalar(value, field, depth: depth + 1, reading)
                if isZero(decoded) && !reading.keepsZeros && !field.keepsZero {
                    object[key] = nil
                } else {
                    object[key] = decoded
                }
            }
        }
        return .object(object)
    }

    private static func isZero(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.isEmpty
        case .int(let number): number == 0
        case .double(let number): number == 0
        case .bool(let flag): !flag
        default: false
        }
    }

    static func mapEntry(_ bytes: ArraySlice<UInt8>, _ entry: Message, depth: Int, _ reading: Reading) throws -> (String, JSONValue) {
        var key = ""
        var value: JSONValue = .string("")
        var reader = ProtobufWireReader(bytes)
        while let (number, part) = try reader.next() {
            guard let field = entry.fields[number] else { continue }
            if number == 1 {
                key = try scalar(part, field, depth: depth, reading).stringValue ?? ""
            } else {
                value = try scalar(part, field, depth: depth, reading)
            }
        }
        return (key, value)
    }

    static func scalar(_ value: ProtobufWireReader.Value, _ field: Field, depth: Int, _ reading: Reading) throws -> JSONValue {
        switch (field.type, value) {
        case (.string, .bytes(let text)): return .string(String(decoding: text, as: UTF8.self))
        case (.bytes, .bytes(let data)): return .string(Data(data).base64EncodedString())
        case (.message, .bytes(let content)): return try decode(content, as: field.typeName, depth: depth, reading)
        case (.bool, .varint(let number)): return .bool(number != 0)
        case (.int32, .varint(let number)): return .int(Int64(Int32(truncatingIfNeeded: number)))
        case (.int64, .varint(let number)): return .int(Int64(bitPattern: number))
        case (.uint32, .varint(let number)), (.uint64, .varint(let number)): return .int(Int64(bitPattern: number))
        case (.double, .fixed64(let bits)): return .double(Double(bitPattern: bits))
        case (.float, .fixed32(let bits)): return .double(Double(Float(bitPattern: bits)))
        default:
            throw ProtobufWireReader.Malformed(description: "field \(field.name) has an unexpected wire type")
        }
    }

    /// The types whose JSON is not their message's fields: times, quantities, int-or-strings, raw JSON.
    static func decodeOpaque(
        _ bytes: ArraySlice<UInt8>, _ opaque: KubernetesSchema.OpaqueType, name: String, depth: Int, _ reading: Reading
    ) throws -> JSONValue {
        var fields: [Int: ProtobufWireReader.Value] = [:]
        var reader = ProtobufWireReader(bytes)
        while let (number, value) = try reader.next() { fields[number] = value }
        func integer(_ number: Int) -> Int64 {
            if case .varint(let value) = fields[number] { return Int64(bitPattern: value) }
            return 0
        }
        func data(_ number: Int) -> ArraySlice<UInt8> {
            if case .bytes(let value) = fields[number] { return value }
            return []
        }
        switch opaque {
        case .time, .microTime:
            // Go writes a zero time as an empty message.
            if bytes.isEmpty { return .null }
            let seconds = integer(1)
            let nanos = integer(2)
            if seconds == zeroTimeSeconds && nanos == 0 { return .null }
            let text = RFC3339Timestamp.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            guard opaque == .microTime else { return .string(text) }
            return .string(String(text.dropLast()) + String(format: ".%06dZ", nanos / 1000))
        case .duration:
            return .string(goDuration(nanoseconds: integer(1)))
        case .quantity:
            return .string(String(decoding: data(1), as: UTF8.self))
        case .intOrString:
            return integer(1) == 1 ? .string(String(decoding: data(3), as: UTF8.self)) : .int(Int64(Int32(truncatingIfNeeded: integer(2))))
        case .rawJSON:
            guard !data(1).isEmpty else { return .null }
            do { return try JSONValue.parse(json: Data(data(1)), maxDepth: reading.maxDepth - depth) } catch {
                throw ProtobufWireReader.Malformed(description: "raw JSON in \(name): \(error)")
            }
        case .schemaOrBool:
            if case .bytes(let schema) = fields[2] { return try decode(schema, as: apiextensions + ".JSONSchemaProps", depth: depth + 1, reading) }
            return .bool(integer(1) != 0)
        }
    }

    /// Go's `time.Duration.String()` for whole and fractional seconds: `1h2m3s`, `1.5s`, `0s`.
    private static func goDuration(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        var remaining = nanoseconds.magnitude
        let hours = remaining / 3_600_000_000_000
        remaining %= 3_600_000_000_000
        let minutes = remaining / 60_000_000_000
        remaining %= 60_000_000_000
        var seconds = String(remaining / 1_000_000_000)
        let fraction = remaining % 1_000_000_000
        if fraction > 0 {
            var digits = String(format: "%09llu", fraction)
            while digits.hasSuffix("0") { digits.removeLast() }
            seconds += "." + digits
        }
        var text = sign
        if hours > 0 { text += "\(hours)h" }
        if hours > 0 || minutes > 0 { text += "\(minutes)m" }
        return text + seconds + "s"
    }
}
