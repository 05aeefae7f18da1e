import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim api-resources`: the resources the server's discovery documents list, each in its group's preferred
/// version (client-go's `ServerPreferredResources`: no subresources), sorted by group and name, with kubectl's
/// columns and filters.
struct APIResources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-resources", abstract: "Print the supported API resources on the server.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Flag(name: .customLong("no-headers"), help: "Don't print headers.") var noHeaders = false
    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format. One of: (wide, name).") var output = ""
    @Option(name: .customLong("api-group"), help: "Limit to resources in the specified API group.") var apiGroup: String?
    @Option(help: ArgumentHelp("If false, non-namespaced resources will be returned, otherwise namespaced ones.", valueName: "true|false"))
    var namespaced: Bool?
    @Option(help: "Limit to resources that support the specified verbs (comma-separated).") var verbs: [String] = []
    @Option(name: .customLong("sort-by"), help: "Sort by 'name' or 'kind'.") var sortBy = ""
    @Flag(help: "Use the cached list of resources if available (there is no cache: always read).") var cached = false
    @Option(help: "Limit to resources that belong to the specified categories (comma-separated).") var categories: [String] = []
    @Argument var extra: [String] = []

    /// One row: a resource of a group-version.
    struct Row {
        var group: String
        var groupVersion: String
        var resource: JSONValue
        var name: String { resource["name"]?.stringValue ?? "" }
        var kind: String { resource["kind"]?.stringValue ?? "" }
        func strings(_ field: String) -> [String] { resource[field]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    }

    func run() async throws {
        guard extra.isEmpty else {
            throw CommandError("unexpected arguments: [\(extra.joined(separator: " "))]\nSee 'kubectl api-resources -h' for help and examples")
        }
        guard ["", "wide", "name"].contains(output) else { throw CommandError("--output \(output) is not available") }
        guard ["", "name", "kind"].contains(sortBy) else { throw CommandError("--sort-by accepts only name or kind") }
        let wantedVerbs = Set(verbs.flatMap { $0.split(separator: ",").map(String.init) })
        let wantedCategories = Set(categories.flatMap { $0.split(separator: ",").map(String.init) })
        let header = "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND" + (output == "wide" ? "\tVERBS\tCATEGORIES" : "") + "\n"
        let found: [Row]
        do {
            found = try await serverOptions.withCluster(store: store) { client, _ in try await Self.preferredResources(client) }
        } catch {
            // kubectl prints the header before it reports that discovery failed.
            if !noHeaders && output != "name" { Console.standard.out.write(TabWriter.align(header)) }
            throw error
        }
        let rows = found
            .filter { row in
                if let apiGroup, row.group != apiGroup { return false }
                if let namespaced, row.resource["namespaced"]?.boolValue != namespaced { return false }
                if !wantedVerbs.isSubset(of: row.strings("verbs")) { return false }
                return wantedCategories.isSubset(of: row.strings("categories"))
            }
        let sorted = rows.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            let (keyX, keyY) = sortBy == "name" ? (x.name, y.name) : sortBy == "kind" ? (x.kind, y.kind) : (x.group, y.group)
            if keyX != keyY { return keyX < keyY }
            if x.name != y.name { return x.name < y.name }
            return a.offset < b.offset
        }.map(\.element)
        var text = ""
        if !noHeaders && output != "name" { text += header }
        for row in sorted {
            if output == "name" {
                text += row.name + (row.group.isEmpty ? "" : ".\(row.group)") + "\n"
                continue
            }
            text += [
                row.name, row.strings("shortNames").joined(separator: ","), row.groupVersion,
                String(row.resource["namespaced"]?.boolValue ?? false), row.kind,
            ].joined(separator: "\t")
            if output == "wide" {
                text += "\t" + row.strings("verbs").joined(separator: ",") + "\t" + row.strings("categories").joined(separator: ",")
            }
            text += "\n"
        }
        Console.standard.out.write(TabWriter.align(text))
    }

    /// Each group's resources in the first of its versions (preferred first) that serves them, without
    /// subresources or resources that have no verbs, read from the legacy discovery documents.
    static func preferredResources(_ client: any KubeClient) async throws -> [Row] {
        var groupVersions: [(group: String, versions: [String])] = []
        let core = try await client.serverDocument("/api")
        groupVersions.append(("", core["versions"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        let groups = try await client.serverDocument("/apis")
        for group in groups["groups"]?.arrayValue ?? [] {
            let versions = group["versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } ?? []
            let preferred = group[["preferredVersion", "version"]]?.stringValue
            groupVersions.append(
                (group["name"]?.stringValue ?? "", preferred.map { [$0] + versions.filter { $0 != preferred } } ?? versions))
        }
        var rows: [Row] = []
        for (group, versions) in groupVersions {
            var seen = Set<String>()
            for version in versions {
                let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
                let list = try await client.serverDocument(group.isEmpty ? "/api/\(version)" : "/apis/\(groupVersion)")
                for resource in list["resources"]?.arrayValue ?? [] {
                    let name = resource["name"]?.stringValue ?? ""
                    guard !name.contains("/"), !(resource["verbs"]?.arrayValue?.isEmpty ?? true), seen.insert(name).inserted else { continue }
                    rows.append(Row(group: group, groupVersion: groupVersion, resource: resource))
                }
            }
        }
        return rows
    }
}
