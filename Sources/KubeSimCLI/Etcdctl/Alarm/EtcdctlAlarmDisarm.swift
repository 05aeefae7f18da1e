import ArgumentParser
import EtcdCore

/// `etcdctl alarm disarm`: clears every raised alarm (as clientv3 does: list, then deactivate each) and
/// prints those it cleared. A NOSPACE alarm raised again by the next write too large for the quota means the
/// store still needs compacting and defragmenting.
struct EtcdctlAlarmDisarm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disarm", abstract: "Disarms all alarms.")

    @OptionGroup var options: EtcdctlOptions

    @Argument(help: .hidden) var arguments: [String] = []

    func run() async throws {
        guard arguments.isEmpty else {
            throw EtcdctlFailure(.badArguments, "alarm disarm command accepts no arguments")
        }
        let format = try options.format()
        let response = try await options.withStore { store in
            try await EtcdctlFailure.reporting {
                var cleared: [AlarmMember] = []
                for alarm in try await store.alarms() {
                    if let alarm = try await store.deactivate(alarm) { cleared.append(alarm) }
                }
                return AlarmResponse(alarms: cleared)
            }
        }
        try options.printer(format).alarm(response)
    }
}
