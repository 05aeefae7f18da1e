import ComponentLogs
import Foundation
import KubeAPI

/// `PodLogOptions` from a `pods/<name>/log` query, decoded as apimachinery's parameter codec does (a boolean is
/// false only for `false` or `0`) and validated as `ValidatePodLogOptions` does.
public struct PodLogOptions: Equatable, Sendable {
    public var container: String?
    public var follow = false
    public var previous = false
    public var timestamps = false
    public var sinceSeconds: Int64?
    public var sinceTime: Date?
    public var tailLines: Int64?
    public var limitBytes: Int64?

    public init(
        container: String? = nil, follow: Bool = false, previous: Bool = false, timestamps: Bool = false,
        sinceSeconds: Int64? = nil, sinceTime: Date? = nil, tailLines: Int64? = nil, limitBytes: Int64? = nil
    ) {
        self.container = container
        self.follow = follow
        self.previous = previous
        self.timestamps = timestamps
        self.sinceSeconds = sinceSeconds
        self.sinceTime = sinceTime
        self.tailLines = tailLines
        self.limitBytes = limitBytes
    }

    /// - Throws: 400 for a value that does not parse, 422 (`PodLogOptions "<pod>" is invalid`) for one out of range.
    init(_ query: QueryParameters, pod: String) throws {
        container = query["container"].flatMap { $0.isEmpty ? nil : $0 }
        follow = Self.bool(query, "follow")
        previous = Self.bool(query, "previous")
        timestamps = Self.bool(query, "timestamps")
        sinceSeconds = try Self.int(query, "sinceSeconds")
        tailLines = try Self.int(query, "tailLines")
        limitBytes = try Self.int(query, "limitBytes")
        if let text = query["sinceTime"], !text.isEmpty {
            guard let date = RFC3339Timestamp.date(from: text) else {
                throw StatusError.badRequest(
                    "parsing time \(FieldError.quoted(text)) as \"2006-01-02T15:04:05Z07:00\": cannot parse \(FieldError.quoted(text)) as \"2006\"")
            }
            sinceTime = date
        }
        try validate(pod: pod)
    }

    /// `ValidatePodLogOptions`.
    /// - Throws: 422 (`PodLogOptions "<pod>" is invalid`) for a value out of range.
    public func validate(pod: String) throws {
        var errors: [FieldError] = []
        if let tailLines, tailLines < 0 {
            errors.append(FieldError(.invalid, "tailLines", value: String(tailLines), "must be greater than or equal to 0"))
        }
        if let limitBytes, limitBytes < 1 {
            errors.append(FieldError(.invalid, "limitBytes", value: String(limitBytes), "must be greater than 0"))
        }
        if sinceSeconds != nil && sinceTime != nil {
            errors.append(FieldError(.forbidden, "sinceSeconds", "at most one of `sinceTime` or `sinceSeconds` may be specified"))
        } else if let sinceSeconds, sinceSeconds < 1 {
            errors.append(FieldError(.invalid, "sinceSeconds", value: String(sinceSeconds), "must be greater than 0"))
        }
        guard errors.isEmpty else { throw StatusError.invalid(group: "", kind: "PodLogOptions", name: pod, errors: errors) }
    }

    /// What the kubelet reads, with `sinceSeconds` counted back from `now`.
    public func readOptions(now: Date) -> LogReadOptions {
        LogReadOptions(
            tailLines: tailLines.map { Int(clamping: $0) },
            since: sinceTime ?? sinceSeconds.map { now.addingTimeInterval(-Double($0)) },
            limitBytes: limitBytes.map { Int(clamping: $0) }, timestamps: timestamps)
    }

    /// apimachinery's `Convert_Slice_string_To_bool`: absent is false, `0` and `false` (any case) are false,
    /// anything else is true.
    private static func bool(_ query: QueryParameters, _ name: String) -> Bool {
        guard let value = query[name] else { return false }
        return !(value == "0" || value.lowercased() == "false")
    }

    private static func int(_ query: QueryParameters, _ name: String) throws -> Int64? {
        guard let text = query[name], !text.isEmpty else { return nil }
        guard let value = Int64(text) else {
            throw StatusError.badRequest("strconv.ParseInt: parsing \(FieldError.quoted(text)): invalid syntax")
        }
        return value
    }
}
