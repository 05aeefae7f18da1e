/// A `sh -c` script as the simulated shell reads it: pipelines of simple commands (`a | b`) joined by `;`,
/// newlines, `&&` and `||`, words with single and double quotes, backslash escapes and `$NAME`, `${NAME}` and `$?`
/// expansions, and leading `NAME=value` assignments. Redirections and the rest of POSIX sh are refused by name.
struct ShellScript: Equatable {
    enum Connector: Equatable {
        case sequence, and, or
    }

    /// A word before expansion: literal text and variables, in order.
    struct Word: Equatable {
        enum Part: Equatable {
            case text(String, quoted: Bool)
            case variable(String)
        }

        var parts: [Part] = []

        /// `NAME=` at the start of an unquoted word makes it an assignment: the name and the value's parts.
        var assignment: (name: String, value: Word)? {
            guard case .text(let text, quoted: false)? = parts.first, let equals = text.firstIndex(of: "="),
                let first = text.first, first == "_" || first.isLetter,
                text[..<equals].allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber })
            else { return nil }
            let rest = String(text[text.index(after: equals)...])
            return (String(text[..<equals]), Word(parts: (rest.isEmpty ? [] : [.text(rest, quoted: false)]) + parts.dropFirst()))
        }

        /// The word with its variables replaced.
        func expanded(_ lookup: (String) -> String) -> String {
            parts.map {
                switch $0 {
                case .text(let text, _): text
                case .variable(let name): lookup(name)
                }
            }.joined()
        }
    }

    struct Command: Equatable {
        /// The pipeline's commands, each one's output the next one's input.
        var stages: [[Word]]
        var words: [Word] { stages[0] }
        /// How it follows the previous command.
        var connector: Connector
    }

    var commands: [Command]

    struct SyntaxError: Error, Equatable {
        var message: String
    }

    /// Reads a script.
    /// - Throws: ``SyntaxError`` with dash's wording for an unterminated quote, or naming what is not simulated.
    init(parsing source: String) throws(SyntaxError) {
        var commands: [Command] = []
        var words: [Word] = []
        var stages: [[Word]] = []
        var word: Word?
        var connector = Connector.sequence
        var characters = Array(source)[...]

        func append(_ text: String, quoted: Bool) {
            if word == nil { word = Word() }
            if case .text(let previous, let wasQuoted)? = word!.parts.last, wasQuoted == quoted {
                word!.parts[word!.parts.count - 1] = .text(previous + text, quoted: quoted)
            } else {
                word!.parts.append(.text(text, quoted: quoted))
            }
        }
        func endWord() {
            if let current = word { words.append(current) }
            word = nil
        }
        func endCommand(_ next: Connector) throws(SyntaxError) {
            endWord()
            if words.isEmpty {
                if next != .sequence || !stages.isEmpty {
                    throw SyntaxError(message: "Syntax error: \"\(next == .and ? "&&" : next == .or ? "||" : "|")\" unexpected")
                }
            } else {
                commands.append(Command(stages: stages + [words], connector: connector))
            }
            words = []
            stages = []
            connector = next
        }
        func variable() -> String {
            if characters.first == "{" {
                let name = characters.dropFirst().prefix { $0 != "}" }
                characters = characters.dropFirst(name.count + 2)
                return String(name)
            }
            if characters.first == "?" {
                characters = characters.dropFirst()
                return "?"
            }
            let name = characters.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
            characters = characters.dropFirst(name.count)
            return String(name)
        }

        while let character = characters.popFirst() {
            switch character {
            case " ", "\t":
                endWord()
            case "\n", ";":
                try endCommand(.sequence)
            case "&" where characters.first == "&":
                characters = characters.dropFirst()
                try endCommand(.and)
            case "|" where characters.first == "|":
                characters = characters.dropFirst()
                try endCommand(.or)
            case "|":
                endWord()
                guard !words.isEmpty else { throw SyntaxError(message: "Syntax error: \"|\" unexpected") }
                stages.append(words)
                words = []
            case "&", ">", "<", "`", "(", ")":
                throw SyntaxError(message: "\"\(character)\" (redirections, background jobs and subshells) is not simulated")
            case "#" where word == nil:
                characters = characters.drop { $0 != "\n" }
            case "\\":
                if let next = characters.popFirst(), next != "\n" { append(String(next), quoted: true) }
            case "'":
                guard let end = characters.firstIndex(of: "'") else { throw SyntaxError(message: "Syntax error: Unterminated quoted string") }
                append(String(characters[..<end]), quoted: true)
                characters = characters[characters.index(after: end)...]
            case "\"":
                if word == nil { word = Word() }
                var closed = false
                while let inner = characters.popFirst() {
                    if inner == "\"" {
                        closed = true
                        break
                    }
                    if inner == "\\", let next = characters.first, "$`\"\\\n".contains(next) {
                        characters = characters.dropFirst()
                        if next != "\n" { append(String(next), quoted: true) }
                    } else if inner == "$", let next = characters.first, next == "{" || next == "?" || next == "_" || next.isLetter {
                        word!.parts.append(.variable(variable()))
                    } else {
                        append(String(inner), quoted: true)
                    }
                }
                if !closed { throw SyntaxError(message: "Syntax error: Unterminated quoted string") }
            case "$" where characters.first.map { $0 == "{" || $0 == "?" || $0 == "_" || $0.isLetter } ?? false:
                if word == nil { word = Word() }
                word!.parts.append(.variable(variable()))
            default:
                append(String(character), quoted: false)
            }
        }
        endWord()
        if words.isEmpty && (connector != .sequence || !stages.isEmpty) { throw SyntaxError(message: "Syntax error: end of file unexpected") }
        try endCommand(.sequence)
        self.commands = commands
    }
}
