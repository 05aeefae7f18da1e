import Foundation

/// The kinds of PATCH request body, named by their Content-Type.
public enum PatchType: String, Sendable, CaseIterable {
    /// RFC 6902 JSON patch: `JSONPatch`.
    case json = "application/json-patch+json"
    /// RFC 7386 JSON merge patch: `MergePatch`.
    case merge = "application/merge-patch+json"
    /// Kubernetes' strategic merge patch, for built-in kinds only: `StrategicMergePatch`.
    case strategicMerge = "application/strategic-merge-patch+json"
    /// Server-side apply.
    case apply = "application/apply-patch+yaml"

    /// The type a Content-Type header names, ignoring parameters such as `; charset=utf-8`.
    public init?(contentType: String) {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        self.init(rawValue: mediaType.trimmingCharacters(in: .whitespaces))
    }

    /// The types kube-apiserver accepts for a resource, in the order its 415 message lists them: custom
    /// resources take no strategic merge patch.
    public static func accepted(for type: ResourceType) -> [PatchType] {
        PatchMetadata(for: type) == nil ? [.json, .merge, .apply] : [.json, .merge, .strategicMerge, .apply]
    }

    /// The 415 kube-apiserver answers a PATCH whose Content-Type is not one of `accepted`
    /// (`negotiation.NewUnsupportedMediaTypeError`).
    public static func unsupportedMediaType(accepted: [PatchType]) -> StatusError {
        StatusError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + accepted.map(\.rawValue).joined(separator: ", "))
    }
}
