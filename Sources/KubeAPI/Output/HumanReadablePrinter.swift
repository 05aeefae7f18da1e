/// Prints a `meta.k8s.io/v1` Table the way `kubectl get` does (cli-runtime `printers/tableprinter.go`):
/// upper-cased headers, priority columns only with `-o wide`, NAMESPACE first with `-A`, label columns
/// (`-L`) and LABELS (`--show-labels`) last, `kind/name` when several kinds are listed, cells cut at a line
/// break (`...`), and columns aligned by ``TabWriter``.
///
/// A table with no rows prints nothing (kubectl then says `No resources found in default namespace.` on
/// stderr). For several kinds, print each table separately and join the non-empty outputs with a blank line.
public struct HumanReadablePrinter: Sendable {
    public struct Options: Sendable, Equatable {
        /// `-o wide`: also the columns with a priority above 0.
        public var wide = false
        /// `--show-labels`: a final LABELS column, `app=web,tier=fe` or `<none>`.
        public var showLabels = false
        /// `-A` on a namespaced type: a NAMESPACE column first.
        public var withNamespace = false
        /// `--no-headers`.
        public var noHeaders = false
        /// `-L key`: a column per label key, headed by the key's last path segment.
        public var labelColumns: [String] = []
        /// `kind/name` in the name column when several types are listed, e.g. `deployment.apps` or `pod`
        /// (the lower-cased kind, dot, group).
        public var kindPrefix: String?

        public init(
            wide: Bool = false, showLabels: Bool = false, withNamespace: Bool = false, noHeaders: Bool = false,
            labelColumns: [String] = [], kindPrefix: String? = nil
        ) {
            self.wide = wide
            self.showLabels = showLabels
            self.withNamespace = withNamespace
            self.noHeaders = noHeaders
            self.labelColumns = labelColumns
            self.kindPrefix = kindPrefix
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The aligned text for a Table, one line per row after the header.
    public func print(table: JSONValue) -> String {
        TabWriter.align(tabbedText(table: table))
    }

    /// The lines before alignment: cells separated by tabs.
    private func tabbedText(table: JSONValue) -> String {
        var columns = (table["columnDefinitions"]?.arrayValue ?? []).compactMap(TableColumn.init(json:))
        var rows = (table["rows"]?.arrayValue ?? []).map { $0["cells"]?.arrayValue ?? [] }
        let metadata = (table["rows"]?.arrayValue ?? []).map { $0["object"]?["metadata"] }
        decorate(&columns, &rows, metadata: metadata)

        guard !rows.isEmpty else { return "" }
        let visible = columns.indices.filter { options.wide || columns[$0].priority == 0 }
        var output = ""
        if !options.noHeaders {
            output += visible.map { columns[$0].name.uppercased() }.joined(separator: "\t") + "\n"
        }
        for cells in rows {
            output +=
                visible.filter { $0 < cells.count }.map { Self.cellText(cells[$0]) }.joined(separator: "\t") + "\n"
        }
        return output
    }

    /// Adds the NAMESPACE, label and LABELS columns and the `kind/` prefix (`decorateTable`).
    private func decorate(_ columns: inout [TableColumn], _ rows: inout [[JSONValue]], metadata: [JSONValue?]) {
        let nameColumn =
            options.kindPrefix == nil ? nil : columns.firstIndex { $0.format == "name" && $0.type == "string" }
        let width =
            columns.count + options.labelColumns.count + (options.withNamespace ? 1 : 0)
            + (options.showLabels ? 1 : 0)
        if options.withNamespace { columns.insert(TableColumn(name: "Namespace", description: ""), at: 0) }
        for key in options.labelColumns {
            columns.append(TableColumn(name: String(key.split(separator: "/").last ?? ""), description: ""))
        }
        if options.showLabels { columns.append(TableColumn(name: "Labels", description: "")) }
        guard nameColumn != nil || options.withNamespace || options.showLabels || !options.labelColumns.isEmpty else {
            return
        }
        for index in rows.indices {
            if let nameColumn, let kindPrefix = options.kindPrefix, nameColumn < rows[index].count {
                rows[index][nameColumn] = .string("\(kindPrefix)/\(GoFormat.value(rows[index][nameColumn]))")
            }
            guard let meta = metadata[index], meta.objectValue != nil else {
                // Without metadata the added cells stay empty.
                if options.withNamespace { rows[index].insert(.null, at: 0) }
                while rows[index].count < width { rows[index].append(.null) }
                continue
            }
            if options.withNamespace { rows[index].insert(meta["namespace"] ?? "", at: 0) }
            let labels = (meta["labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            for key in options.labelColumns { rows[index].append(.string(labels[key] ?? "")) }
            if options.showLabels { rows[index].append(.string(LabelFormatting.labels(labels))) }
        }
    }

    /// A cell as kubectl writes it: strings up to their first line break (then `...`), other values as Go
    /// prints them, nothing for null; escape characters made visible.
    private static func cellText(_ cell: JSONValue) -> String {
        switch cell {
        case .null:
            return ""
        case .string(let text):
            guard let lineBreak = text.unicodeScalars.firstIndex(where: { "\n\r\u{0C}".unicodeScalars.contains($0) })
            else { return escapeTerminal(text) }
            return escapeTerminal(String(text.unicodeScalars[..<lineBreak])) + "..."
        default:
            return escapeTerminal(GoFormat.value(cell))
        }
    }

    /// Makes terminal control characters harmless: ESC as `^[`, carriage return as `\r`.
    static func escapeTerminal(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{1B}": escaped.append(contentsOf: "^[".unicodeScalars)
            case "\r": escaped.append(contentsOf: "\\r".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
