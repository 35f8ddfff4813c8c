#!/usr/bin/env bash
# Regenerates the Swift of Protos/*.proto into Sources/BatchLabTracking/TensorBoard/ (the output is
# committed: CI and users never run this). usage: scripts/generate-protos.sh
#   PROTOC: a protoc command (default: python3 -m grpc_tools.protoc, from `pip install grpcio-tools`,
#           which also brings google/protobuf/struct.proto);
#   PROTOC_GEN_SWIFT: swift-protobuf's plugin, the version Package.swift names (build it with
#           `swift build --product protoc-gen-swift` in any package that depends on swift-protobuf).
set -euo pipefail
cd "$(dirname "$0")/.."
protoc=${PROTOC:-python3 -m grpc_tools.protoc}
plugin=${PROTOC_GEN_SWIFT:?set PROTOC_GEN_SWIFT to the path of protoc-gen-swift}
out=Sources/BatchLabTracking/TensorBoard
mkdir -p "$out"
$protoc --plugin=protoc-gen-swift="$plugin" --proto_path=Protos --swift_out="$out" --swift_opt=Visibility=Internal Protos/*.proto
echo "Generated: $(ls "$out"/*.pb.swift | tr '\n' ' ')"
