import Foundation
import SwiftProtobuf

/// The Kubernetes 1.32 API types as their protobuf descriptors describe them: every message, its fields and
/// their JSON names. It decodes protobuf bodies (``KubernetesProtobuf``) and tells which fields of a JSON
/// object a kind does not have (``StrictFields``).
struct KubernetesSchema: Sendable {
    typealias FieldType = Google_Protobuf_FieldDescriptorProto.TypeEnum

    struct Field: Sendable {
        var name: String
        var number: Int
        /// The field's name in JSON (the protobuf name but for a few `JSONSchemaProps` fields).
        var jsonName: String
        var type: FieldType
        /// The message type of a message field (`.k8s.io.api.core.v1.PodSpec`).
        var typeName: String
        var repeated: Bool
        /// A Go struct embedded with `json:",inline"`: its fields are the parent's in JSON
        /// (`ConfigMapEnvSource.localObjectReference`, `Volume.volumeSource`, `Probe.handler`).
        var embedded: Bool
        /// A pointer field (`*int32`, `*bool`, ...) whose zero is a value to keep (``KubernetesProtobuf/pointerScalars``).
        var keepsZero: Bool

        var isMessage: Bool { type == .message }
    }

    struct Message: Sendable {
        var fields: [Int: Field]
        var fieldsByJSONName: [String: Field]
        var isMapEntry: Bool
        /// How the message reads when its JSON is not an object of its fields; nil for ordinary messages.
        var opaque: OpaqueType?
    }

    /// The types whose JSON is not an object of their fields, as they read.
    enum OpaqueType: Sendable {
        case time, microTime, duration, quantity, intOrString, rawJSON, schemaOrBool
    }

    static let shared = KubernetesSchema(base64: kubernetesDescriptorSetBase64)

    static let meta = ".k8s.io.apimachinery.pkg.apis.meta.v1"
    static let apiextensions = ".k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1"

    /// JSON names that differ from the protobuf field names (`JSONSchemaProps`).
    private static let renamed: [String: String] = [
        "ref": "$ref", "schema": "$schema",
        "xKubernetesPreserveUnknownFields": "x-kubernetes-preserve-unknown-fields",
        "xKubernetesEmbeddedResource": "x-kubernetes-embedded-resource",
        "xKubernetesIntOrString": "x-kubernetes-int-or-string", "xKubernetesListMapKeys": "x-kubernetes-list-map-keys",
        "xKubernetesListType": "x-kubernetes-list-type", "xKubernetesMapType": "x-kubernetes-map-type",
        "xKubernetesValidations": "x-kubernetes-validations",
    ]

    private(set) var messages: [String: Message] = [:]

