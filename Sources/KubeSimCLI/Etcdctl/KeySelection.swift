import EtcdCore
import Foundation

/// etcdctl's key arguments, `--prefix` and `--from-key` turned into a request's key and range_end, as
/// clientv3's `WithPrefix`, `WithFromKey` and `WithRange` do.
enum KeySelection {
    static func resolve(key: String, rangeEnd: String?, prefix: Bool, fromKey: Bool) -> (key: Data, rangeEnd: Data) {
        let key = Data(key.utf8)
        if prefix || fromKey {
            // An empty key with --prefix or --from-key means every key: key and range_end "\0".
            if key.isEmpty { return (Data([0]), Data([0])) }
            return (key, prefix ? KeyRange.prefixEnd(key) : Data([0]))
        }
        return (key, Data((rangeEnd ?? "").utf8))
    }

    /// etcdctl's checks of `[key, range_end]` against `--prefix` / `--from-key`, shared by get and del.
    static func validate(_ arguments: [String], prefix: Bool, fromKey: Bool) throws(EtcdctlFailure) {
        if prefix && fromKey {
            throw EtcdctlFailure(
                .badArguments, "`--prefix` and `--from-key` cannot be set at the same time, choose one")
        }
        if arguments.count > 1 && (prefix || fromKey) {
            throw EtcdctlFailure(
                .badArguments, "too many arguments, only accept one argument when `--prefix` or `--from-key` is set")
        }
    }
}
