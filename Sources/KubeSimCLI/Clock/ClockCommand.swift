import ArgumentParser
import Controllers
import Foundation
import KubeAPI

/// `kubesim clock [advance DURATION]`: the embedded cluster's simulated clock (`<data-dir>/simulated-time`).
///
/// Without arguments it prints the simulated time (RFC 3339, UTC). `advance DURATION` moves it forward by a Go
/// duration (`90s`, `10m`, `1h`, `2h30m`), running the control loops through that time as a cluster would: a
/// CronJob runs at each of its scheduled times in between, pods finish, leases are renewed; then the cluster
/// settles, and the new time is printed.
struct ClockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Show the embedded cluster's simulated time, or move it forward (advance DURATION), running the control loops through it.")

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Nothing to show the time; `advance DURATION` (90s, 10m, 1h) to move it.", valueName: "action"))
    var words: [String] = []

    func run() async throws {
        let console = Console.standard
        switch words.count {
        case 0:
            console.out.line(Self.format(SimulatedTimeMark.read(store.resolvedDataDirectory()) ?? Date()))
        case 2 where words[0] == "advance":
            let time = try await advance(words[1])
            console.out.line(Self.format(time))
        default:
            throw CommandError("unknown clock command \"\(words.joined(separator: " "))\": use `kubesim clock` or `kubesim clock advance DURATION`")
        }
    }

    private func advance(_ duration: String) async throws -> Date {
        guard let seconds = GoDuration.parse(duration), seconds > 0 else {
            throw CommandError("invalid duration \"\(duration)\": want a positive Go duration such as 90s, 10m or 1h")
        }
        guard !store.noControllers else { throw CommandError("clock advance runs the control loops: drop --no-controllers") }
        return try await store.withStore { kv in
            let controlPlane = try await EmbeddedControlPlane.open(
                kv, dataDirectory: store.resolvedDataDirectory(), runningLoops: true, transformers: try store.transformers(),
                storageMediaType: store.resolvedStorageMediaType())
            guard controlPlane.runsLoops else {
                throw CommandError("a kubesim serve runs this cluster's control loops on the wall clock: its clock cannot be moved")
            }
            try await controlPlane.settle(until: controlPlane.clock.now().addingTimeInterval(seconds))
            return controlPlane.clock.now()
        }
    }

    static func format(_ time: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: time)
    }
}
