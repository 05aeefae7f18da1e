import ArgumentParser
import EtcdCore
import EtcdSnapshot

/// `etcdctl member list`: the one member of the embedded store, named and with the peer URL of the seeded
/// cluster's etcd static pod (`--name=controlplane`, `https://<node-ip>:2380`), else etcd's defaults
/// (`default`, `http://localhost:2380`), and the store's file as its client URL.
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
            let serving = try await EtcdctlFailure.reporting {
                try await SnapshotMember.serving(
                    from: store, id: store.memberID, defaultName: "default", clientURLs: EtcdctlEnvironment.current.clientURLs ?? [store.path])
            }
            let member = MemberInfo(
                id: serving.id, name: serving.name, peerURLs: serving.peerURLs, clientURLs: serving.clientURLs,
                isLearner: false)
            return MemberListResponse(header: header, members: [member])
        }
        try options.printer(format).memberList(response)
    }
}
