/// The DefaultIngressClass plugin (kubernetes `plugin/pkg/admission/network/defaultingressclass`): a new Ingress
/// that names no class (no `spec.ingressClassName` and no `kubernetes.io/ingress.class` annotation) gets the
/// IngressClass annotated `ingressclass.kubernetes.io/is-default-class: "true"`, the newest when several are.
public struct DefaultIngressClass: AdmissionPlugin {
    public let name = "DefaultIngressClass"
    public let operations: Set<AdmissionOperation> = [.create]

    static let defaultAnnotation = "ingressclass.kubernetes.io/is-default-class"

    public init() {}

    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws {
        guard request.type.group == "networking.k8s.io", request.type.kind == "Ingress",
            request.object.json[["spec", "ingressClassName"]] == nil,
            request.object.annotations["kubernetes.io/ingress.class"] == nil
        else { return }
        let defaults = try await context.reader.objects(BuiltinResources.ingressClasses, namespace: nil).filter {
            $0.annotations[Self.defaultAnnotation] == "true"
        }
        guard let chosen = DefaultStorageClass.newestDefault(defaults) else { return }
        request.object.json[["spec", "ingressClassName"]] = .string(chosen.name)
    }
}
