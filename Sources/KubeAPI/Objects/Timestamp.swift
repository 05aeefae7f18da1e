import Foundation

/// Kubernetes timestamps: RFC 3339 in UTC, to the second (`metav1.Time`).
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        formatter.string(from: date)
    }

    public static func date(_ text: String) -> Date? {
        formatter.date(from: text)
    }

    nonisolated(unsafe) private static let formatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }()
}
