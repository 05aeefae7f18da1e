import EtcdProto
import GRPCCore
import GRPCNIOTransportHTTP2

/// A Status call, to see that a server is up.
struct EtcdProtoPing {
    func ping(_ client: GRPCClient<HTTP2ClientTransport.Posix>) async throws {
        _ = try await Etcdserverpb_Maintenance.Client(wrapping: client).status(Etcdserverpb_StatusRequest())
    }
}
