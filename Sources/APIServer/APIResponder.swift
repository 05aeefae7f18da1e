import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI
import NIOSSL

/// Routes every request: authentication, then the fixed endpoints, discovery, OpenAPI and resource paths;
/// every failure becomes a `Status` response.
struct APIResponder: HTTPResponder {
    typealias Context = APIRequestContext

    let resources: ResourceHandler
    let discovery: DiscoveryHandler
    let health: HealthChecks
    let connections: OpenConnections
    /// Whether requests must carry a client certificate (TLS only).
    let authenticates: Bool
    /// The API server's request log.
    let requestLog: RequestLog
    /// The registry explorer page under `/ui/`, when served.
    var explorer: RegistryExplorer? = nil

    func respond(to request: Request, context: APIRequestContext) async throws -> Response {
        if let explorer, RegistryExplorer.handles(request.uri.path) {
            // Not kube-apiserver's, so not in its request log (which would also show the page's token).
            let certificate = authenticates ? try? await context.channel.nioSSL_peerCertificate().get() : nil
            return await explorer.respond(
                to: request, hasClientCertificate: certificate != nil, departure: connections.departure(of: context.channel))
        }
        let started = ContinuousClock.now
        let path = APIPath(request.uri.path)
        let response = await route(request, path: path, context: context)
        let client = context.channel.remoteAddress.map { address in
            let host = address.ipAddress ?? ""
            return "\(host.contains(":") ? "[\(host)]" : host):\(address.port ?? 0)"
        } ?? ""
        return requestLog.logging(response, request: request, path: path, client: client, started: started)
    }

    private func route(_ request: Request, path: APIPath?, context: APIRequestContext) async -> Response {
        do {
            guard let path else { throw StatusError.unknownPath }
            let certificate = authenticates ? try? await context.channel.nioSSL_peerCertificate().get() : nil
            if authenticates && !path.isPublic && certificate == nil { throw APIResponse.unauthorized }
            switch path {
            case .health(let endpoint, let check):
                return await health.respond(endpoint: endpoint, check: check, query: QueryParameters(request.uri.query))
            case .resource(let resource):
                let origin = RequestOrigin(
                    client: certificate.map { .certificate($0) } ?? .address(context.channel.remoteAddress?.ipAddress ?? ""),
                    departure: connections.departure(of: context.channel))
                // The work stops (where it checks for cancellation) when the client goes.
                return try await origin.departure.cancellingOnDeparture { [resources] in
                    try await resources.respond(to: request, path: resource, origin: origin)
                }
            default:
                guard request.method == .get else {
                    throw StatusError.methodNotAllowed("the server does not allow this method on the requested resource")
                }
                return try discovery.respond(to: path, request: request)
            }
        } catch let error as StatusError {
            return APIResponse.status(error)
        } catch {
            return APIResponse.status(.internalError("\(error)"))
        }
    }
}

/// Where a request comes from: the client, for limits per client, and its connection's departure signal.
struct RequestOrigin: Sendable {
    let client: ClientIdentity
    let departure: ClientDeparture
}

extension APIPath {
    /// What anyone may read without credentials (`system:public-info-viewer`).
    var isPublic: Bool {
        switch self {
        case .health, .version: true
        default: false
        }
    }
}
