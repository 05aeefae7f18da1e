import Hummingbird
import KubeAPI
import KubeOpenAPI

/// Answers `/version`, legacy and aggregated discovery and OpenAPI v2 and v3 from the catalog, so resources that
/// custom resource definitions add appear as soon as they are served.
struct DiscoveryHandler: Sendable {
    let catalog: ResourceCatalog
    /// The address `/api` names in `serverAddressByClientCIDRs`.
    let serverAddress: String
    let openAPIV2: OpenAPIV2Service

    init(catalog: ResourceCatalog, serverAddress: String) {
        self.catalog = catalog
        self.serverAddress = serverAddress
        openAPIV2 = OpenAPIV2Service(catalog: catalog)
    }

    func respond(to path: APIPath, request: Request) throws -> Response {
        let accept = request.headers[.accept]
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
        case .openAPIV2:
            let wantsProtobuf = OpenAPIResponse.acceptsV2Protobuf(accept)
            let encoded = try wantsProtobuf ? openAPIV2.protobuf() : openAPIV2.json()
            return OpenAPIResponse.document(
                encoded.data, etag: encoded.etag, contentType: wantsProtobuf ? OpenAPIResponse.v2Protobuf : ContentNegotiation.json,
                request: request)
        case .openAPIIndex:
            return APIResponse.json(OpenAPIV3Service(catalog: catalog).index())
        case .openAPIDocument(let groupVersionPath):
            let service = OpenAPIV3Service(catalog: catalog)
            guard let hash = service.hash(path: groupVersionPath), let body = service.document(path: groupVersionPath) else {
                throw StatusError.unknownPath
            }
            return OpenAPIResponse.v3Document(body, hash: hash, path: groupVersionPath, request: request)
        case .health, .resource:
            throw StatusError.unknownPath
        }
    }
}
