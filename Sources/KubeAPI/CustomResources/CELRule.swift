import Foundation

/// One `x-kubernetes-validations` rule of a custom resource schema, evaluated as kube-apiserver's CEL
/// environment evaluates the expressions CRD authors write most: `self` and `oldSelf` (transition rules, checked
/// only on update), field selection, indexing, `has()`, `size()`, comparisons, arithmetic, `&&`, `||`, `!`,
/// `? :`, `in`, lists, string `startsWith`/`endsWith`/`contains`/`matches`, and the `all`/`exists` macros.
/// An expression outside that subset fails with a message that says so, never silently passes.
struct CELRule {
    let rule: String
    let message: String?
    let reason: FieldError.Kind
    let fieldPath: String?

    init(_ json: JSONValue) {
        rule = json["rule"]?.stringValue ?? ""
        message = json["message"]?.stringValue
        fieldPath = json["fieldPath"]?.stringValue
        switch json["reason"]?.stringValue {
        case "FieldValueForbidden": reason = .forbidden
        case "FieldValueRequired": reason = .required
        case "FieldValueDuplicate": reason = .duplicate
        default: reason = .invalid
        }
    }

    /// The field error when the rule does not hold for `self`; nil when it holds, or when it is a transition rule
    /// and there is no old value.
    func failure(self value: JSONValue, oldSelf: JSONValue?, path: FieldPath) -> FieldError? {
        if oldSelf == nil && rule.range(of: #"\boldSelf\b"#, options: .regularExpression) != nil { return nil }
        var variables: [String: JSONValue] = ["self": value]
        if let oldSelf { variables["oldSelf"] = oldSelf }
        let target = fieldPath.map { FieldPath(path.description + $0) } ?? path
        let shown = StructuralSchema.render(value)
        do {
            var parser = try CELParser(rule)
            let expression = try parser.parse()
            if try CELEvaluator(variables: variables).evaluate(expression) == .bool(true) { return nil }
            let text = message ?? "failed rule: \(rule)"
            switch reason {
            case .required: return FieldError(.required, target.description, text)
            case .forbidden: return FieldError(.forbidden, target.description, text)
            default: return FieldError(reason, target.description, value: shown, text)
            }
        } catch let error as CELError {
            return FieldError(.invalid, target.description, value: shown, "\(error.message) evaluating rule: \(rule)")
        } catch {
            return FieldError(.invalid, target.description, value: shown, "\(error) evaluating rule: \(rule)")
        }
    }
}

/// A CEL parse or evaluation failure, worded as cel-go words the common ones (`no such key: x`).
struct CELError: Error {
    let message: String
}
