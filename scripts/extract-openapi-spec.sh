#!/usr/bin/env bash
# Extracts Kubernetes 1.32's published OpenAPI specification into Sources/KubeOpenAPI/Spec, gzip-compressed:
#
#   KUBECTL_VALIDATE_SRC=/path/to/kubectl-validate PYTHON_CLIENT_SRC=/path/to/kubernetes-client-python \
#       scripts/extract-openapi-spec.sh
#
# v3: one document per group-version, as kube-apiserver 1.32 serves it at /openapi/v3/<path> and as the kubernetes
#     repository checks it in (api/openapi-spec/v3/*.json); read from kubernetes-sigs/kubectl-validate, which vendors
#     those files unchanged under pkg/openapiclient/builtins/1.32/ (ref KUBECTL_VALIDATE_REF).
# v2: the kubernetes repository's api/openapi-spec/swagger.json of release-1.32; read from kubernetes-client/python,
#     whose generator saves it unprocessed as kubernetes/swagger.json.unprocessed (ref PYTHON_CLIENT_REF, the
#     "generated API change" commit of client 32.0.0, KUBERNETES_BRANCH release-1.32).
#
# Both sources are git clones read with `git show`, so their checkouts do not matter. The output is deterministic
# (gzip -n: no name or time stamp); SOURCE.txt records the refs and each input's SHA-256.
set -euo pipefail
cd "$(dirname "$0")/.."

KUBECTL_VALIDATE_REF="${KUBECTL_VALIDATE_REF:-231e3efa}"
PYTHON_CLIENT_REF="${PYTHON_CLIENT_REF:-5342870c0}"
OUT="${OUT:-Sources/KubeOpenAPI/Spec}"
: "${KUBECTL_VALIDATE_SRC:?set KUBECTL_VALIDATE_SRC to a clone of kubernetes-sigs/kubectl-validate}"
: "${PYTHON_CLIENT_SRC:?set PYTHON_CLIENT_SRC to a clone of kubernetes-client/python}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/v3" "$work/v2"

builtins="pkg/openapiclient/builtins/1.32"
sources="$work/SOURCE.txt"
{
    echo "Kubernetes 1.32's published OpenAPI specification, written by scripts/extract-openapi-spec.sh."
    echo "v3: kubernetes-sigs/kubectl-validate $KUBECTL_VALIDATE_REF:$builtins"
    echo "v2: kubernetes-client/python $PYTHON_CLIENT_REF:kubernetes/swagger.json.unprocessed"
    echo "SHA-256 of each input:"
} >"$sources"

# v3: api/v1.json -> v3/api__v1.json.gz, apis/apps/v1.json -> v3/apis__apps__v1.json.gz (the index path with "/" as "__").
git -C "$KUBECTL_VALIDATE_SRC" ls-tree -r --name-only "$KUBECTL_VALIDATE_REF" "$builtins/" | sort | while read -r file; do
    path="${file#"$builtins/"}"
    path="${path%.json}"
    name="${path//\//__}"
    git -C "$KUBECTL_VALIDATE_SRC" show "$KUBECTL_VALIDATE_REF:$file" >"$work/raw.json"
    echo "$(sha256sum "$work/raw.json" | cut -d' ' -f1)  $path" >>"$sources"
    gzip -9 -n -c "$work/raw.json" >"$work/v3/$name.json.gz"
done

git -C "$PYTHON_CLIENT_SRC" show "$PYTHON_CLIENT_REF:kubernetes/swagger.json.unprocessed" >"$work/raw.json"
echo "$(sha256sum "$work/raw.json" | cut -d' ' -f1)  swagger.json" >>"$sources"
gzip -9 -n -c "$work/raw.json" >"$work/v2/swagger.json.gz"

rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$work/v3" "$work/v2" "$sources" "$OUT"/
du -sh "$OUT" >&2
