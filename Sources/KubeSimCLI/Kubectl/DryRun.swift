import ArgumentParser

/// `--dry-run`: none, client (nothing is sent) or server (the server validates, writes nothing).
enum DryRun: String, ExpressibleByArgument, CaseIterable {
    case none, client, server

    /// What kubectl appends to its messages: ` (dry run)`, ` (server dry run)`.
    var suffix: String {
        switch self {
        case .none: ""
        case .client: " (dry run)"
        case .server: " (server dry run)"
        }
    }
}
