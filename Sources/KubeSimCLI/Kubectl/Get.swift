import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim get`: kubectl's get, with its arguments (`TYPE`, `TYPE NAME...`, `TYPE1,TYPE2`, `TYPE/NAME`, `all`) or
/// the objects `-f`/`-k` name, flags, printers (the server's table columns, `-o wide|yaml|json|name|jsonpath=...|custom-columns=...`) and
/// messages (`No resources found in default namespace.`, `Error from server (NotFound): ...`).
struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Display one or many resources.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @Argument(help: "TYPE[,TYPE...] [NAME...] or TYPE/NAME...", completion: ResourceCompletion.kind())
    var arguments: [String] = []

    @OptionGroup var files: FilenameOptions

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List across all namespaces.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "A label selector, e.g. app=web,tier!=db.")
    var selector: String?

    @Option(name: .customLong("field-selector"), help: "A field selector, e.g. status.phase=Running.")
    var fieldSelector: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "wide, yaml, json, name, jsonpath=..., custom-columns=...")
    var output: String?

    @Flag(name: .customLong("show-labels"), help: "Show all labels as the last column.")
    var showLabels = false

    @Flag(name: .customLong("no-headers"), help: "Print no header row.")
    var noHeaders = false

    @Option(name: [.customShort("L"), .customLong("label-columns")], help: "Labels to show as columns.")
    var labelColumns: [String] = []

    @Flag(name: [.customShort("w"), .customLong("watch")], help: "After listing, watch for changes.")
    var watch = false

    @Flag(name: .customLong("show-managed-fields"), help: "Keep the managedFields when printing objects in JSON or YAML format.")
    var showManagedFields = false

    @Option(help: "Show the objects as they were at this store revision (a list at resourceVersion=N, resourceVersionMatch=Exact).")
    var revision: Int64?

    /// The time ages are counted to: the embedded cluster's simulated time when it is ahead of the wall clock
    /// (after `kubesim clock advance`, or a settle that ran ahead), else the wall clock.
    private func now(_ client: any KubeClient) -> Date { Self.now(client, store: store) }

    /// The time ages are counted to for `client` (see `now(_:)`), for every command that prints ages.
    static func now(_ client: any KubeClient, store: StoreOptions) -> Date {
        guard client is Registry, let simulated = SimulatedTimeMark.read(store.resolvedDataDirectory()) else { return Date() }
        return max(Date(), simulated)
    }

    /// The object as kubectl's printers get it: for `-o yaml` and `-o json`, without `metadata.managedFields`
    /// unless `--show-managed-fields` (kubectl's `OmitManagedFieldsPrinter`, its default since 1.21).
    private func printable(_ object: KubeObject) -> KubeObject {
        guard !showManagedFields, output == "yaml" || output == "json", object.json[["metadata", "managedFields"]] != nil
        else { return object }
        var object = object
        object.json[["metadata", "managedFields"]] = nil
        return object
    }

    /// Whether `format` prints objects' `metadata.managedFields`: tables and names never do, YAML and JSON only
    /// with `--show-managed-fields` (kubectl's `OmitManagedFieldsPrinter`), JSONPath and custom columns always may.
    private func printsManagedFields(_ format: GetOutputFormat) -> Bool {
        switch format {
        case .table, .name: false
        case .yaml, .json: showManagedFields
        case .jsonPath, .customColumns: true
        }
    }

    func run() async throws {
        let console = Console.standard
        let format = try GetOutputFormat(output)
        if revision != nil && watch { throw CommandError("--revision and --watch cannot be used together") }
        var failed = false
        if let problem = files.problem() { throw CommandError(problem) }
        if !files.isEmpty && !arguments.isEmpty {
            throw CommandError("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well")
        }
        let (documents, readErrors) = files.isEmpty ? ([], []) : files.read()
        if !readErrors.isEmpty {
            for line in KubectlErrors.messages(readErrors) { console.err.line(line) }
            throw ExitCode(1)
        }
        try await serverOptions.withCluster(store: store) { client, _ in
            let resources = files.isEmpty
                ? try ResourceArguments(arguments, catalog: client.catalog)
                : try ResourceArguments(documents: documents, namespace: namespace, catalog: client.catalog)
            let labels = try selector.map(LabelSelector.init(parsing:)) ?? .everything
            var found: [(ResourceArguments.Selection, [KubeObject], String)] = []
            for selection in resources.selections {
                let scope = selection.namespace ?? (selection.type.namespaced ? (allNamespaces ? nil : namespace ?? "default") : nil)
                let fields = try fieldSelector.map { try FieldSelector(parsing: $0, for: selection.type) } ?? .everything
                if selection.names.isEmpty {
                    let version: ListVersion = revision.map { .exact($0) } ?? .latest
                    let list =
                        printsManagedFields(format)
                        ? try await client.list(
                            selection.type, namespace: scope, labelSelector: labels, fieldSelector: fields, limit: 0,
                            continueToken: nil, version: version)
                        : try await client.listOmittingManagedFields(
                            selection.type, namespace: scope, labelSelector: labels, fieldSelector: fields, version: version)
                    found.append((selection, list.items, list.resourceVersion))
                    continue
                }
                if let revision {
                    let (objects, missing) = try await Self.objects(
                        named: selection.names, selection.type, namespace: scope, at: revision, client: client)
                    for name in missing {
                        failed = true
                        console.err.line(KubectlErrors.message(StatusError.notFound(selection.type, name: name)))
                    }
                    found.append((selection, objects, String(revision)))
                    continue
                }
                var objects: [KubeObject] = []
                for name in selection.names {
                    do {
                        objects.append(try await client.get(selection.type, namespace: scope, name: name))
                    } catch let error as StatusError {
                        failed = true
                        console.err.line(KubectlErrors.message(error))
                    }
                }
                found.append((selection, objects, ""))
            }
            let objects = found.flatMap(\.1).map(printable)
            let namedOne = resources.selections.count == 1 && resources.selections[0].names.count == 1
            switch format {
            case .table(let wide):
                var sections: [String] = []
                for (selection, items, resourceVersion) in found where !items.isEmpty {
                    let columns = try await printerColumns(for: selection.type, client: client)
                    let table = TableConverter.table(
                        for: items, type: selection.type, printerColumns: columns, resourceVersion: resourceVersion,
                        now: now(client))
                    let options = HumanReadablePrinter.Options(
                        wide: wide, showLabels: showLabels,
                        withNamespace: allNamespaces && selection.type.namespaced, noHeaders: noHeaders,
                        labelColumns: labelColumns,
                        kindPrefix: resources.multipleTypes ? selection.type.kubectlName : nil)
                    sections.append(HumanReadablePrinter(options: options).print(table: table))
                }
                console.out.write(sections.filter { !$0.isEmpty }.joined(separator: "\n"))
            case .yaml:
                if !objects.isEmpty || !failed { console.out.write(KubectlList.printable(objects, singleItemImplied: namedOne).yamlString()) }
            case .json:
                if !objects.isEmpty || !failed {
                    console.out.line(KubectlList.printable(objects, singleItemImplied: namedOne).prettyJSONString())
                }
            case .name:
                console.out.write(NamePrinter.print(objects))
            case .jsonPath(let template):
                do {
                    let expression = try JSONPathExpression(template)
                    console.out.write(try expression.execute(on: KubectlList.printable(objects, singleItemImplied: namedOne)))
                } catch {
                    throw CommandError("\(error)")
                }
            case .customColumns(let spec):
                do {
                    console.out.write(try CustomColumnsPrinter(spec: spec, noHeaders: noHeaders).print(objects.map(\.json)))
                } catch {
                    throw CommandError("\(error)")
                }
            }
            if objects.isEmpty && !failed && resources.selections.allSatisfy({ $0.names.isEmpty }) {
                console.err.line(noResourcesMessage(resources))
            }
            console.out.flush()
            if watch, let selection = resources.selections.first, resources.selections.count == 1 {
                try await follow(selection, after: found[0].2, client: client, format: format, console: console)
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Named objects as they were at a revision: the namespace's list at that revision, exactly, picked by name.
    private static func objects(
        named names: [String], _ type: ResourceType, namespace: String?, at revision: Int64, client: any KubeClient
    ) async throws -> (found: [KubeObject], missing: [String]) {
        let list = try await client.list(
            type, namespace: namespace, labelSelector: .everything, fieldSelector: .everything, limit: 0, continueToken: nil,
            version: .exact(revision))
        let byName = Dictionary(list.items.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return (names.compactMap { byName[$0] }, names.filter { byName[$0] == nil })
    }

    /// kubectl's empty-list message: which namespace, unless across all or for cluster-scoped types.
    private func noResourcesMessage(_ resources: ResourceArguments) -> String {
        let namespaced = resources.selections.contains { $0.type.namespaced }
        if allNamespaces || !namespaced { return "No resources found" }
        return "No resources found in \(namespace ?? "default") namespace."
    }

    /// A custom resource's `additionalPrinterColumns`, from its definition.
    private func printerColumns(for type: ResourceType, client: any KubeClient) async throws -> [CustomResourceColumn]? {
        guard !BuiltinResources.all.contains(type),
            let definitions = client.catalog.type(named: "customresourcedefinitions"),
            let definition = try? await client.get(definitions, namespace: nil, name: "\(type.plural).\(type.group)")
        else { return nil }
        return CustomResourceColumn.columns(fromDefinition: definition.json, version: type.version)
    }

    /// `-w`: prints each later change as it happens, as a row without a header, until interrupted.
    private func follow(
        _ selection: ResourceArguments.Selection, after resourceVersion: String, client: any KubeClient,
        format: GetOutputFormat, console: Console
    ) async throws {
        let scope = selection.type.namespaced ? (allNamespaces ? nil : namespace ?? "default") : nil
        let labels = try selector.map(LabelSelector.init(parsing:)) ?? .everything
        let fields = try fieldSelector.map { try FieldSelector(parsing: $0, for: selection.type) } ?? .everything
        let columns = try await printerColumns(for: selection.type, client: client)
        for try await event in try await client.watch(
            selection.type, namespace: scope, resourceVersion: resourceVersion, labelSelector: labels,
            fieldSelector: fields)
        {
            guard selection.names.isEmpty || selection.names.contains(event.object.name) else { continue }
            let event = ObjectEvent(type: event.type, object: printable(event.object))
            switch format {
            case .table(let wide):
                let table = TableConverter.table(
                    for: [event.object], type: selection.type, printerColumns: columns, resourceVersion: "", now: now(client))
                let options = HumanReadablePrinter.Options(
                    wide: wide, showLabels: showLabels, withNamespace: allNamespaces && selection.type.namespaced,
                    noHeaders: true, labelColumns: labelColumns)
                console.out.write(HumanReadablePrinter(options: options).print(table: table))
            case .yaml: console.out.write("---\n" + event.object.json.yamlString())
            case .json: console.out.line(event.object.json.prettyJSONString())
            case .name: console.out.write(NamePrinter.print([event.object]))
            case .jsonPath(let template): console.out.write(try JSONPathExpression(template).execute(on: event.object.json))
            case .customColumns(let spec):
                console.out.write(try CustomColumnsPrinter(spec: spec, noHeaders: true).print([event.object.json]))
            }
            console.out.flush()
        }
    }
}

/// `-o`: how `get` prints.
enum GetOutputFormat {
    case table(wide: Bool)
    case yaml, json, name
    case jsonPath(String)
    case customColumns(String)

    init(_ option: String?) throws {
        switch option {
        case nil, "": self = .table(wide: false)
        case "wide": self = .table(wide: true)
        case "yaml": self = .yaml
        case "json": self = .json
        case "name": self = .name
        case let value? where value.hasPrefix("jsonpath="): self = .jsonPath(String(value.dropFirst("jsonpath=".count)))
        case let value? where value.hasPrefix("custom-columns="):
            self = .customColumns(String(value.dropFirst("custom-columns=".count)))
        case let value?:
            throw CommandError(
                "unable to match a printer suitable for the output format \(FieldError.quoted(value)), allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")
        }
    }
}
