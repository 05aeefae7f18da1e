/// Runs `body` with `resource`, then closes it with `close`, also when `body` throws: the shape every
/// connection the commands open (embedded store, etcd client, API server client) is used in.
func withClosing<Resource, T>(
    _ resource: Resource, close: (Resource) async -> Void, _ body: (Resource) async throws -> T
) async throws -> T {
    do {
        let result = try await body(resource)
        await close(resource)
        return result
    } catch {
        await close(resource)
        throw error
    }
}
