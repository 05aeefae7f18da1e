import ArgumentParser

/// `kubesim etcdctl`: etcdctl's v3 commands, with its output formats and exit codes, on the embedded store
/// in the data directory. The store is opened for each command and closed after it.
struct Etcdctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etcdctl",
        abstract: "etcdctl's v3 commands on the embedded store.",
        discussion: """
            Output matches etcdctl 3.4 for the same store contents (--write-out simple, json, fields, table). \
            The etcd v2 commands (ls, set, mk, rm, ...) are not available: this store speaks only the v3 API.
            """,
        subcommands: [
            EtcdctlGet.self, EtcdctlPut.self, EtcdctlDel.self, EtcdctlTxn.self, EtcdctlWatch.self,
            EtcdctlCompaction.self, EtcdctlLease.self, EtcdctlSnapshot.self, EtcdctlEndpoint.self,
            EtcdctlMember.self, EtcdctlDefrag.self, EtcdctlAlarm.self,
        ])

    @OptionGroup var options: EtcdctlOptions
}
