#!/usr/bin/env bash
# Regenerates the Python protobuf modules (and .pyi stubs) under finops/prompb from the .proto files there: the
# one definition of the remote-write/read wire format, shared by the adapter, the exporters and the tests.
# The repository root is the import root, so the generated modules import each other as `finops.prompb...` and
# no top-level `prometheus` package is ever needed on sys.path.
# Uses the protoc bundled with grpcio-tools in the project venv; its gencode must not be newer than the
# installed protobuf runtime (checked below by importing every module).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${FINOPS_VENV:-$here/.venv}/bin/python"
cd "$here"

mapfile -t protos < <(find finops/prompb -name '*.proto' | sort)
find finops/prompb \( -name '*_pb2.py' -o -name '*_pb2.pyi' \) -delete
"$PY" -m grpc_tools.protoc --proto_path=. --python_out=. --pyi_out=. "${protos[@]}"

for proto in "${protos[@]}"; do
  module="${proto%.proto}_pb2"
  "$PY" -c "import importlib, sys; importlib.import_module(sys.argv[1])" "${module//\//.}"
done
printf 'gen-proto: generated %d modules (%s)\n' "${#protos[@]}" "$("$PY" -m grpc_tools.protoc --version)" >&2
