#!/usr/bin/env bash
# Local stand-ins for the base images compose/docker-compose.yml and the Dockerfile name, for machines that reach
# no image registry (Debian's apt only). Each is a Debian bookworm root (debootstrap --variant=minbase) with Debian's
# own packages, imported with `docker import` and tagged with the official name, so the compose file under test is
# the one users run.
#
#   deploy/images/base-images.sh build    needs the network (apt, npm): builds the root file systems as tarballs in
#                                          the machine-wide cache, once per machine (a changed recipe builds anew)
#   deploy/images/base-images.sh import   needs no network: `docker import`s every cached tarball into the daemon
#                                          that DOCKER_HOST names (a tag already present with the same recipe is kept)
#   deploy/images/base-images.sh list     the tags and their tarballs
#
# Cache: $MERGEBUS_IMAGE_CACHE, default /var/cache/mergebus/images (never inside the clone). Must run as root.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${MERGEBUS_IMAGE_CACHE:-/var/cache/mergebus/images}"
MIRROR="${MERGEBUS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
say() { printf 'base-images: %s\n' "$*" >&2; }

# name|tag|Debian packages|extra step|docker import --change lines (';' separated)
IMAGES=(
  "debian|debian:bookworm-slim||add_none|CMD [\"bash\"]"
  "dotnet-aspnet|mcr.microsoft.com/dotnet/aspnet:10.0|ca-certificates libicu72 libssl3 tzdata zlib1g ffmpeg libopus0 curl|add_dotnet|ENV DOTNET_RUNNING_IN_CONTAINER=true;ENV APP_UID=1654;WORKDIR /app"
  "redis|redis:7|redis-server|add_none|WORKDIR /data;CMD [\"redis-server\"]"
  "rabbitmq|rabbitmq:3.10-management|rabbitmq-server|add_rabbitmq|ENV HOME=/var/lib/rabbitmq;ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"];CMD [\"rabbitmq-server\"]"
  "postgres|postgres:15|postgresql-15|add_postgres|ENV PGDATA=/var/lib/postgresql/data;ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"];CMD [\"postgres\"]"
  "s3rver|mergebus-local/s3rver:5.0.0|nodejs ca-certificates|add_s3rver|WORKDIR /data;ENTRYPOINT [\"node\",\"--require\",\"/opt/s3rver/patches.js\",\"/opt/s3rver/s3rver.js\"]"
)

field() { local IFS='|'; read -r -a parts <<<"$1"; printf '%s' "${parts[$2]}"; }

# Bump when a step function changes; the hash of the recipe names the tarball, so a changed image line, step,
# stand-in file or .NET runtime builds that image anew.
RECIPE_VERSION=1
recipe_hash() {
  { printf '%s\n%s\n' "$RECIPE_VERSION" "$1"; declare -f "$(field "$1" 3)"
    case "$(field "$1" 0)" in
      rabbitmq) cat "$HERE/stand-ins/rabbitmq-entrypoint.sh" ;;
      postgres) cat "$HERE/stand-ins/postgres-entrypoint.sh" ;;
      s3rver) cat "$HERE/stand-ins/s3rver-patches.js" "$HERE/stand-ins/s3rver-main.js" ;;
      dotnet-aspnet) dotnet_runtime_version ;;
    esac; } | sha256sum | cut -c1-16
}
tarball() { printf '%s/%s-%s.tar' "$CACHE" "$(field "$1" 0)" "$(recipe_hash "$1")"; }

dotnet_root() { dirname "$(readlink -f "$(command -v dotnet)")"; }
dotnet_runtime_version() { ls "$(dotnet_root)/shared/Microsoft.AspNetCore.App" | sort -V | tail -1; }

need_tools() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v npm >/dev/null || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} (apt-get)…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

minbase() {
  local out="$CACHE/rootfs-$SUITE-minbase.tar"
  if [ ! -f "$out" ]; then
    say "debootstrap --variant=minbase $SUITE (once per machine)…"
    local dir; dir="$(mktemp -d /var/tmp/mergebus-debootstrap.XXXXXX)"; chmod 755 "$dir"
    debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" >"$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; exit 1; }
    tar -C "$dir" -cf "$out.part" . && mv "$out.part" "$out"
    rm -rf "$dir" "$dir.log"
  fi
  printf '%s' "$out"
}

add_none() { :; }

add_dotnet() {
  # The ASP.NET Core runtime of this machine's SDK (the shared frameworks and the host), as the official image has.
  local root; root="$(dotnet_root)"
  mkdir -p "$1/usr/share/dotnet"
  cp -a "$root/dotnet" "$root/host" "$root/shared" "$1/usr/share/dotnet/"
  [ -f "$root/LICENSE.txt" ] && cp "$root/LICENSE.txt" "$1/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$1/usr/bin/dotnet"
  chroot "$1" useradd --uid 1654 --user-group --no-create-home --home-dir /app app
}

