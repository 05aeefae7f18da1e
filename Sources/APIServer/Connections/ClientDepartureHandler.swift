import NIOCore
import NIOHTTPTypes
import Synchronization

/// The server's open connections, each with the ``ClientDeparture`` its requests watch.
final class OpenConnections: Sendable {
    private let departures = Mutex<[ObjectIdentifier: ClientDeparture]>([:])

    /// The departure signal of the connection a request came on; one that has departed if the connection is gone.
    func departure(of channel: any Channel) -> ClientDeparture {
        departures.withLock { $0[ObjectIdentifier(channel)] } ?? .departed()
    }

    var count: Int { departures.withLock { $0.count } }

    fileprivate func open(_ channel: any Channel) -> ClientDeparture {
        let departure = ClientDeparture()
        departures.withLock { $0[ObjectIdentifier(channel)] = departure }
        return departure
    }

    fileprivate func close(_ channel: any Channel) {
        let departure = departures.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
        departure?.depart()
    }
}

/// Tells a connection's requests that the client has gone: on the end of its input (Hummingbird allows half
/// closure, so a client's FIN or close_notify arrives as `ChannelEvent.inputClosed` and leaves the channel
/// open while a response streams) and when the channel closes.
final class ClientDepartureHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let connections: OpenConnections
    private var departure: ClientDeparture?

    init(connections: OpenConnections) {
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        departure = connections.open(context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        connections.close(context.channel)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { departure?.depart() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connections.close(context.channel)
        context.fireChannelInactive()
    }
}
