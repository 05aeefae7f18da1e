#!/usr/bin/env bash
# Regenerates Sources/EtcdProto (swift-protobuf messages and grpc-swift-2 services) from etcd's v3.5 protos.
#
#   ETCD_SRC=/path/to/etcd [ETCD_REF=v3.5.33] scripts/generate-etcd-proto.sh
#
# ETCD_SRC is a clone of etcd-io/etcd (the protos are read at ETCD_REF with `git show`, so the clone's
# checkout does not matter) or a plain source tree of v3.5 (with api/etcdserverpb/rpc.proto).
# The inputs are api/etcdserverpb/rpc.proto, api/mvccpb/kv.proto and api/authpb/auth.proto; their Go-only
# annotations (gogoproto, google.api.http) are stripped by strip-proto-annotations.py, which changes
# neither the wire format nor the gRPC paths (/etcdserverpb.KV/Range, ...).
#
# Tools: protoc from Debian's protobuf-compiler (installed with apt-get when missing), and the two plugins
# built from this package's own pinned dependencies: protoc-gen-swift (swift-protobuf) and
# protoc-gen-grpc-swift-2 (grpc-swift-protobuf). Only those two products are built; never swift-protobuf's
# `protoc` product or the GRPCProtobufGenerator build plugin, which compile protobuf's C++ sources.
#
# The output is deterministic: running the script twice gives the same files, and EtcdProtoSource.swift
# records the etcd ref, the plugin versions and the SHA-256 of each input proto.
set -euo pipefail
cd "$(dirname "$0")/.."

ETCD_REF="${ETCD_REF:-v3.5.33}"
SCRATCH="${SCRATCH:-.build-protogen}"
OUT="${OUT:-Sources/EtcdProto}"  # another folder to compare a regeneration with the committed code

if [ -z "${ETCD_SRC:-}" ]; then
    echo "error: set ETCD_SRC to a clone of etcd-io/etcd (read at ETCD_REF=$ETCD_REF) or a v3.5 source tree" >&2
    exit 2
fi

if ! command -v protoc >/dev/null; then
    echo "installing protoc (Debian's protobuf-compiler)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y protobuf-compiler >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. The protos, in the layout their imports expect ("etcd/api/mvccpb/kv.proto").
read_proto() { # $1: path inside etcd's repository
    if git -C "$ETCD_SRC" rev-parse --git-dir >/dev/null 2>&1; then
        git -C "$ETCD_SRC" show "$ETCD_REF:$1"
    else
        cat "$ETCD_SRC/$1"
    fi
}
protos=(api/etcdserverpb/rpc.proto api/mvccpb/kv.proto api/authpb/auth.proto)
for proto in "${protos[@]}"; do
    mkdir -p "$work/raw/$(dirname "$proto")" "$work/etcd/$(dirname "$proto")"
    read_proto "$proto" >"$work/raw/$proto"
    python3 scripts/strip-proto-annotations.py "$work/raw/$proto" "$work/etcd/$proto"
done

# 2. The plugins, from the versions Package.resolved pins.
swift build --scratch-path "$SCRATCH" --product protoc-gen-swift >&2
swift build --scratch-path "$SCRATCH" --product protoc-gen-grpc-swift-2 >&2
bin="$(swift build --scratch-path "$SCRATCH" --show-bin-path)"

# 3. Generate into a fresh folder, then replace the target's files.
mkdir -p "$work/out"
protoc -I "$work" \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
    --swift_out="$work/out" --swift_opt=Visibility=Public,FileNaming=DropPath \
    --grpc-swift_out="$work/out" --grpc-swift_opt=Visibility=Public,FileNaming=DropPath,Server=true,Client=true \
    "${protos[@]/#/etcd/}"

version_of() { # $1: package identity in Package.resolved
    python3 -c 'import json,sys; pins=json.load(open("Package.resolved"))["pins"]; print(next(p["state"].get("version","?") for p in pins if p["identity"]==sys.argv[1]))' "$1"
}
{
    echo "// DO NOT EDIT. Written by scripts/generate-etcd-proto.sh."
    echo ""
    echo "/// Where the generated etcd API code came from."
    echo "public enum EtcdProtoSource {"
    echo "    /// The etcd release whose protos were compiled."
    echo "    public static let etcdRef = \"$ETCD_REF\""
    echo "    /// swift-protobuf and grpc-swift-protobuf, whose plugins generated the code."
    echo "    public static let swiftProtobufVersion = \"$(version_of swift-protobuf)\""
    echo "    public static let grpcSwiftProtobufVersion = \"$(version_of grpc-swift-protobuf)\""
    echo "    /// SHA-256 of each input proto as etcd ships it, before its Go annotations were stripped."
    echo "    public static let protoSHA256: [String: String] = ["
    for proto in "${protos[@]}"; do
        echo "        \"$proto\": \"$(sha256sum "$work/raw/$proto" | cut -d' ' -f1)\","
    done
    echo "    ]"
    echo "}"
} >"$work/out/EtcdProtoSource.swift"

rm -f "$OUT"/*.swift
mkdir -p "$OUT"
cp "$work/out"/*.swift "$OUT"/
ls -l "$OUT" >&2
