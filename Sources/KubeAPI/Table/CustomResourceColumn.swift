import Foundation

/// A column a CustomResourceDefinition version declares in `additionalPrinterColumns`: kube-apiserver
/// evaluates its JSONPath on each custom resource to fill the cells of the Table it serves.
public struct CustomResourceColumn: Sendable, Hashable {
    public var name: String
    /// `string`, `integer`, `number`, `boolean` or `date` (a timestamp printed as an age).
    public var type: String
    public var format: String
    public var description: String
    public var priority: Int
    /// A simple JSONPath without braces, e.g. `.spec.replicas`.
    public var jsonPath: String

    public init(
        name: String, type: String, format: String = "", description: String = "", priority: Int = 0, jsonPath: String
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
        self.jsonPath = jsonPath
    }

    /// What the server shows for a version that declares no columns: the resource's age.
    public static let defaultColumns = [
        CustomResourceColumn(
            name: "Age", type: "date", description: APIFieldDocs.objectMetaCreationTimestamp,
            jsonPath: ".metadata.creationTimestamp")
    ]

    /// The columns a definition declares for one of its versions; ``defaultColumns`` when it declares none.
    public static func columns(fromDefinition definition: JSONValue, version: String) -> [CustomResourceColumn] {
        let versions = definition[["spec", "versions"]]?.arrayValue ?? []
        let declared =
            versions.first { $0["name"]?.stringValue == version }?["additionalPrinterColumns"]?.arrayValue ?? []
        let columns = declared.compactMap { column -> CustomResourceColumn? in
            guard let name = column["name"]?.stringValue, let jsonPath = column["jsonPath"]?.stringValue else {
                return nil
            }
            return CustomResourceColumn(
                name: name, type: column["type"]?.stringValue ?? "string", format: column["format"]?.stringValue ?? "",
                description: column["description"]?.stringValue ?? "", priority: Int(column["priority"]?.intValue ?? 0),
                jsonPath: jsonPath)
        }
        return columns.isEmpty ? defaultColumns : columns
    }

    /// The column definition the Table carries.
    var tableColumn: TableColumn {
        TableColumn(
            name: name, type: type, format: format,
            description: description.isEmpty
                ? "Custom resource definition column (in JSONPath format): \(jsonPath)" : description,
            priority: priority)
    }

    /// The cell for one object: the first JSONPath result, typed as the column says; null when there is none.
    func cell(for object: KubeObject, now: Date) -> JSONValue {
        guard let path = try? JSONPathExpression("{\(jsonPath)}"),
            let results = try? path.findResults(in: object.json), let value = results.first?.first
        else { return .null }
        switch (type, value) {
        // Go prints a null it was handed on its own as `<no value>`.
        case ("string", .null): return "<no value>"
        case ("string", _): return .string(JSONPathExpression.text(of: [value]))
        case ("integer", .int), ("number", .double), ("boolean", .bool): return value
        case ("integer", .double(let number)): return .int(Int64(number))
        case ("number", .int(let number)): return .double(Double(number))
        case ("date", .string(let timestamp)):
            if timestamp.isEmpty || timestamp == "null" { return "<unknown>" }
            guard RFC3339Timestamp.date(from: timestamp) != nil else { return "<invalid>" }
            return .string(HumanDuration.since(timestamp, now: now))
        default: return .null
        }
    }
}
