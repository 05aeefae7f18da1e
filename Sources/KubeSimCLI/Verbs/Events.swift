import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim events`: kubectl's events table (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE), oldest first, for a
/// namespace or all of them, optionally about one object (`--for TYPE/NAME`) or of some types (`--types`).
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "List events.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.") var namespace: String?
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Events of every namespace.") var allNamespaces = false
    @Option(name: .customLong("for"), help: "Only the events about this object, as TYPE/NAME.") var object: String?
    @Option(help: "Only events of these types (Normal, Warning), comma-separated.") var types: String?
    @Flag(name: .customLong("no-headers"), help: "Print no header row.") var noHeaders = false

    func run() async throws {
        let console = Console.standard
        let scope = allNamespaces ? nil : namespace ?? "default"
        try await serverOptions.withCluster(store: store) { client, _ in
            var involved: (kind: String, name: String)?
            if let object {
                let selection = try ResourceArguments([object], catalog: client.catalog).selections[0]
                involved = (selection.type.kind, selection.names[0])
            }
            let wanted = types.map { Set($0.split(separator: ",").map { $0.lowercased() }) }
            let list = try await client.list(
                BuiltinResources.events, namespace: scope, labelSelector: .everything, fieldSelector: .everything, limit: 0,
                continueToken: nil)
            let events = DescribeEvents.sorted(list.items.filter { event in
                let reference = event.json["involvedObject"] ?? .emptyObject
                if let involved, reference["kind"]?.stringValue != involved.kind || reference["name"]?.stringValue != involved.name {
                    return false
                }
                if let wanted, !wanted.contains((event.json["type"]?.stringValue ?? "").lowercased()) { return false }
                return true
            })
            guard !events.isEmpty else {
                console.err.line(scope.map { "No events found in \($0) namespace." } ?? "No events found.")
                return
            }
            let now = Get.now(client, store: store)
            var text = ""
            if !noHeaders { text += (allNamespaces ? "NAMESPACE\t" : "") + "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n" }
            for event in events {
                let json = event.json
                text += allNamespaces ? "\(event.namespace ?? "")\t" : ""
                text += "\(Self.lastSeen(json, now: now))\t\(json["type"]?.stringValue ?? "")\t\(json["reason"]?.stringValue ?? "")\t"
                let reference = json["involvedObject"] ?? .emptyObject
                text += "\(reference["kind"]?.stringValue ?? "")/\(reference["name"]?.stringValue ?? "")\t"
                text += (json["message"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
            }
            console.out.write(TabWriter.align(text))
        }
    }

    /// kubectl events' LAST SEEN: the age of the last occurrence, with `(xN over AGE)` for a repeated event.
    static func lastSeen(_ json: JSONValue, now: Date) -> String {
        let first = json["eventTime"]?.stringValue.map { HumanDuration.since($0, now: now) }
            ?? HumanDuration.since(json["firstTimestamp"]?.stringValue, now: now)
        if let series = json["series"], series != .null {
            return "\(HumanDuration.since(series["lastObservedTime"]?.stringValue, now: now)) (x\(series["count"]?.intValue ?? 0) over \(first))"
        }
        if let count = json["count"]?.intValue, count > 1 {
            return "\(HumanDuration.since(json["lastTimestamp"]?.stringValue, now: now)) (x\(count) over \(first))"
        }
        return json["lastTimestamp"]?.stringValue.map { HumanDuration.since($0, now: now) } ?? first
    }
}