add_rabbitmq() {
  install -m 0755 "$HERE/stand-ins/rabbitmq-entrypoint.sh" "$1/usr/local/bin/docker-entrypoint.sh"
  printf '[rabbitmq_management].\n' >"$1/etc/rabbitmq/enabled_plugins"
}

add_postgres() {
  install -m 0755 "$HERE/stand-ins/postgres-entrypoint.sh" "$1/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$1/var/lib/postgresql/data" "$1/var/run/postgresql"
  chroot "$1" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
}

add_s3rver() {
  mkdir -p "$1/opt/s3rver" "$1/data"
  npm install --silent --no-audit --no-fund --prefix "$1/opt/s3rver" @20minutes/s3rver@5.0.0 >/dev/null
  install -m 0644 "$HERE/stand-ins/s3rver-patches.js" "$1/opt/s3rver/patches.js"
  install -m 0644 "$HERE/stand-ins/s3rver-main.js" "$1/opt/s3rver/s3rver.js"
}

build_one() {
  local spec="$1" out; out="$(tarball "$spec")"
  [ -f "$out" ] && return 0
  local name packages step base dir
  name="$(field "$spec" 0)"; packages="$(field "$spec" 2)"; step="$(field "$spec" 3)"
  base="$(minbase)"
  say "building $name ($(field "$spec" 1)): $packages…"
  # mktemp makes the folder 0700: as the image's root it would lock every non-root user out of /.
  dir="$(mktemp -d /var/tmp/mergebus-image.XXXXXX)"; chmod 755 "$dir"
  tar -C "$dir" -xf "$base"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  # No service may start inside the chroot while packages install.
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"; chmod +x "$dir/usr/sbin/policy-rc.d"
  # A throw-away root: dpkg need not fsync every file (on a busy disk that is most of the install time).
  echo force-unsafe-io >"$dir/etc/dpkg/dpkg.cfg.d/mergebus-unsafe-io"
  mount -t proc proc "$dir/proc"
  if [ -n "$packages" ] && ! { chroot "$dir" apt-get update -qq && DEBIAN_FRONTEND=noninteractive chroot "$dir" apt-get install -y -qq \
          --no-install-recommends $packages; } >"$dir.log" 2>&1; then
    tail -20 "$dir.log" >&2; umount "$dir/proc"; exit 1
  fi
  "$step" "$dir"
  umount "$dir/proc"
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir/usr/sbin/policy-rc.d" "$dir/etc/dpkg/dpkg.cfg.d/mergebus-unsafe-io" "$dir/etc/resolv.conf" "$dir.log"
  : >"$dir/etc/resolv.conf"
  tar -C "$dir" -cf "$out.part" . && mv "$out.part" "$out"
  rm -rf "$dir"
  # Older recipes of the same image are dropped.
  find "$CACHE" -maxdepth 1 -name "$name-*.tar" ! -path "$out" -delete
}

build() {
  [ "$(id -u)" -eq 0 ] || { say "must run as root (debootstrap, chroot)"; exit 2; }
  need_tools
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock"; flock 9
  for spec in "${IMAGES[@]}"; do build_one "$spec"; done
}

import() {
  for spec in "${IMAGES[@]}"; do
    local tag out label changes=()
    tag="$(field "$spec" 1)"; out="$(tarball "$spec")"
    [ -f "$out" ] || { say "$out is missing: run '$0 build' first (it needs the network)"; exit 2; }
    label="mergebus.recipe=$(basename "$out" .tar)"
    if [ "$(docker image inspect -f '{{index .Config.Labels "mergebus.recipe"}}' "$tag" 2>/dev/null)" = "${label#*=}" ]; then
      continue
    fi
    IFS=';' read -r -a lines <<<"$(field "$spec" 4)"
    for line in "${lines[@]}" "LABEL $label"; do changes+=(--change "$line"); done
    say "docker import $tag"
    docker import "${changes[@]}" "$out" "$tag" >/dev/null
  done
  # Stand-ins of older recipes, no longer tagged (only ours: they carry the label).
  docker image prune -f --filter label=mergebus.recipe >/dev/null
}

list() { for spec in "${IMAGES[@]}"; do printf '%s\t%s\n' "$(field "$spec" 1)" "$(tarball "$spec")"; done; }

case "${1:-}" in
  build) build ;;
  import) import ;;
  list) list ;;
  *) sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 2 ;;
esac
