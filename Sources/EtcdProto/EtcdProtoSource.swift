// DO NOT EDIT. Written by scripts/generate-etcd-proto.sh.

/// Where the generated etcd API code came from.
public enum EtcdProtoSource {
    /// The etcd release whose protos were compiled.
    public static let etcdRef = "v3.5.33"
    /// swift-protobuf and grpc-swift-protobuf, whose plugins generated the code.
    public static let swiftProtobufVersion = "1.39.0"
    public static let grpcSwiftProtobufVersion = "2.4.1"
    /// SHA-256 of each input proto as etcd ships it, before its Go annotations were stripped.
    public static let protoSHA256: [String: String] = [
        "api/etcdserverpb/rpc.proto": "7cf0d098aae57522a574bf591145e55539a15212885d43709536553833cd6f40",
        "api/mvccpb/kv.proto": "76b0d596ecc8dd1b535be683777910a5b4fe0705fb57baccacfcc7d98d11821e",
        "api/authpb/auth.proto": "443e661f9e423d3376d513e76446e957ae0132c6f63fff4510fde3c7a587be05",
    ]
}
