/// One element of a parsed kubectl JSONPath template (client-go `util/jsonpath`, `node.go`).
indirect enum JSONPathNode: Sendable, Equatable {
    /// Literal text, outside braces or quoted inside them.
    case text(String)
    /// A sequence of steps applied one after another: a whole `{...}` action, or a filter or union operand.
    case list([JSONPathNode])
    /// `.name`: a key of an object.
    case field(String)
    /// `[start:end:step]`, `[n]`, `[*]`.
    case slice(SliceBounds)
    /// `[?(left op right)]`, or `[?(left)]` (operator `exists`).
    case filter(left: [JSONPathNode], right: [JSONPathNode], operator: String)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    /// `.*`: every value of an object or array.
    case wildcard
    /// `..`: the value and everything under it.
    case recursive
    /// `[a,b]`: the results of each operand, concatenated.
    case union([[JSONPathNode]])
    /// `range` or `end`.
    case identifier(String)

    /// The three bounds of a slice as parsed; an index `[n]` is the slice `[n:n+1]` whose end is derived.
    struct SliceBounds: Sendable, Equatable {
        var start: Int?
        var end: Int?
        var step: Int?
        /// The end came from `[n]`: `n + 1`, which wraps around for `[-1]`.
        var endIsDerived = false
    }
}
