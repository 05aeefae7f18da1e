import Foundation
import KubeAPI

/// Builds a kustomization directory as kubectl's built-in kustomize (v5) does: resources (files and nested
/// kustomizations) accumulated in order, then generators, then components, then the transformers in kustomize's
/// order (strategic merge patches, patches, namespace, prefix and suffix, labels, annotations, JSON 6902 patches,
/// replicas, images, replacements); at the end content-hash suffixes, reference fix-up and the output order (`sortOptions`).
struct KustomizeBuilder {
    var catalog = ResourceCatalog()
    /// Receives kustomize's deprecation warnings, each kustomization's as it is read.
    var warn: (String) -> Void = { _ in }

    /// The objects the kustomization in `directory` produces, in output order.
    func build(_ directory: String) throws(KustomizeError) -> [KustomizeResource] {
        if Self.isRemote(directory) {
            throw KustomizeError(directory, "remote kustomization refused: the simulator does not fetch remote kustomizations or files")
        }
        var resources = try accumulate(directory, stack: [])
        for index in resources.indices where resources[index].needsHashSuffix {
            let suffix = ContentHash.suffix(of: resources[index].object)
            resources[index].rename("\(resources[index].name)-\(suffix)")
        }
        NameReferenceFixer(catalog: catalog).apply(to: &resources)
        return try order(resources, by: try Kustomization(directory: directory))
    }

    /// The output order the top kustomization's `sortOptions` asks for (those of the kustomizations it
    /// includes are ignored, as kustomize ignores them): `legacy` (the default, with its kind lists replaceable)
    /// or `fifo`, the order the resources were accumulated in.
    private func order(_ resources: [KustomizeResource], by kustomization: Kustomization) throws(KustomizeError) -> [KustomizeResource] {
        guard let options = kustomization.fields["sortOptions"], !options.isNull else { return LegacyOrder.sorted(resources) }
        let file = kustomization.path
        guard let fields = options.objectValue else { throw KustomizeError(file, field: "sortOptions", "must be a mapping") }
        try Kustomization.checkKeys(fields, ["order", "legacySortOptions"], file: file, field: "sortOptions")
        switch try Kustomization.string(fields["order"], file: file, field: "sortOptions.order") {
        case "fifo":
            if fields["legacySortOptions"] != nil {
                throw KustomizeError(file, field: "sortOptions.legacySortOptions", "legacySortOptions are only for the legacy order")
            }
            return resources
        case "legacy":
            guard let legacy = fields["legacySortOptions"], !legacy.isNull else { return LegacyOrder.sorted(resources) }
            guard let lists = legacy.objectValue else { throw KustomizeError(file, field: "sortOptions.legacySortOptions", "must be a mapping") }
            try Kustomization.checkKeys(lists, ["orderFirst", "orderLast"], file: file, field: "sortOptions.legacySortOptions")
            return LegacyOrder.sorted(
                resources,
                first: try Kustomization.strings(lists["orderFirst"], file: file, field: "sortOptions.legacySortOptions.orderFirst"),
                last: try Kustomization.strings(lists["orderLast"], file: file, field: "sortOptions.legacySortOptions.orderLast"))
        case let other:
            throw KustomizeError(file, field: "sortOptions.order", "\(FieldError.quoted(other ?? "")) is not an order (legacy or fifo)")
        }
    }

    /// Whether a resource or component names something to fetch (a URL or a git repository).
    private static func isRemote(_ entry: String) -> Bool {
        entry.contains("://") || entry.hasPrefix("github.com/") || entry.hasPrefix("git@") || entry.hasPrefix("gitlab.com/")
    }

    /// The build output as `kubectl kustomize` prints it: YAML documents separated by `---`.
    func render(_ directory: String) throws(KustomizeError) -> String {
        try build(directory).map { $0.object.yamlString(width: 80) }.joined(separator: "---\n")
    }

    private func accumulate(_ directory: String, stack: [String]) throws(KustomizeError) -> [KustomizeResource] {
        var resources: [KustomizeResource] = []
        try accumulate(directory, kind: "Kustomization", into: &resources, stack: stack)
        return resources
    }

    /// Adds a kustomization's (or component's) resources to `resources`, runs its generators, its components
    /// and then its transformers over all of them, in kustomize's order.
    private func accumulate(_ directory: String, kind: String, into resources: inout [KustomizeResource], stack: [String]) throws(KustomizeError) {
        let canonical = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        if stack.contains(canonical) {
            throw KustomizeError(directory, "cycle detected: \(canonical) includes itself through its resources")
        }
        let kustomization = try Kustomization(directory: directory, kind: kind)
        kustomization.deprecationWarnings.forEach(warn)
        let file = kustomization.path
        let entries = try kustomization.strings("bases").map { ($0, "bases") } + (try kustomization.strings("resources")).map { ($0, "resources") }
        var counters: [String: Int] = [:]
        for (entry, list) in entries {
            let field = "\(list)[\(counters[list, default: 0])]"
            counters[list, default: 0] += 1
            if Self.isRemote(entry) {
                throw KustomizeError(file, field: field, "remote resource \(FieldError.quoted(entry)) refused: the simulator does not fetch remote kustomizations or files")
            }
            let path = (directory as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw KustomizeError(file, field: field, "accumulating resources from '\(entry)': '\(path)' does not exist")
            }
            let found: [KustomizeResource]
            if isDirectory.boolValue {
                found = try accumulate(path, stack: stack + [canonical])
            } else {
                found = try read(path, field: field, kustomization: file)
            }
            for resource in found {
                if let clash = resources.first(where: { $0.kind == resource.kind && $0.group == resource.group && $0.name == resource.name && $0.namespace == resource.namespace }) {
                    throw KustomizeError(file, field: field,
                        "may not add resource with an already registered id: \(resource.id) (from \(resource.source), already from \(clash.source))")
                }
                resources.append(resource)
            }
        }
        try ResourceGenerator(kustomization: kustomization).run(on: &resources)
        for (index, entry) in try kustomization.strings("components").enumerated() {
            let field = "components[\(index)]"
            if Self.isRemote(entry) {
                throw KustomizeError(file, field: field, "remote component \(FieldError.quoted(entry)) refused: the simulator does not fetch remote kustomizations or files")
            }
            let path = (directory as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw KustomizeError(file, field: field, "component '\(entry)': '\(path)' is not a directory")
            }
            try accumulate(path, kind: "Component", into: &resources, stack: stack + [canonical])
        }
        try transform(&resources, kustomization)
    }

