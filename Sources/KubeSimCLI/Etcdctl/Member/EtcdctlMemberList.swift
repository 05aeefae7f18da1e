import ArgumentParser
import EtcdCore

/// `etcdctl member list`: the one member of the embedded store, named "default" as etcd names a member
/// by default, with no peer URLs and the store's file as its client URL.
struct EtcdctlMemberList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Lists all members in the cluster.",
        discussion: """
            With --write-out=simple, prints a comma-separated list: ID, Status, Name, Peer Addrs, Client Addrs, \
            Is Learner.
            """)

    @OptionGroup var options: EtcdctlOptions

    func run() async throws {
        let format = try options.format()
        let response = try await options.withStore { store in
            let status = try await EtcdctlFailure.reporting { try await store.status() }
            // etcd answers member list with a header that has no revision.
            var header = status.header
            header.revision = 0
            let member = MemberInfo(
                id: store.memberID, name: "default", peerURLs: [], clientURLs: [store.path], isLearner: false)
            return MemberListResponse(header: header, members: [member])
        }
        try options.printer(format).memberList(response)
    }
}
