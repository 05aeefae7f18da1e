import Foundation

/// `humanize.Bytes` of go-humanize, which etcdctl prints for DB SIZE and TOTAL SIZE: SI units, one
/// decimal below 10 ("20 kB", "1.5 MB", "9 B").
public enum HumanizeBytes {
    private static let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]

    public static func string(_ bytes: UInt64) -> String {
        if bytes < 10 { return "\(bytes) B" }
        let exponent = (log(Double(bytes)) / log(1000)).rounded(.down)
        let value = (Double(bytes) / pow(1000, exponent) * 10 + 0.5).rounded(.down) / 10
        return String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[Int(exponent)]
    }
}
