import Foundation
import KubeAPI
import KubeAuth

/// kube-controller-manager's legacy token controller (`serviceaccount-token-controller`): a Secret of type
/// `kubernetes.io/service-account-token` naming a service account (`kubernetes.io/service-account.name`) gets the
/// account's uid annotation and `token` (a legacy JWT signed with `sa.key`), `ca.crt` and `namespace` data; one
/// whose account is gone, or has another uid, is deleted.
public struct ServiceAccountTokenController: Controller {
    static let secretType = "kubernetes.io/service-account-token"
    static let nameAnnotation = "kubernetes.io/service-account.name"
    static let uidAnnotation = "kubernetes.io/service-account.uid"

    let tokens: ServiceAccountTokens
    let rootCA: String

    public init(tokens: ServiceAccountTokens, rootCA: String) {
        self.tokens = tokens
        self.rootCA = rootCA
    }

    public var name: String { "tokens-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.secrets, BuiltinResources.serviceAccounts] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        if change.type == BuiltinResources.serviceAccounts {
            // An account's deletion removes its token secrets.
            guard change.event == .deleted, let namespace = change.object.namespace else { return [] }
            return cache.list(BuiltinResources.secrets, namespace: namespace)
                .filter { $0.json["type"]?.stringValue == Self.secretType && $0.annotations[Self.nameAnnotation] == change.object.name }
                .map { ObjectKey(namespace: namespace, name: $0.name) }
        }
        guard change.event != .deleted, change.object.json["type"]?.stringValue == Self.secretType else { return [] }
        return [ObjectKey(namespace: change.object.namespace, name: change.object.name)]
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        let namespace = key.namespace ?? "default"
        guard var secret = context.cache.get(BuiltinResources.secrets, namespace: namespace, name: key.name),
            secret.json["type"]?.stringValue == Self.secretType, secret.deletionTimestamp == nil,
            let accountName = secret.annotations[Self.nameAnnotation]
        else { return }
        let account = context.cache.get(BuiltinResources.serviceAccounts, namespace: namespace, name: accountName)
        let recordedUID = secret.annotations[Self.uidAnnotation]
        guard let account, let uid = account.uid, recordedUID == nil || recordedUID == uid else {
            do {
                _ = try await context.api.delete(BuiltinResources.secrets, namespace: namespace, name: key.name, options: DeleteOptions())
            } catch let error as StatusError where error.code == 404 {}
            return
        }
        var data = secret.json["data"]?.objectValue ?? [:]
        guard data["token"] == nil || data["ca.crt"] == nil || data["namespace"] == nil || recordedUID == nil else { return }
        if data["token"] == nil {
            let token = try await tokens.sign(
                ServiceAccountClaims(legacyNamespace: namespace, secretName: key.name, serviceAccountName: accountName, serviceAccountUID: uid))
            data["token"] = .string(Data(token.utf8).base64EncodedString())
        }
        if data["ca.crt"] == nil { data["ca.crt"] = .string(Data(rootCA.utf8).base64EncodedString()) }
        if data["namespace"] == nil { data["namespace"] = .string(Data(namespace.utf8).base64EncodedString()) }
        secret.json["data"] = .object(data)
        secret.json[["metadata", "annotations", Self.uidAnnotation]] = .string(uid)
        _ = try await context.api.update(
            BuiltinResources.secrets, namespace: namespace, name: key.name, object: secret.json, options: context.writeOptions)
    }
}
