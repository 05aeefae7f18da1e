/// One column of a `meta.k8s.io/v1` Table (`TableColumnDefinition`): what kubectl prints as a header and how
/// it treats the column (`priority` 1 columns appear only with `-o wide`).
public struct TableColumn: Sendable, Hashable {
    public var name: String
    /// The OpenAPI type of the cells: `string`, `integer`, `number`, `boolean` or `date`.
    public var type: String
    /// An OpenAPI format hint; `name` marks the column holding the object's name.
    public var format: String
    public var description: String
    /// 0 for the default view; greater for `-o wide` only.
    public var priority: Int

    public init(name: String, type: String = "string", format: String = "", description: String, priority: Int = 0) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    /// The column definition as kube-apiserver serializes it (every field present, as Go writes it).
    public var json: JSONValue {
        [
            "name": .string(name), "type": .string(type), "format": .string(format),
            "description": .string(description), "priority": .int(Int64(priority)),
        ]
    }

    /// A column definition read from a Table; nil when it has no name.
    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.init(
            name: name, type: json["type"]?.stringValue ?? "", format: json["format"]?.stringValue ?? "",
            description: json["description"]?.stringValue ?? "", priority: Int(json["priority"]?.intValue ?? 0))
    }
}
