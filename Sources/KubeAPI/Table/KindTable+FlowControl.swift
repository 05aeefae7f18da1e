import Foundation

extension KindTable {
    /// `kubectl get flowschemas`: NAME PRIORITYLEVEL MATCHINGPRECEDENCE DISTINGUISHERMETHOD AGE MISSINGPL, the last
    /// the status of the `Dangling` condition (`?` without one); lists sorted by precedence, then name
    /// (`FlowSchemaSequence`).
    static let flowSchemas = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "PriorityLevel", description: APIFieldDocs.priorityLevelConfigurationReferenceName),
            TableColumn(name: "MatchingPrecedence", description: APIFieldDocs.flowSchemaSpecMatchingPrecedence),
            TableColumn(name: "DistinguisherMethod", description: APIFieldDocs.flowSchemaSpecDistinguisherMethod),
            .ageColumn,
            TableColumn(
                name: "MissingPL", description: "references a broken or non-existent PriorityLevelConfiguration"),
        ],
        cells: { schema, now in
            let spec = schema.spec
            let method = spec?["distinguisherMethod"]
            let dangling = (schema.json[["status", "conditions"]]?.arrayValue ?? [])
                .first { $0["type"]?.stringValue == "Dangling" }
            return [
                .string(schema.name), .string(text(spec?[["priorityLevelConfiguration", "name"]])),
                .int(integer(spec?["matchingPrecedence"])),
                .string(method?.objectValue == nil ? "<none>" : text(method?["type"])), age(schema, now),
                .string(dangling.map { text($0["status"]) } ?? "?"),
            ]
        },
        rowOrder: { first, second in
            let precedences = (integer(first.spec?["matchingPrecedence"]), integer(second.spec?["matchingPrecedence"]))
            return precedences.0 != precedences.1 ? precedences.0 < precedences.1 : first.name < second.name
        })

    /// `kubectl get prioritylevelconfigurations`: NAME TYPE NOMINALCONCURRENCYSHARES QUEUES HANDSIZE
    /// QUEUELENGTHLIMIT AGE; `<none>` for what an Exempt level (or a Limited one that rejects rather than
    /// queues) does not have.
    static let priorityLevelConfigurations = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Type", description: APIFieldDocs.priorityLevelConfigurationSpecType),
            TableColumn(
                name: "NominalConcurrencyShares",
                description: APIFieldDocs.limitedPriorityLevelConfigurationNominalConcurrencyShares),
            TableColumn(name: "Queues", description: APIFieldDocs.queuingConfigurationQueues),
            TableColumn(name: "HandSize", description: APIFieldDocs.queuingConfigurationHandSize),
            TableColumn(name: "QueueLengthLimit", description: APIFieldDocs.queuingConfigurationQueueLengthLimit),
            .ageColumn,
        ],
        cells: { level, now in
            let spec = level.spec
            var limits: [JSONValue] = Array(repeating: "<none>", count: 4)
            if let limited = spec?["limited"], limited.objectValue != nil {
                limits[0] = .int(integer(limited["nominalConcurrencyShares"]))
                if let queuing = limited[["limitResponse", "queuing"]], queuing.objectValue != nil {
                    limits[1] = .int(integer(queuing["queues"]))
                    limits[2] = .int(integer(queuing["handSize"]))
                    limits[3] = .int(integer(queuing["queueLengthLimit"]))
                }
            }
            return [.string(level.name), .string(text(spec?["type"]))] + limits + [age(level, now)]
        })
}
