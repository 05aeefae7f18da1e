#!/usr/bin/env bash
# Regenerates Sources/KubeOpenAPI/Proto/OpenAPIv2.pb.swift, the gnostic OpenAPI v2 messages that client-go decodes
# from `/openapi/v2` (Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf), from google/gnostic-models.
#
#   GNOSTIC_SRC=/path/to/gnostic-models [GNOSTIC_REF=HEAD] scripts/generate-openapi-v2-proto.sh
#
# Tools: protoc (Debian's protobuf-compiler) and protoc-gen-swift built from this package's pinned swift-protobuf.
set -euo pipefail
cd "$(dirname "$0")/.."

GNOSTIC_REF="${GNOSTIC_REF:-HEAD}"
SCRATCH="${SCRATCH:-.build-protogen}"
OUT="${OUT:-Sources/KubeOpenAPI/Proto}"
: "${GNOSTIC_SRC:?set GNOSTIC_SRC to a clone of google/gnostic-models}"

if ! command -v protoc >/dev/null; then
    echo "installing protoc (Debian's protobuf-compiler)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y protobuf-compiler >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in/openapiv2" "$work/out"
git -C "$GNOSTIC_SRC" show "$GNOSTIC_REF:openapiv2/OpenAPIv2.proto" >"$work/in/openapiv2/OpenAPIv2.proto"
commit="$(git -C "$GNOSTIC_SRC" rev-parse "$GNOSTIC_REF")"

swift build --scratch-path "$SCRATCH" --product protoc-gen-swift >&2
bin="$(swift build --scratch-path "$SCRATCH" --show-bin-path)"
protoc -I "$work/in" --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --swift_out="$work/out" --swift_opt=Visibility=Public,FileNaming=DropPath openapiv2/OpenAPIv2.proto

{
    echo "// Written by scripts/generate-openapi-v2-proto.sh from google/gnostic-models $commit"
    echo "// (openapiv2/OpenAPIv2.proto, SHA-256 $(sha256sum "$work/in/openapiv2/OpenAPIv2.proto" | cut -d' ' -f1))."
    cat "$work/out/OpenAPIv2.pb.swift"
} >"$work/OpenAPIv2.pb.swift"
mkdir -p "$OUT"
cp "$work/OpenAPIv2.pb.swift" "$OUT/"
wc -l "$OUT/OpenAPIv2.pb.swift" >&2
