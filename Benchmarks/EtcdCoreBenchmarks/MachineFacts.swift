import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the machine was when the benchmark ran, for the report header.
enum MachineFacts {
    /// The 1-, 5- and 15-minute load averages, e.g. "0.12 0.30 0.25"; other processes' work skews every figure.
    static var loadAverage: String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return loads.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }

    /// The header lines: date, operating system, processor and cores, load.
    static var summary: [String] {
        let process = ProcessInfo.processInfo
        var lines = [
            "date: \(Date().formatted(.iso8601))",
            "system: \(process.operatingSystemVersionString)",
            "cores: \(process.activeProcessorCount) active of \(process.processorCount)",
            "load average (1/5/15 min): \(loadAverage)",
        ]
        if let model = processorModel { lines.insert("processor: \(model)", at: 2) }
        return lines
    }

    /// The processor's model name from `/proc/cpuinfo`; nil where there is none.
    private static var processorModel: String? {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let line = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line?.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
    }
}
