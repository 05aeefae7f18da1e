import Foundation
import KubeAPI

/// A CronJob schedule as kube-controller-manager reads it (`cron.ParseStandard` of robfig/cron v3): five fields
/// (minute, hour, day of month, month, day of week) of `*`, `?`, numbers, names (`JAN`–`DEC`, `SUN`–`SAT`),
/// ranges `a-b`, steps `/n` and lists; the descriptors `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
/// `@midnight`, `@hourly` and `@every <duration>`; and a `CRON_TZ=<zone>` or `TZ=<zone>` prefix (what
/// `spec.timeZone` becomes). `next(after:)` walks the calendar in the schedule's zone as robfig's does, so
/// daylight-saving days behave as on a real cluster: a time skipped by the spring change does not run that day,
/// one repeated in autumn runs twice.
struct CronSchedule: Sendable {
    /// Why a schedule does not parse (robfig's error text).
    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    private var minutes: UInt64 = 0
    private var hours: UInt64 = 0
    private var daysOfMonth: UInt64 = 0
    private var months: UInt64 = 0
    private var daysOfWeek: UInt64 = 0
    /// `@every`: a fixed interval (whole seconds, at least one) instead of fields.
    private var interval: TimeInterval?
    let timeZone: TimeZone

    private static let star: UInt64 = 1 << 63
    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    init(_ text: String) throws(ParseError) {
        var spec = text
        var zone = TimeZone(identifier: "UTC")!
        if spec.hasPrefix("TZ=") || spec.hasPrefix("CRON_TZ=") {
            guard let space = spec.firstIndex(of: " "), let equals = spec.firstIndex(of: "=") else {
                throw ParseError(description: "expected exactly 5 fields, found 0: []")
            }
            let name = String(spec[spec.index(after: equals)..<space])
            guard let found = Self.timeZone(named: name) else {
                throw ParseError(description: "provided bad location \(name): unknown time zone \(name)")
            }
            zone = found
            spec = spec[space...].trimmingCharacters(in: .whitespaces)
        }
        timeZone = zone
        if spec.hasPrefix("@") {
            try parseDescriptor(spec)
            return
        }
        let fields = spec.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(description: "expected exactly 5 fields, found \(fields.count): [\(fields.joined(separator: " "))]")
        }
        minutes = try Self.field(fields[0], 0, 59, names: [])
        hours = try Self.field(fields[1], 0, 23, names: [])
        daysOfMonth = try Self.field(fields[2], 1, 31, names: [])
        months = try Self.field(fields[3], 1, 12, names: Self.monthNames, firstName: 1)
        daysOfWeek = try Self.field(fields[4], 0, 6, names: Self.dayNames, firstName: 0)
    }

    /// A zone by IANA name; `Local` and the empty name are the controller's zone, UTC here.
    static func timeZone(named name: String) -> TimeZone? {
        if name.isEmpty || name == "Local" || name == "UTC" { return TimeZone(identifier: "UTC") }
        return TimeZone(identifier: name)
    }

    private mutating func parseDescriptor(_ spec: String) throws(ParseError) {
        let every = "@every "
        if spec.hasPrefix(every) {
            guard let seconds = GoDuration.parse(String(spec.dropFirst(every.count))) else {
                throw ParseError(description: "failed to parse duration \(spec): time: invalid duration \"\(spec.dropFirst(every.count))\"")
            }
            interval = max(1, seconds.rounded(.down))
            return
        }
        let fields: [String: String] = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
            "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        guard let expanded = fields[spec] else { throw ParseError(description: "unrecognized descriptor: \(spec)") }
        let parts = expanded.split(separator: " ").map(String.init)
        minutes = try Self.field(parts[0], 0, 59, names: [])
        hours = try Self.field(parts[1], 0, 23, names: [])
        daysOfMonth = try Self.field(parts[2], 1, 31, names: [])
        months = try Self.field(parts[3], 1, 12, names: [])
        daysOfWeek = try Self.field(parts[4], 0, 6, names: [])
    }

    /// One field: comma-separated ranges, each `*`/`?`, `n`, `a-b`, optionally `/step`. A field that is all of
    /// its range (no step above one) carries the star bit, which decides how the two day fields combine.
    private static func field(_ text: String, _ low: Int, _ high: Int, names: [String], firstName: Int = 0) throws(ParseError) -> UInt64 {
        var bits: UInt64 = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let rangeAndStep = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let bounds = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            var start = low, end = high, extra: UInt64 = 0
            if bounds[0] == "*" || bounds[0] == "?" {
                extra = star
            } else {
                start = try value(bounds[0], names: names, firstName: firstName)
                switch bounds.count {
                case 1: end = start
                case 2: end = try value(bounds[1], names: names, firstName: firstName)
                default: throw ParseError(description: "too many hyphens: \(part)")
                }
            }
            var step = 1
            switch rangeAndStep.count {
            case 1: break
            case 2:
                guard let parsed = Int(rangeAndStep[1]), parsed >= 0 else {
                    throw ParseError(description: "failed to parse int from \(rangeAndStep[1]): strconv.Atoi: parsing \"\(rangeAndStep[1])\": invalid syntax")
                }
                step = parsed
                if bounds.count == 1 && extra == 0 { end = high }
                if step > 1 { extra = 0 }
            default: throw ParseError(description: "too many slashes: \(part)")
            }
            if start < low { throw ParseError(description: "beginning of range (\(start)) below minimum (\(low)): \(part)") }
            if end > high { throw ParseError(description: "end of range (\(end)) above maximum (\(high)): \(part)") }
            if start > end { throw ParseError(description: "beginning of range (\(start)) beyond end of range (\(end)): \(part)") }
            if step == 0 { throw ParseError(description: "step of range should be a positive number: \(part)") }
            for bit in stride(from: start, through: end, by: step) { bits |= 1 << UInt64(bit) }
            bits |= extra
        }
        return bits
    }

    private static func value(_ text: String, names: [String], firstName: Int) throws(ParseError) -> Int {
        if let index = names.firstIndex(of: text.lowercased()) { return index + firstName }
        guard let number = Int(text), number >= 0 else {
            throw ParseError(description: "failed to parse int from \(text): strconv.Atoi: parsing \"\(text)\": invalid syntax")
        }
        return number
    }

    /// The first time after `time` the schedule names (whole seconds), or nil when none falls within five years.
    func next(after time: Date) -> Date? {
        if let interval {
            return Date(timeIntervalSince1970: (time.timeIntervalSince1970.rounded(.down)) + interval)
        }
        var clock = ZoneClock(zone: timeZone, time: Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down) + 1))
        var added = false
        let yearLimit = clock.parts.year + 5
        wrap: while true {
            if clock.parts.year > yearLimit { return nil }
            while months & (1 << UInt64(clock.parts.month)) == 0 {
                if !added {
                    added = true
                    clock.set(clock.parts.year, clock.parts.month, 1, 0, 0, 0)
                }
                clock.set(clock.parts.year, clock.parts.month + 1, clock.parts.day, clock.parts.hour, clock.parts.minute, clock.parts.second)
                if clock.parts.month == 1 { continue wrap }
            }
            while !dayMatches(clock.parts) {
                if !added {
                    added = true
                    clock.set(clock.parts.year, clock.parts.month, clock.parts.day, 0, 0, 0)
                }
                clock.set(clock.parts.year, clock.parts.month, clock.parts.day + 1, clock.parts.hour, clock.parts.minute, clock.parts.second)
                // A daylight-saving change can move midnight: back to the day's start.
                if clock.parts.hour != 0 {
                    clock.add(seconds: clock.parts.hour > 12 ? (24 - clock.parts.hour) * 3600 : -clock.parts.hour * 3600)
                }
                if clock.parts.day == 1 { continue wrap }
            }
            while hours & (1 << UInt64(clock.parts.hour)) == 0 {
                if !added {
                    added = true
                    clock.set(clock.parts.year, clock.parts.month, clock.parts.day, clock.parts.hour, 0, 0)
                }
                clock.add(seconds: 3600)
                if clock.parts.hour == 0 { continue wrap }
            }
            while minutes & (1 << UInt64(clock.parts.minute)) == 0 {
                if !added {
                    added = true
                    clock.truncate(to: 60)
                }
                clock.add(seconds: 60)
                if clock.parts.minute == 0 { continue wrap }
            }
            while clock.parts.second != 0 {
                if !added {
                    added = true
                    clock.truncate(to: 1)
                }
                clock.add(seconds: 1)
                if clock.parts.second == 0 { continue wrap }
            }
            return clock.time
        }
    }

    /// Both day fields must match when either is a star; otherwise either may.
    private func dayMatches(_ parts: ZoneClock.Parts) -> Bool {
        let dayOfMonth = daysOfMonth & (1 << UInt64(parts.day)) != 0
        let dayOfWeek = daysOfWeek & (1 << UInt64(parts.weekday)) != 0
        if daysOfMonth & Self.star != 0 || daysOfWeek & Self.star != 0 { return dayOfMonth && dayOfWeek }
        return dayOfMonth || dayOfWeek
    }
}

