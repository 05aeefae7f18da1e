import Foundation

/// The cron schedule check CronJob validation runs: `github.com/robfig/cron/v3`'s standard parser (five fields
/// or a `@descriptor`), reporting its error messages.
enum CronSchedule {
    private struct Bounds {
        let min: Int
        let max: Int
        var names: [String: Int] = [:]
    }

    private static let fields: [Bounds] = [
        Bounds(min: 0, max: 59),
        Bounds(min: 0, max: 23),
        Bounds(min: 1, max: 31),
        Bounds(
            min: 1, max: 12,
            names: ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]),
        Bounds(min: 0, max: 6, names: ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]),
    ]
    private static let descriptors: Set<String> = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]

    /// The parser's error for `spec`, or nil when it parses.
    static func error(_ spec: String) -> String? {
        guard !spec.isEmpty else { return "empty spec string" }
        var spec = spec
        if spec.hasPrefix("TZ=") || spec.hasPrefix("CRON_TZ=") {
            let equals = spec.firstIndex(of: "=")!
            let space = spec.firstIndex(of: " ") ?? spec.endIndex
            let location = String(spec[spec.index(after: equals)..<space])
            if TimeZone(identifier: location) == nil { return "provided bad location \(location): unknown time zone \(location)" }
            spec = String(spec[space...]).trimmingSpaces
        }
        if spec.hasPrefix("@") {
            if descriptors.contains(spec) { return nil }
            if spec.hasPrefix("@every ") {
                let duration = String(spec.dropFirst("@every ".count))
                return durationError(duration).map { "failed to parse duration \(spec): \($0)" }
            }
            return "unrecognized descriptor: \(spec)"
        }
        let parts = spec.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard parts.count == 5 else { return "expected exactly 5 fields, found \(parts.count): [\(parts.joined(separator: " "))]" }
        for (part, bounds) in zip(parts, fields) {
            for expression in part.split(separator: ",") {
                if let error = rangeError(String(expression), bounds) { return error }
            }
        }
        return nil
    }

    private static func rangeError(_ expression: String, _ bounds: Bounds) -> String? {
        let rangeAndStep = expression.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let lowAndHigh = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        var start: Int
        var end: Int
        if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
            (start, end) = (bounds.min, bounds.max)
        } else {
            switch number(lowAndHigh[0], bounds.names) {
            case .failure(let message): return message.text
            case .success(let value): start = value
            }
            switch lowAndHigh.count {
            case 1: end = start
            case 2:
                switch number(lowAndHigh[1], bounds.names) {
                case .failure(let message): return message.text
                case .success(let value): end = value
                }
            default: return "too many hyphens: \(expression)"
            }
        }
        var step = 1
        switch rangeAndStep.count {
        case 1: break
        case 2:
            switch number(rangeAndStep[1], [:]) {
            case .failure(let message): return message.text
            case .success(let value): step = value
            }
            if lowAndHigh.count == 1 { end = bounds.max }
        default: return "too many slashes: \(expression)"
        }
        if start < bounds.min { return "beginning of range (\(start)) below minimum (\(bounds.min)): \(expression)" }
        if end > bounds.max { return "end of range (\(end)) above maximum (\(bounds.max)): \(expression)" }
        if start > end { return "beginning of range (\(start)) beyond end of range (\(end)): \(expression)" }
        if step == 0 { return "step of range should be a positive number: \(expression)" }
        return nil
    }

    private struct Message: Error {
        let text: String
    }

    /// `parseIntOrName` / `mustParseInt`, with Go's `strconv.Atoi` messages.
    private static func number(_ text: String, _ names: [String: Int]) -> Result<Int, Message> {
        if let named = names[text.lowercased()] { return .success(named) }
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else {
            return .failure(Message(text: "failed to parse int from \(text): strconv.Atoi: parsing \(GoSyntax.string(text)): invalid syntax"))
        }
        guard let value = Int(text), Int64(exactly: value) != nil else {
            return .failure(Message(text: "failed to parse int from \(text): strconv.Atoi: parsing \(GoSyntax.string(text)): value out of range"))
        }
        if value < 0 { return .failure(Message(text: "negative number (\(value)) not allowed: \(text)")) }
        return .success(value)
    }

    /// Go's `time.ParseDuration` error, or nil for a valid duration.
    private static func durationError(_ text: String) -> String? {
        let quoted = GoSyntax.string(text)
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        if rest == "0" { return nil }
        if rest.isEmpty { return "time: invalid duration \(quoted)" }
        let units: Set<String> = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
        while !rest.isEmpty {
            let number = rest.prefix { ("0"..."9").contains($0) || $0 == "." }
            guard !number.isEmpty, number != "." else { return "time: invalid duration \(quoted)" }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !("0"..."9").contains($0) && $0 != "." }
            if unit.isEmpty { return "time: missing unit in duration \(quoted)" }
            guard units.contains(String(unit)) else { return "time: unknown unit \(GoSyntax.string(String(unit))) in duration \(quoted)" }
            rest = rest.dropFirst(unit.count)
        }
        return nil
    }
}
