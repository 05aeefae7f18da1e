extension ResourceType {
    /// The type's group-version path without its leading slash: `api/v1`, `apis/apps/v1`. It keys the OpenAPI v3
    /// index (client-go `openapi3`'s `gvToAPIPath`) and prefixes the type's URLs.
    public var groupVersionPath: String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }
}
