/// The ServiceAccount plugin (kubernetes `plugin/pkg/admission/serviceaccount`), on pod creation:
/// - `spec.serviceAccountName` defaults to `default`, and the account must exist (403 otherwise: the service
///   account controller creates `default` in every namespace);
/// - unless `automountServiceAccountToken` is false on the pod or, failing that, on the account, the projected
///   `kube-api-access-<5 random>` volume (token, cluster CA, namespace) is appended and every init and app
///   container without a mount at `/var/run/secrets/kubernetes.io/serviceaccount` gets one, read-only;
/// - a pod without `imagePullSecrets` takes the account's;
/// - mirror pods are left as they are, but may not name an account, a secret or a token projection.
public struct ServiceAccountAdmission: AdmissionPlugin {
    public let name = "ServiceAccount"
    public let operations: Set<AdmissionOperation> = [.create]

    public init() {}

    static let defaultAccount = "default"
    static let tokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount"
    static let volumePrefix = "kube-api-access-"
    /// The token lifetime the plugin asks for: an hour and 7 seconds (`WarnOnlyBoundTokenExpirationSeconds`).
    static let tokenExpirationSeconds: Int64 = 3607
    static let mirrorAnnotation = "kubernetes.io/config.mirror"
    /// An account annotated `true` here limits its pods to the secrets it lists.
    static let enforceMountableSecretsAnnotation = "kubernetes.io/enforce-mountable-secrets"

    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws {
        guard request.isPod else { return }
        // Upstream's Admit ends with its own Validate, so a refusal comes before the strategy's validation.
        guard request.object.annotations[Self.mirrorAnnotation] == nil else { return try await validate(request, context: context) }
        if (request.object.json[["spec", "serviceAccountName"]]?.stringValue ?? "").isEmpty {
            request.object.json[["spec", "serviceAccountName"]] = .string(Self.defaultAccount)
        }
        let account = try await serviceAccount(of: request, context)
        let podChoice = request.object.json[["spec", "automountServiceAccountToken"]]?.boolValue
        if podChoice ?? account.json["automountServiceAccountToken"]?.boolValue ?? true {
            mountToken(in: &request.object.json, names: context.names)
        }
        if (request.object.json[["spec", "imagePullSecrets"]]?.arrayValue ?? []).isEmpty {
            let secrets = (account.json["imagePullSecrets"]?.arrayValue ?? []).map { JSONValue.object(["name": $0["name"] ?? ""]) }
            if !secrets.isEmpty { request.object.json[["spec", "imagePullSecrets"]] = .array(secrets) }
        }
        try await validate(request, context: context)
    }

    public func validate(_ request: AdmissionRequest, context: AdmissionContext) async throws {
        guard request.isPod else { return }
        let spec = request.object.spec ?? .emptyObject
        let accountName = spec["serviceAccountName"]?.stringValue ?? ""
        if request.object.annotations[Self.mirrorAnnotation] != nil {
            if !accountName.isEmpty { throw request.forbidden("a mirror pod may not reference service accounts") }
            if !PodSecretReferences(spec: spec).isEmpty { throw request.forbidden("a mirror pod may not reference secrets") }
            let projections = (spec["volumes"]?.arrayValue ?? []).flatMap { $0[["projected", "sources"]]?.arrayValue ?? [] }
            if projections.contains(where: { $0["serviceAccountToken"] != nil }) {
                throw request.forbidden("a mirror pod may not use ServiceAccountToken volume projections")
            }
            return
        }
        if accountName.isEmpty {
            throw request.forbidden("no service account specified for pod \(request.namespace ?? "")/\(request.object.name)")
        }
        let account = try await serviceAccount(of: request, context)
        if account.annotations[Self.enforceMountableSecretsAnnotation].map(Self.parseBool) == true,
            let refused = PodSecretReferences(spec: spec).firstNotMountable(by: account)
        {
            throw request.forbidden(refused)
        }
    }

    /// The pod's account. - Throws: 403 `error looking up service account <ns>/<name>: serviceaccount "<name>" not found`.
    private func serviceAccount(of request: AdmissionRequest, _ context: AdmissionContext) async throws -> KubeObject {
        let name = request.object.json[["spec", "serviceAccountName"]]?.stringValue ?? ""
        let namespace = request.namespace ?? ""
        guard let account = try await context.reader.object(BuiltinResources.serviceAccounts, namespace: namespace, name: name) else {
            throw request.forbidden(
                "error looking up service account \(namespace)/\(name): serviceaccount \(FieldError.quoted(name)) not found")
        }
        return account
    }

    /// Mounts the token volume in every container lacking a mount at the token path, reusing a
    /// `kube-api-access-` volume the pod already has, and adds the volume when a container needed it.
    private func mountToken(in pod: inout JSONValue, names: NameGenerator) {
        let volumes = pod[["spec", "volumes"]]?.arrayValue ?? []
        let existing = volumes.compactMap { $0["name"]?.stringValue }.first { $0.hasPrefix(Self.volumePrefix) }
        let volumeName = existing ?? Self.volumePrefix + names.suffix()
        let mount: JSONValue = ["name": .string(volumeName), "readOnly": true, "mountPath": .string(Self.tokenMountPath)]
        var mounted = false
        for field in ["initContainers", "containers"] {
            pod.update("spec") { spec in
                spec.updateEach(field) { container in
                    let mounts = container["volumeMounts"]?.arrayValue ?? []
                    guard !mounts.contains(where: { $0["mountPath"]?.stringValue == Self.tokenMountPath }) else { return }
                    container["volumeMounts"] = .array(mounts + [mount])
                    mounted = true
                }
            }
        }
        guard existing == nil, mounted else { return }
        pod[["spec", "volumes"]] = .array(volumes + [["name": .string(volumeName), "projected": Self.tokenVolumeSource]])
    }

    /// The projected source of the token volume (`TokenVolumeSource`), its default mode set explicitly.
    static let tokenVolumeSource: JSONValue = [
        "defaultMode": 420,
        "sources": [
            ["serviceAccountToken": ["path": "token", "expirationSeconds": .int(tokenExpirationSeconds)]],
            ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
            ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]]]],
        ],
    ]

    /// Go's `strconv.ParseBool`, true side.
    static func parseBool(_ text: String) -> Bool { ["1", "t", "T", "TRUE", "true", "True"].contains(text) }
}