/// An instant with its wall-clock reading in a zone, moved as Go's `time.Time` is: `set` builds a time from
/// (possibly overflowing) wall-clock fields as `time.Date` does, `add` moves the instant.
struct ZoneClock {
    struct Parts {
        var year, month, day, hour, minute, second, weekday: Int
    }

    let zone: TimeZone
    private(set) var time: Date
    private(set) var parts: Parts

    init(zone: TimeZone, time: Date) {
        self.zone = zone
        self.time = time
        parts = Self.parts(of: time, in: zone)
    }

    mutating func add(seconds: Int) { move(to: time.addingTimeInterval(TimeInterval(seconds))) }

    /// `Truncate` of the instant to a multiple of `seconds`.
    mutating func truncate(to seconds: Int) {
        let value = time.timeIntervalSince1970
        move(to: Date(timeIntervalSince1970: (value / Double(seconds)).rounded(.down) * Double(seconds)))
    }

    /// `time.Date(year, month, day, hour, minute, second, 0, zone)`: the fields normalised, then the zone's
    /// offset at that wall time; a wall time that does not exist or exists twice resolves as Go's does.
    mutating func set(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) {
        var year = year, month = month - 1
        year += month >= 0 ? month / 12 : (month - 11) / 12
        month = ((month % 12) + 12) % 12 + 1
        let days = Int64(CivilDate.days(year: year, month: month, day: 1)) + Int64(day - 1)
        let wall = days * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
        var offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall))))
        let utc = wall - offset
        let atUTC = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc))))
        if atUTC != offset { offset = atUTC }
        move(to: Date(timeIntervalSince1970: TimeInterval(wall - offset)))
    }

    private mutating func move(to time: Date) {
        self.time = time
        parts = Self.parts(of: time, in: zone)
    }

    private static func parts(of time: Date, in zone: TimeZone) -> Parts {
        let local = Int64(time.timeIntervalSince1970.rounded(.down)) + Int64(zone.secondsFromGMT(for: time))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = Int(local - days * 86_400)
        let (year, month, day) = CivilDate.date(days: Int(days))
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4).
        return Parts(year: year, month: month, day: day, hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60, weekday: weekday)
    }
}
