import KubeAPI

/// kube-controller-manager's `RealPodControl` (`pkg/controller/controller_utils.go`): a controller's pod
/// creations and deletions through the API, each with its owner's event.
struct PodControl {
    let owner: KubeObject
    let context: ControllerContext

    /// Creates `pod` and records `SuccessfulCreate` (`Created pod: <name>`); on failure records `FailedCreate`,
    /// except when the namespace is being deleted, and rethrows.
    @discardableResult
    func create(_ pod: JSONValue) async throws -> KubeObject {
        do {
            let created = try await context.api.create(
                BuiltinResources.pods, namespace: owner.namespace, object: pod, options: context.writeOptions)
            await context.events.record(owner, reason: "SuccessfulCreate", message: "Created pod: \(created.name)")
            return created
        } catch {
            if !Self.namespaceTerminating(error) {
                await context.events.record(owner, type: .warning, reason: "FailedCreate", message: "Error creating: \(error)")
            }
            throw error
        }
    }

    /// Deletes `pod` and records `SuccessfulDelete` (`Deleted pod: <name>`); a pod already gone is no failure
    /// and no event; another failure records `FailedDelete` and is rethrown.
    func delete(_ pod: KubeObject) async throws {
        do {
            _ = try await context.api.delete(BuiltinResources.pods, namespace: pod.namespace, name: pod.name, options: DeleteOptions())
            await context.events.record(owner, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)")
        } catch let error as StatusError where error.code == 404 {
            return
        } catch {
            await context.events.record(owner, type: .warning, reason: "FailedDelete", message: "Error deleting: \(error)")
            throw error
        }
    }

    /// kube-apiserver's refusal to create in a namespace being deleted.
    static func namespaceTerminating(_ error: any Error) -> Bool {
        guard let status = error as? StatusError else { return false }
        return status.code == 403 && status.message.contains("because it is being terminated")
    }
}
