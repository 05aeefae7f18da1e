import ArgumentParser
import EtcdCore

/// `etcdctl alarm list`: every raised alarm, one `memberID:<id> alarm:<TYPE> ` line each.
struct EtcdctlAlarmList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lists all alarms.")

    @OptionGroup var options: EtcdctlOptions

    @Argument(help: .hidden) var arguments: [String] = []

    func run() async throws {
        guard arguments.isEmpty else { throw EtcdctlFailure(.badArguments, "alarm list command accepts no arguments") }
        let format = try options.format()
        let response = try await options.withStore { store in
            try await EtcdctlFailure.reporting {
                AlarmResponse(alarms: try await store.alarms())
            }
        }
        try options.printer(format).alarm(response)
    }
}
