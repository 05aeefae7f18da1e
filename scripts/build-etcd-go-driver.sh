#!/usr/bin/env bash
# Builds etcd-grpc-bench's Go driver (Benchmarks/EtcdGoDriver) with etcd's own client, offline, in GOPATH mode,
# from Debian's packages: apt-get install -y golang-go golang-etcd-server-dev
# Writes .build/release/etcd-go-driver, beside etcd-grpc-bench, which looks for it there (or the path given).
set -euo pipefail
cd "$(dirname "$0")/.."
output="${1:-.build/release/etcd-go-driver}"
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/go.etcd.io/etcd/clientv3 ]; then
    echo "build-etcd-go-driver: needs Debian's golang-go and golang-etcd-server-dev (apt-get install -y golang-go golang-etcd-server-dev)" >&2
    exit 1
fi
mkdir -p "$(dirname "$output")"
GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE="${GOCACHE:-$PWD/.build/go-cache}" \
    go build -o "$output" ./Benchmarks/EtcdGoDriver
echo "built $output"
