#!/usr/bin/env bash
# Installs the schema validators tests/deploy uses for the Prometheus Operator's custom resources: the npm
# package @kubernetes-models/prometheus-operator (MIT; validators generated from the operator's API types),
# pinned by tests/deploy/node/package-lock.json, into .node-validators/. Quick when already there.
# The Kubernetes schemas come from the PyPI package kubernetes-validate (a dev dependency), the rendering from
# kustomize (Debian sid's build, unpacked into var/ by bootstrap.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$here/.node-validators"
src="$here/tests/deploy/node"
if [ -f "$dest/.installed" ] && [ "$dest/.installed" -nt "$src/package-lock.json" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-k8s-validators: npm is missing (apt-get install npm)" >&2
  exit 1
fi
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
touch "$dest/.installed"
echo "install-k8s-validators: installed into $dest"
