internal import CYaml

/// A pass over a YAML stream's events, before any document is composed, that refuses documents whose aliases
/// expand to far more nodes than they spell out ("billion laughs"), by the rule of the YAML library behind
/// kube-apiserver (go-yaml): past 100 alias-made nodes and 1,000 nodes in all, at most 99% of a document's nodes may
/// come from aliases up to 400,000 nodes, falling linearly to 10% at 4,000,000.
///
/// Each anchored node's expanded size is counted once, as its events end, so an alias costs one addition:
/// the pass never expands anything, and its work is linear in the text.
enum YAMLAliasBudget {
    /// Throws `JSONValue.ParseError` ("document contains excessive aliasing") for the first document of `text`
    /// that breaks the rule; a syntax error ends the pass quietly, for the composer to report with its position.
    static func check(_ text: String) throws(JSONValue.ParseError) {
        let bytes = Array(text.utf8)
        let excessive = bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return false }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return isExcessive(&parser)
        }
        if excessive { throw JSONValue.ParseError(message: "yaml: document contains excessive aliasing") }
    }

    /// Whether a document of the stream `parser` reads breaks the rule.
    private static func isExcessive(_ parser: inout yaml_parser_t) -> Bool {
        var tally = Tally()
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return false }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT: return false
            case YAML_DOCUMENT_START_EVENT: tally = Tally()
            case YAML_SCALAR_EVENT: tally.close(size: 1, anchor: name(event.data.scalar.anchor))
            case YAML_SEQUENCE_START_EVENT: tally.open(anchor: name(event.data.sequence_start.anchor))
            case YAML_MAPPING_START_EVENT: tally.open(anchor: name(event.data.mapping_start.anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: tally.closeCollection()
            case YAML_ALIAS_EVENT:
                tally.alias(name(event.data.alias.anchor))
                if tally.isExcessive { return true }
            default: break
            }
        }
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: UnsafePointer($0)) }
    }

    /// One document's node counts, as go-yaml's decoder would make them while expanding it.
    private struct Tally {
        /// Counts stop growing here, far past every limit, so that doubling aliases cannot overflow.
        private static let ceiling = 1 << 60
        /// Every node the document expands to.
        private(set) var nodes = 0
        /// The nodes that aliases make.
        private(set) var aliasNodes = 0
        /// The expanded size of each anchored node.
        private var anchorSizes: [String: Int] = [:]
        /// The collections open at this point: their anchors and the expanded size of their contents so far.
        private var stack: [(anchor: String?, size: Int)] = []

        mutating func open(anchor: String?) { stack.append((anchor, 0)) }

        mutating func closeCollection() {
            guard let collection = stack.popLast() else { return }
            close(size: Self.sum(1, collection.size), anchor: collection.anchor)
        }

        /// A node of `size` expanded nodes is complete.
        mutating func close(size: Int, anchor: String?) {
            if stack.isEmpty {
                nodes = Self.sum(nodes, size)
            } else {
                stack[stack.count - 1].size = Self.sum(stack[stack.count - 1].size, size)
            }
            if let anchor { anchorSizes[anchor] = size }
        }

        mutating func alias(_ anchor: String?) {
            let size = anchor.flatMap { anchorSizes[$0] } ?? 0
            aliasNodes = Self.sum(aliasNodes, size)
            close(size: Self.sum(1, size), anchor: nil)
        }

        /// go-yaml's test, over the nodes counted so far (a collection's own node counts once it closes).
        var isExcessive: Bool {
            let total = Self.sum(nodes, stack.reduce(0) { Self.sum($0, $1.size) })
            return aliasNodes > 100 && total > 1000 && Double(aliasNodes) / Double(total) > Self.allowedRatio(total)
        }

        private static func allowedRatio(_ total: Int) -> Double {
            let low = 400_000.0, high = 4_000_000.0
            switch Double(total) {
            case ...low: return 0.99
            case high...: return 0.10
            case let count: return 0.99 - 0.89 * (count - low) / (high - low)
            }
        }

        private static func sum(_ a: Int, _ b: Int) -> Int { min(a + b, ceiling) }
    }
}
