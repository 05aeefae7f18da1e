/// The randomised traffic one client sends: reads, puts, deletes, compare-and-swap and multi-key transactions,
/// lease grants, puts with leases and revocations, over a few keys so that clients contend. Every value is
/// unique to its operation (`c<client>-<n>`), so a watch event names the write that made it.
public struct EtcdWorkload: Sendable {
    public var prefix: String
    public var keyCount: Int

    public init(prefix: String = "/robustness/", keyCount: Int = 6) {
        self.prefix = prefix
        self.keyCount = keyCount
    }

    /// One client's generator of requests; it remembers the revisions and leases it has seen, so that its
    /// compare-and-swaps and lease puts often succeed.
    public struct Client: Sendable {
        let workload: EtcdWorkload
        let id: Int
        var random: SeededRandom
        var counter = 0
        var modRevisions: [String: Int64] = [:]
        var leases: [Int64] = []

        public init(_ workload: EtcdWorkload, id: Int, seed: UInt64) {
            self.workload = workload
            self.id = id
            random = SeededRandom(seed: seed &+ UInt64(id) &* 0x51_7CC1_B727_220A)
        }

        public mutating func next() -> KVRequest {
            counter += 1
            let key = workload.prefix + "k\(Int.random(in: 0..<workload.keyCount, using: &random))"
            let value = "c\(id)-\(counter)"
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<28: return .get(key: key)
            case 28..<46: return .put(key: key, value: value, lease: 0)
            case 46..<62:
                let expected = random.chance(0.8) ? modRevisions[key, default: 0] : Int64.random(in: 0...5, using: &random)
                return .compareAndSwap(key: key, expectedModRevision: expected, value: value)
            case 62..<72: return .delete(key: key)
            case 72..<80:
                let count = Int.random(in: 2...3, using: &random)
                let keys = (0..<workload.keyCount).shuffled(using: &random).prefix(count).map { workload.prefix + "k\($0)" }
                return .multiPut(keys: keys.sorted(), value: value)
            case 80..<85:
                let lease = Int64(id) * 1_000_000 + Int64(counter)
                leases.append(lease)
                return .leaseGrant(id: lease)
            case 85..<95:
                return .put(key: key, value: value, lease: leases.randomElement(using: &random) ?? 1)
            default:
                guard let lease = leases.randomElement(using: &random) else { return .get(key: key) }
                return .leaseRevoke(id: lease)
            }
        }

        /// Learns from an answer (the modRevision a compare-and-swap should expect next).
        public mutating func observe(_ request: KVRequest, _ response: KVResponse) {
            switch (request, response) {
            case let (.get(key), .get(_, mod, _)): modRevisions[key] = mod
            case let (.put(key, _, _), .write(revision)), let (.compareAndSwap(key, _, _), .compareAndSwap(true, revision?, _, _)):
                modRevisions[key] = revision
            case let (.compareAndSwap(key, _, _), .compareAndSwap(false, _, _, mod?)): modRevisions[key] = mod
            case let (.delete(key), .delete): modRevisions[key] = 0
            default: break
            }
        }
    }
}
