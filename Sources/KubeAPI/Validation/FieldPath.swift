/// A path to a field, printed as apimachinery's `field.Path` prints it: `spec.containers[0].image`,
/// `metadata.annotations[kubernetes.io/ingress.class]`.
struct FieldPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    let description: String

    init(_ root: String) {
        description = root
    }

    init(stringLiteral value: String) {
        description = value
    }

    /// The path to a named field below this one; several names descend several levels.
    func child(_ names: String...) -> FieldPath {
        FieldPath(names.reduce(description) { $0.isEmpty ? $1 : "\($0).\($1)" })
    }

    /// The path to an element of a list.
    func index(_ position: Int) -> FieldPath {
        FieldPath("\(description)[\(position)]")
    }

    /// The path to an entry of a map.
    func key(_ name: String) -> FieldPath {
        FieldPath("\(description)[\(name)]")
    }
}
