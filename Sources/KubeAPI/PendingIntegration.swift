// Temporary until the validation and defaulting work lands; deleted at integration.
enum Defaulting { static func apply(to object: inout KubeObject, type: ResourceType) {} }
enum Validation {
    static func validate(_ object: KubeObject, type: ResourceType) -> [FieldError] { [] }
    static func validateUpdate(_ object: KubeObject, old: KubeObject, type: ResourceType) -> [FieldError] { [] }
}
