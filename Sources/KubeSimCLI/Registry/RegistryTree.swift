import ArgumentParser
import EtcdCore
import Foundation

/// `kubesim registry tree [PREFIX]`: the keys under a prefix as a tree of their `/` segments, each branch
/// with the number of keys below it (`pods (3)`, `default (2)`), children in byte order.
struct RegistryTree: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tree", abstract: "Draw the keys under a prefix as a tree.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var etcd: EtcdEndpointOptions

    @Argument(help: "The key prefix.")
    var prefix = "/registry"

    /// One path segment and the segments below it.
    struct Node {
        var children: [String: Node] = [:]
        var keys = 0

        mutating func insert(_ segments: ArraySlice<Substring>) {
            keys += 1
            guard let first = segments.first else { return }
            children[String(first), default: Node()].insert(segments.dropFirst())
        }

        /// The drawn lines of the children, `├── ` / `└── ` before each, `│   ` or spaces under it.
        func lines(indent: String = "") -> [String] {
            let names = children.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return names.enumerated().flatMap { index, name in
                let child = children[name]!
                let last = index == names.count - 1
                let label = child.children.isEmpty ? name : "\(name) (\(child.keys))"
                return [indent + (last ? "└── " : "├── ") + label] + child.lines(indent: indent + (last ? "    " : "│   "))
            }
        }
    }

    func run() async throws {
        let base = prefix.hasSuffix("/") ? prefix : prefix + "/"
        let start = Data(base.utf8)
        let kvs = try await etcd.withStore(embedded: store) { store in
            try await store.range(RangeRequest(key: start, rangeEnd: KeyRange.prefixEnd(start), keysOnly: true)).kvs
        }
        var root = Node()
        for kv in kvs {
            let relative = String(decoding: kv.key.dropFirst(start.count), as: UTF8.self)
            root.insert(relative.split(separator: "/")[...])
        }
        let console = Console.standard
        console.out.line(prefix)
        for line in root.lines() { console.out.line(line) }
    }
}
