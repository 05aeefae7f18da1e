import EtcdCore
import Foundation

extension SnapshotMember {
    /// etcd's default peer URL, which a member started without `--initial-advertise-peer-urls` advertises.
    public static let defaultPeerURL = "http://localhost:2380"

    /// The member a store serving `clientURLs` presents in `member list`: the name and peer URLs of the
    /// seeded cluster's etcd static pod when the store holds one (`seeded(in:id:)`), else `defaultName` and
    /// etcd's default peer URL. Client URLs are always the ones actually served.
    public static func serving(
        from store: any KeyValueStore, id: UInt64, defaultName: String, clientURLs: [String]
    ) async throws -> SnapshotMember {
        let pods = try await store.range(
            RangeRequest(key: seededPodPrefix, rangeEnd: KeyRange.prefixEnd(seededPodPrefix))
        ).kvs
        let seeded = seeded(in: pods, id: id)
        return SnapshotMember(
            id: id, name: seeded?.name ?? defaultName, peerURLs: seeded?.peerURLs ?? [defaultPeerURL],
            clientURLs: clientURLs)
    }
}
