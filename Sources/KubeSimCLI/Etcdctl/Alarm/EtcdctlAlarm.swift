import ArgumentParser

/// `etcdctl alarm`: the alarms the store raised (NOSPACE past its space quota) and disarming them.
struct EtcdctlAlarm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarm", abstract: "Alarm related commands.",
        subcommands: [EtcdctlAlarmDisarm.self, EtcdctlAlarmList.self])

    @OptionGroup var options: EtcdctlOptions
}