    /// The objects of one resource file.
    private func read(_ path: String, field: String, kustomization file: String) throws(KustomizeError) -> [KustomizeResource] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KustomizeError(file, field: field, "cannot read '\(path)'")
        }
        let (documents, errors) = ManifestReader.documents(in: data, source: path, yaml12Booleans: true)
        if let error = errors.first { throw KustomizeError(file, field: field, error.message) }
        return try documents.map { document throws(KustomizeError) in
            if document.object["kind"]?.stringValue == "Kustomization" {
                throw KustomizeError(file, field: field, "'\(path)' is a Kustomization; name its directory in resources instead")
            }
            guard let name = document.object[["metadata", "name"]]?.stringValue, !name.isEmpty else {
                throw KustomizeError(path, field: "document \(document.index): metadata.name", "missing metadata.name")
            }
            return KustomizeResource(object: document.object, source: path)
        }
    }

    /// The kustomization's transformers, in kustomize's order.
    private func transform(_ resources: inout [KustomizeResource], _ kustomization: Kustomization) throws(KustomizeError) {
        let file = kustomization.path
        let patches = PatchTransformer(kustomization: kustomization, catalog: catalog)
        try patches.strategicMergeEntries(&resources)
        try patches.patches(&resources)
        if let namespace = try kustomization.string("namespace"), !namespace.isEmpty {
            NamespaceTransformer(namespace: namespace, catalog: catalog).apply(to: &resources)
        }
        PrefixSuffixTransformer(prefix: try kustomization.string("namePrefix") ?? "", suffix: try kustomization.string("nameSuffix") ?? "")
            .apply(to: &resources)
        let common = try kustomization.stringMap("commonLabels")
        try MapFieldTransformer(
            pairs: common, specs: CommonFieldSpecs.metadataLabels + CommonFieldSpecs.templateLabels + CommonFieldSpecs.selectors
        ).apply(to: &resources)
        for (entry, field) in try kustomization.objects("labels") {
            try Kustomization.checkKeys(entry, ["pairs", "includeSelectors", "includeTemplates", "fields"], file: file, field: field)
            if let fields = entry["fields"], !fields.isNull, fields.arrayValue == nil {
                throw KustomizeError(file, field: "\(field).fields", "must be a list of field specs")
            }
            let selectors = try Kustomization.bool(entry["includeSelectors"], file: file, field: "\(field).includeSelectors")
            let templates = try Kustomization.bool(entry["includeTemplates"], file: file, field: "\(field).includeTemplates")
            let specs = CommonFieldSpecs.metadataLabels
                + (selectors || templates ? CommonFieldSpecs.templateLabels : []) + (selectors ? CommonFieldSpecs.selectors : [])
                + (try (entry["fields"]?.arrayValue ?? []).enumerated().map { (index, value) throws(KustomizeError) in
                    try FieldSpec(value, file: file, field: "\(field).fields[\(index)]")
                })
            try MapFieldTransformer(pairs: try Kustomization.stringMap(entry["pairs"], file: file, field: "\(field).pairs"), specs: specs)
                .apply(to: &resources)
        }
        try MapFieldTransformer(pairs: try kustomization.stringMap("commonAnnotations"), specs: CommonFieldSpecs.annotations)
            .apply(to: &resources)
        try patches.json6902Entries(&resources)
        var counts: [(name: String, count: Int64, field: String)] = []
        for (entry, field) in try kustomization.objects("replicas") {
            try Kustomization.checkKeys(entry, ["name", "count"], file: file, field: field)
            guard let name = try Kustomization.string(entry["name"], file: file, field: "\(field).name") else {
                throw KustomizeError(file, field: "\(field).name", "must be set")
            }
            guard let count = entry["count"]?.intValue, count >= 0 else {
                throw KustomizeError(file, field: "\(field).count", "must be a non-negative integer")
            }
            counts.append((name, count, field))
        }
        try ReplicasTransformer(counts: counts, file: file).apply(to: &resources)
        var rules: [ImageTransformer.Rule] = []
        for (entry, field) in try kustomization.objects("images") {
            try Kustomization.checkKeys(entry, ["name", "newName", "newTag", "digest"], file: file, field: field)
            guard let name = try Kustomization.string(entry["name"], file: file, field: "\(field).name") else {
                throw KustomizeError(file, field: "\(field).name", "must be set")
            }
            rules.append(ImageTransformer.Rule(
                name: name, newName: try Kustomization.string(entry["newName"], file: file, field: "\(field).newName"),
                newTag: try Kustomization.string(entry["newTag"], file: file, field: "\(field).newTag"),
                digest: try Kustomization.string(entry["digest"], file: file, field: "\(field).digest")))
        }
        ImageTransformer(rules: rules).apply(to: &resources)
        try ReplacementTransformer(kustomization: kustomization).apply(to: &resources)
    }
}
