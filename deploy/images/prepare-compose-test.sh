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

# ReadyToRun, as the Dockerfile's own build stage: native code needs a runtime identifier, so this builds once more
# for linux-x64 (not --no-build) and compiles each assembly ahead of time: ≈ 2 min per app on a quiet 2-core machine
# (the CLI: 1 m 45 s), 3–5 min on a busy one.
say "publishing the services ReadyToRun for the image build…"
rm -rf "$ROOT/.artifacts/publish"
ready_to_run=(-r linux-x64 --self-contained false -p:PublishReadyToRun=true)
for s in Ingest Fetcher Mixer Publisher; do
  dotnet publish "$ROOT/services/$s/MergeBus.$s/MergeBus.$s.csproj" -c Release "${ready_to_run[@]}" -nologo -v q \
    -clp:ErrorsOnly -o "$ROOT/.artifacts/publish/$(echo "$s" | tr 'A-Z' 'a-z')"
done
dotnet publish "$ROOT/cli/MergeBus.Cli/MergeBus.Cli.csproj" -c Release "${ready_to_run[@]}" -nologo -v q -clp:ErrorsOnly \
  -o "$ROOT/.artifacts/publish/cli"