    private init(base64: String) {
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters),
            let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: data)
        else { preconditionFailure("KubernetesDescriptors.swift does not hold a FileDescriptorSet") }
        for file in set.file { add(file.messageType, scope: "." + file.package) }
    }

    private mutating func add(_ types: [Google_Protobuf_DescriptorProto], scope: String) {
        for type in types {
            let name = scope + "." + type.name
            var fields: [Int: Field] = [:]
            var byJSONName: [String: Field] = [:]
            for descriptor in type.field {
                let jsonName =
                    name.hasPrefix(Self.apiextensions + ".JSONSchemaProps")
                    ? Self.renamed[descriptor.name] ?? descriptor.name
                    : name.hasPrefix(".k8s.io.api.admissionregistration.") ? Self.lowercasingInitial(descriptor.name) : descriptor.name
                let field = Field(
                    name: descriptor.name, number: Int(descriptor.number), jsonName: jsonName, type: descriptor.type, typeName: descriptor.typeName,
                    repeated: descriptor.label == .repeated,
                    embedded: Self.isEmbedded(descriptor, in: name),
                    keepsZero: KubernetesProtobuf.pointerScalars.contains(descriptor.name))
                fields[Int(descriptor.number)] = field
                byJSONName[jsonName] = field
            }
            messages[name] = Message(
                fields: fields, fieldsByJSONName: byJSONName, isMapEntry: type.options.mapEntry, opaque: Self.opaqueReadings[name])
            add(type.nestedType, scope: name)
        }
    }

    /// A few admissionregistration fields keep their Go name in protobuf (`Webhooks`, `Expression`); their JSON
    /// names start in lower case. Elsewhere a capitalised protobuf name is the JSON name too (a node's
    /// `daemonEndpoints.kubeletEndpoint.Port`).
    private static func lowercasingInitial(_ name: String) -> String {
        guard let first = name.first, first.isUppercase else { return name }
        return first.lowercased() + name.dropFirst()
    }

    /// The structs the Kubernetes 1.32 types embed inline (`json:",inline"`), by the field go-to-protobuf
    /// gives them: named after their type, but for `Probe`'s `ProbeHandler`, named `handler`. Other fields
    /// named after their type (`roleRef`, `securityContext`, `affinity`) are ordinary.
    private static let inlineFields: Set<String> = [
        "localObjectReference", "volumeSource", "persistentVolumeSource", "ephemeralContainerCommon", "ingressRuleValue",
        "ruleWithOperations", "rule",
    ]

    private static func isEmbedded(_ field: Google_Protobuf_FieldDescriptorProto, in message: String) -> Bool {
        guard field.type == .message, field.label != .repeated else { return false }
        if message == ".k8s.io.api.core.v1.Probe" && field.name == "handler" { return true }
        let typeName = field.typeName.split(separator: ".").last.map(String.init) ?? ""
        return inlineFields.contains(field.name) && typeName.prefix(1).lowercased() + typeName.dropFirst() == field.name
    }

    /// The field an object key names in a message, and the message that declares it (an embedded struct's,
    /// for the fields it brings in).
    func resolve(_ key: String, in messageName: String) -> (field: Field, declaredIn: String)? {
        guard let message = messages[messageName] else { return nil }
        if let field = message.fieldsByJSONName[key], !field.embedded { return (field, messageName) }
        for field in message.fields.values where field.embedded {
            if let found = resolve(key, in: field.typeName) { return found }
        }
        return nil
    }

    /// The message of a built-in object, from its `apiVersion` and `kind`, when the descriptors hold it.
    func messageName(of object: JSONValue) -> String? {
        guard let apiVersion = object["apiVersion"]?.stringValue, let kind = object["kind"]?.stringValue else { return nil }
        let parts = apiVersion.split(separator: "/").map(String.init)
        let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", apiVersion)
        guard let name = Self.messageName(group: group, version: version, kind: kind), messages[name] != nil else {
            return nil
        }
        return name
    }

    /// The message of a kind: `.k8s.io.api.apps.v1.Deployment`.
    static func messageName(group: String, version: String, kind: String) -> String? {
        if group == "apiextensions.k8s.io" { return "\(apiextensions.dropLast(2))\(version).\(kind)" }
        let package = group.isEmpty ? "core" : String(group.split(separator: ".")[0])
        return ".k8s.io.api.\(package).\(version).\(kind)"
    }

    /// How the opaque types read in ``KubernetesProtobuf`` (the schema unions other than `JSONSchemaPropsOrBool`
    /// are never stored by the types KubeSim serves).
    private static let opaqueReadings: [String: OpaqueType] = [
        meta + ".Time": .time, meta + ".MicroTime": .microTime, meta + ".Duration": .duration,
        ".k8s.io.apimachinery.pkg.api.resource.Quantity": .quantity, ".k8s.io.apimachinery.pkg.util.intstr.IntOrString": .intOrString,
        ".k8s.io.apimachinery.pkg.runtime.RawExtension": .rawJSON, meta + ".FieldsV1": .rawJSON, apiextensions + ".JSON": .rawJSON,
        apiextensions + ".JSONSchemaPropsOrBool": .schemaOrBool,
    ]

    /// The types whose JSON is not an object of their fields (times, quantities, int-or-strings, raw JSON,
    /// schema unions).
    static let opaqueTypes: Set<String> = [
        meta + ".Time", meta + ".MicroTime", meta + ".Duration", meta + ".FieldsV1",
        ".k8s.io.apimachinery.pkg.api.resource.Quantity", ".k8s.io.apimachinery.pkg.util.intstr.IntOrString",
        ".k8s.io.apimachinery.pkg.runtime.RawExtension", apiextensions + ".JSON", apiextensions + ".JSONSchemaPropsOrBool",
        apiextensions + ".JSONSchemaPropsOrArray", apiextensions + ".JSONSchemaPropsOrStringArray",
    ]
}
