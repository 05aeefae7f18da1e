/// A kustomization that cannot be built: the file and, where there is one, the field at fault.
struct KustomizeError: Error, CustomStringConvertible {
    /// The kustomization file (or resource file) at fault.
    var file: String
    /// The field of `file`, e.g. `configMapGenerator[0].literals[1]`.
    var field: String?
    var message: String

    init(_ file: String, field: String? = nil, _ message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    var description: String {
        "\(file)" + (field.map { ": \($0)" } ?? "") + ": \(message)"
    }
}
