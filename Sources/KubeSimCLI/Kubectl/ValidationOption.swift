import ArgumentParser
import KubeAPI

/// kubectl's `--validate` values: `strict` (or `true`), `warn`, `ignore` (or `false`).
struct ValidationOption: ExpressibleByArgument, Sendable {
    let fieldValidation: FieldValidation

    static let strict = ValidationOption(fieldValidation: .strict)

    private init(fieldValidation: FieldValidation) {
        self.fieldValidation = fieldValidation
    }

    init?(argument: String) {
        switch argument.lowercased() {
        case "strict", "true": fieldValidation = .strict
        case "warn": fieldValidation = .warn
        case "ignore", "false": fieldValidation = .ignore
        default: return nil
        }
    }

    var defaultValueDescription: String { fieldValidation.rawValue.lowercased() }
}
