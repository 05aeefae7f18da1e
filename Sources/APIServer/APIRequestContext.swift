import Hummingbird
import NIOCore

/// A request's context: Hummingbird's core storage and the connection it came on, whose TLS peer
/// certificate authenticates the client.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// kube-apiserver's limit on a request body (`MaxRequestBodyBytes`, 3 MiB).
    var maxUploadSize: Int { RequestBodyReader.limit }
}
