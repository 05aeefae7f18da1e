import Foundation

extension KindTable {
    /// `kubectl get poddisruptionbudgets`: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE, `N/A` for
    /// the bound not set (`printPodDisruptionBudget`).
    static let podDisruptionBudgets = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Min Available", description: "The minimum number of pods that must be available."),
            TableColumn(name: "Max Unavailable", description: "The maximum number of pods that may be unavailable."),
            TableColumn(
                name: "Allowed Disruptions", type: "integer",
                description: "Calculated number of pods that may be disrupted at this time."),
            .ageColumn,
        ],
        cells: { budget, now in
            func bound(_ field: String) -> JSONValue {
                guard let value = budget.spec?[field], !value.isNull else { return "N/A" }
                return .string(value.stringValue ?? String(value.intValue ?? 0))
            }
            return [
                .string(budget.name), bound("minAvailable"), bound("maxUnavailable"),
                .int(integer(budget.json[["status", "disruptionsAllowed"]])), age(budget, now),
            ]
        })
}
