import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI
import KubeAuth
import NIOSSL

/// Routes every request: authentication, then the fixed endpoints, discovery, OpenAPI and resource paths;
/// every failure becomes a `Status` response.
struct APIResponder: HTTPResponder {
    typealias Context = APIRequestContext

    let resources: ResourceHandler
    let discovery: DiscoveryHandler
    let health: HealthChecks
    let connections: OpenConnections
    /// Authentication and authorization, before any handler.
    let access: AccessControl
    let policyChecks: PolicyWriteChecks
    let reviews: ReviewHandler
    /// The API server's request log.
    let requestLog: RequestLog

    func respond(to request: Request, context: APIRequestContext) async throws -> Response {
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
            let certificate = access.enabled ? try? await context.channel.nioSSL_peerCertificate().get() : nil
            let user = try await access.admit(
                method: request.method, path: path, rawPath: request.uri.path, query: QueryParameters(request.uri.query),
                headers: request.headers, certificate: certificate)
            guard let path else { throw StatusError.unknownPath }
            switch path {
            case .health(let endpoint, let check):
                return await health.respond(endpoint: endpoint, check: check, query: QueryParameters(request.uri.query))
            case .resource(let resource) where ReviewHandler.handles(resource):
                return try await reviews.respond(to: request, path: resource, user: user)
            case .resource(let resource):
                var request = request
                try await policyChecks.check(&request, path: resource, user: user)
                let origin = RequestOrigin(
                    client: certificate.map { .certificate($0) } ?? .address(context.channel.remoteAddress?.ipAddress ?? ""),
                    departure: connections.departure(of: context.channel), user: user)
                // The work stops (where it checks for cancellation) when the client goes.
                return try await origin.departure.cancellingOnDeparture { [resources, request] in
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
    /// Who the request acts as, once authenticated and authorized.
    let user: UserInfo
}
