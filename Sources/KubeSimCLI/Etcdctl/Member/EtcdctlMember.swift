import ArgumentParser

/// `etcdctl member`: the membership subcommands; the embedded store is a cluster of one.
struct EtcdctlMember: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Membership related commands.", subcommands: [EtcdctlMemberList.self])

    @OptionGroup var options: EtcdctlOptions
}
