#!/usr/bin/env bash
# Everything tests/MergeBus.Deploy.Tests needs from the network, done before the tests run: ./mergebus test calls
# this after building the solution and outside the private network namespace the tests run in (that namespace
# has loopback only; dockerd and compose run inside it with host networking).
#   - Debian's docker.io, docker-compose, debootstrap, npm and kubernetes-client (kubectl kustomize)
#   - the base image stand-ins, built once per machine into /var/cache/mergebus/images (base-images.sh build)
#   - the npm schema packages of deploy/k8s/tools/package.json, into .tools/k8s-schemas
#   - the services and the CLI published into .artifacts/publish (the image build's PREPUBLISHED)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { printf 'prepare-compose-test: %s\n' "$*" >&2; }

if ! command -v kubectl >/dev/null; then
  say "installing kubernetes-client (apt-get)…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
fi
bash "$ROOT/deploy/images/base-images.sh" build

schemas="$ROOT/.tools/k8s-schemas"
if ! cmp -s "$ROOT/deploy/k8s/tools/package.json" "$schemas/package.json" || [ ! -d "$schemas/node_modules/@kubernetes-models/keda" ]; then
  say "installing the Kubernetes and KEDA schema packages (npm)…"
  mkdir -p "$schemas"
  cp "$ROOT/deploy/k8s/tools/package.json" "$schemas/package.json"
  (cd "$schemas" && npm install --silent --no-audit --no-fund >/dev/null)
fi

say "publishing the services for the image build…"
rm -rf "$ROOT/.artifacts/publish"
for s in Ingest Fetcher Mixer Publisher; do
  dotnet publish "$ROOT/services/$s/MergeBus.$s/MergeBus.$s.csproj" -c Release --no-build -nologo -v q \
    -o "$ROOT/.artifacts/publish/$(echo "$s" | tr 'A-Z' 'a-z')" >/dev/null
done
dotnet publish "$ROOT/cli/MergeBus.Cli/MergeBus.Cli.csproj" -c Release --no-build -nologo -v q -o "$ROOT/.artifacts/publish/cli" >/dev/null
