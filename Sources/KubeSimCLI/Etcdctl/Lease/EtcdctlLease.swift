import ArgumentParser

/// `etcdctl lease`: the lease subcommands.
struct EtcdctlLease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lease", abstract: "Lease related commands.",
        subcommands: [
            EtcdctlLeaseGrant.self, EtcdctlLeaseRevoke.self, EtcdctlLeaseTimeToLive.self, EtcdctlLeaseList.self,
            EtcdctlLeaseKeepAlive.self,
        ])

    @OptionGroup var options: EtcdctlOptions

    /// etcdctl's `leaseFromArgs`: a lease id in hex.
    static func leaseID(_ argument: String) throws(EtcdctlFailure) -> Int64 {
        do {
            return try GoInteger.parseInt64(argument, base: 16)
        } catch {
            throw EtcdctlFailure(.badArguments, "bad lease ID arg (\(error)), expecting ID in Hex")
        }
    }
}
