import Hummingbird
import KubeAPI

/// Answers `/version`, legacy and aggregated discovery and OpenAPI v3 from the catalog, so resources that
/// custom resource definitions add appear as soon as they are served.
struct DiscoveryHandler: Sendable {
    let catalog: ResourceCatalog
    /// The address `/api` names in `serverAddressByClientCIDRs`.
    let serverAddress: String

    func respond(to path: APIPath, accept: String?) throws -> Response {
        switch path {
        case .version:
            return APIResponse.json(ServerVersion().json)
        case .coreDiscovery:
            if AggregatedDiscovery.isRequested(byAccept: accept) {
                return APIResponse.json(AggregatedDiscovery.coreGroupList(catalog), contentType: AggregatedDiscovery.contentType)
            }
            return APIResponse.json(LegacyDiscovery.apiVersions(serverAddress: serverAddress))
        case .groupsDiscovery:
            if AggregatedDiscovery.isRequested(byAccept: accept) {
                return APIResponse.json(AggregatedDiscovery.groupList(catalog), contentType: AggregatedDiscovery.contentType)
            }
            return APIResponse.json(LegacyDiscovery.apiGroupList(catalog))
        case .group(let group):
            guard let body = LegacyDiscovery.apiGroup(catalog, name: group) else { throw StatusError.unknownPath }
            return APIResponse.json(body)
        case .groupVersion(let group, let version):
            guard let body = LegacyDiscovery.apiResourceList(catalog, group: group, version: version) else {
                throw StatusError.unknownPath
            }
            return APIResponse.json(body)
        case .openAPIIndex:
            return APIResponse.json(OpenAPIV3.index(catalog))
        case .openAPIDocument(let groupVersionPath):
            guard let body = OpenAPIV3.document(catalog, path: groupVersionPath) else { throw StatusError.unknownPath }
            return APIResponse.json(body)
        case .health, .resource:
            throw StatusError.unknownPath
        }
    }
}
