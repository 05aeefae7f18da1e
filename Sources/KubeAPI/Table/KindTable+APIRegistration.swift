import Foundation

extension KindTable {
    /// `kubectl get apiservices`: NAME SERVICE AVAILABLE AGE (kube-aggregator's `ConvertToTable`): `Local` for
    /// an APIService without a service, the status of its `Available` condition (`Unknown` without one), with
    /// the reason in parentheses when it is not `True`.
    static let apiServices = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Service", description: "The reference to the service that hosts this API endpoint."),
            TableColumn(name: "Available", description: "Whether this service is available."),
            .ageColumn,
        ],
        cells: { apiService, now in
            var service = "Local"
            if let reference = apiService.spec?["service"], reference.objectValue != nil {
                service = "\(text(reference["namespace"]))/\(text(reference["name"]))"
            }
            var available = "Unknown"
            let conditions = apiService.json[["status", "conditions"]]?.arrayValue ?? []
            if let condition = conditions.first(where: { $0["type"]?.stringValue == "Available" }) {
                let status = text(condition["status"])
                let reason = text(condition["reason"])
                available = status == "True" || reason.isEmpty ? status : "\(status) (\(reason))"
            }
            return [.string(apiService.name), .string(service), .string(available), age(apiService, now)]
        })
}
