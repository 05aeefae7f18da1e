import ArgumentParser
import Controllers
import Foundation

/// `kubesim clock`: the embedded cluster's simulated clock (`<data-dir>/simulated-time`).
struct ClockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Show or move the embedded cluster's simulated clock.",
        subcommands: [ClockShow.self, ClockAdvance.self],
        defaultSubcommand: ClockShow.self)
}

/// `kubesim clock show`: the simulated time, RFC 3339 in UTC.
struct ClockShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the simulated time.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let directory = store.resolvedDataDirectory()
        let time = SimulatedTimeMark.read(directory) ?? Date()
        let console = Console.standard
        console.out.line(ClockAdvance.format(time))
    }
}

/// `kubesim clock advance DURATION`: moves the simulated clock forward by a Go duration (`90s`, `1h`, `2h30m`),
/// running the control loops through that time as a cluster would: a CronJob runs at each of its scheduled times
/// in between, pods finish, leases are renewed. Then the cluster settles.
struct ClockAdvance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance", abstract: "Move the simulated clock forward, running the control loops through that time.")

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("How far: a Go duration such as 90s, 10m, 1h or 2h30m.", valueName: "duration"))
    var duration: String

    func run() async throws {
        guard let seconds = Self.parseDuration(duration), seconds > 0 else {
            throw CommandError("invalid duration \"\(duration)\": want a positive Go duration such as 90s, 10m or 1h")
        }
        guard !store.noControllers else { throw CommandError("clock advance runs the control loops: drop --no-controllers") }
        try await store.withStore { kv in
            let controlPlane = try await EmbeddedControlPlane.open(kv, dataDirectory: store.resolvedDataDirectory(), runningLoops: true)
            guard controlPlane.runsLoops else {
                throw CommandError("a kubesim serve runs this cluster's control loops on the wall clock: its clock cannot be moved")
            }
            let target = controlPlane.clock.now().addingTimeInterval(seconds)
            try await controlPlane.settle(until: target)
            let console = Console.standard
            console.out.line(Self.format(controlPlane.clock.now()))
        }
    }

    /// A Go duration in seconds (`1h30m`, `90s`, `1.5h`).
    static func parseDuration(_ text: String) -> TimeInterval? {
        let units: [(String, Double)] = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !$0.isNumber && $0 != "." }
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        return total
    }

    static func format(_ time: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: time)
    }
}
