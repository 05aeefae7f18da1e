import Foundation

extension KindTable {
    /// `kubectl get priorityclasses`: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY.
    static let priorityClasses = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Value", type: "integer", description: APIFieldDocs.priorityClassValue),
            TableColumn(name: "Global-Default", type: "boolean", description: APIFieldDocs.priorityClassGlobalDefault),
            .ageColumn,
            TableColumn(name: "PreemptionPolicy", description: APIFieldDocs.priorityClassPreemptionPolicy),
        ],
        cells: { priorityClass, now in
            let json = priorityClass.json
            return [
                .string(priorityClass.name), .int(integer(json["value"])),
                .bool(json["globalDefault"]?.boolValue ?? false), age(priorityClass, now),
                .string(text(json["preemptionPolicy"])),
            ]
        })
}
