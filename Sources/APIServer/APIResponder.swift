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
    /// The audit log, when configured.
    let audit: AuditLog?
    /// The API server's request log.
    let requestLog: RequestLog
    /// The registry explorer page under `/ui/`, when served.
    var explorer: RegistryExplorer? = nil

    func respond(to request: Request, context: APIRequestContext) async throws -> Response {
        if let explorer, RegistryExplorer.handles(request.uri.path) {
            // Not kube-apiserver's, so not in its request log (which would also show the page's token).
            // Its token, or an administrator's credentials (the page reads every key, Secrets included).
            let certificate = access.enabled ? try? await context.channel.nioSSL_peerCertificate().get() : nil
            let administrator = access.enabled ? await access.isAdministrator(headers: request.headers, certificate: certificate) : false
            return await explorer.respond(
                to: request, isAdministrator: administrator, departure: connections.departure(of: context.channel))
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
        var facts = AuditFacts()
        var entry: AuditLog.Entry?
        var request = request
        let response: Response
        var failure: StatusError?
        do {
            let certificate = access.enabled ? try? await context.channel.nioSSL_peerCertificate().get() : nil
            let user: UserInfo
            do {
                user = try await access.admit(
                    method: request.method, path: path, rawPath: request.uri.path, query: QueryParameters(request.uri.query),
                    headers: request.headers, certificate: certificate, facts: &facts)
            } catch {
                entry = await beginAudit(&request, facts: facts, context: context)
                throw error
            }
            entry = await beginAudit(&request, facts: facts, context: context)
            response = try await handle(request, path: path, user: user, certificate: certificate, context: context)
        } catch let error as StatusError {
            failure = error
            response = APIResponse.status(error)
        } catch {
            failure = .internalError("\(error)")
            response = APIResponse.status(.internalError("\(error)"))
        }
        if let audit, let entry {
            audit.finish(
                entry, facts: facts, code: response.status.code, status: failure?.status, responseObject: nil,
                watch: facts.attributes?.verb == "watch")
        }
        return response
    }

    /// The request's `RequestReceived` audit event, reading its body for levels that record it.
    private func beginAudit(_ request: inout Request, facts: AuditFacts, context: APIRequestContext) async -> AuditLog.Entry? {
        guard let audit, let attributes = facts.attributes else { return nil }
        var body: JSONValue?
        if ["create", "update", "patch"].contains(attributes.verb), audit.policy.evaluate(attributes).level >= .request {
            body = try? await request.jsonBody()
        }
        return audit.begin(
            facts: facts, method: request.method.rawValue, uri: request.uri.description,
            sourceIP: context.channel.remoteAddress?.ipAddress ?? "", userAgent: request.headers[.userAgent], requestObject: body)
    }

    private func handle(
        _ request: Request, path: APIPath?, user: UserInfo, certificate: NIOSSLCertificate?, context: APIRequestContext
    ) async throws -> Response {
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
    }
}

/// Where a request comes from: the client, for limits per client, and its connection's departure signal.
struct RequestOrigin: Sendable {
    let client: ClientIdentity
    let departure: ClientDeparture
    /// Who the request acts as, once authenticated and authorized.
    let user: UserInfo
}
