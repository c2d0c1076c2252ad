# One image recipe for the four MergeBus services: the build stage publishes them all, the runtime stage holds
# the .NET runtime, ffmpeg and libopus, and each service is a target of its own (ingest, fetcher, mixer,
# publisher, plus cli) that differs only in its entry point. One file, because the four share every layer but the last.
#   docker build --target mixer -t mergebus/mixer .
# The bases are build arguments; the defaults are the official .NET images. Machines without a registry build
# local stand-ins with deploy/images/base-images.sh (same names).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
# PREPUBLISHED: a folder in the build context that already holds `dotnet publish` output (publish/<service>/),
# for machines whose builds cannot reach NuGet. Empty (the default): publish here.
ARG PREPUBLISHED=
ARG CONFIGURATION=Release
# ReadyToRun: each assembly carries native code, so a process starts and takes its first job without JIT-compiling
# most of it (services/Directory.Build.props has the figures). It needs a runtime identifier; still the shared runtime.
# For arm64 images: --build-arg READY_TO_RUN="-r linux-arm64 --self-contained false -p:PublishReadyToRun=true".
ARG READY_TO_RUN="-r linux-x64 --self-contained false -p:PublishReadyToRun=true"
WORKDIR /src
COPY . .
RUN set -eu; \
    if [ -n "$PREPUBLISHED" ]; then \
      for s in ingest fetcher mixer publisher cli; do [ -d "$PREPUBLISHED/$s" ] || { echo "$PREPUBLISHED/$s is missing" >&2; exit 1; }; done; \
      mkdir -p /app && cp -a "$PREPUBLISHED"/. /app/; \
    else \
      for s in Ingest Fetcher Mixer Publisher; do \
        l=$(echo $s | tr 'A-Z' 'a-z'); \
        dotnet publish services/$s/MergeBus.$s/MergeBus.$s.csproj -c $CONFIGURATION -nologo $READY_TO_RUN -o /app/$l; \
      done; \
      dotnet publish cli/MergeBus.Cli/MergeBus.Cli.csproj -c $CONFIGURATION -nologo $READY_TO_RUN -o /app/cli; \
    fi

FROM ${RUNTIME_IMAGE} AS runtime
# ffmpeg decodes and encodes, libopus0 is the codec library, curl serves the health check. A base that already
# has them (the local stand-in, built where no apt mirror is reachable from a build) skips the install.
RUN set -eu; \
    if ! command -v ffmpeg >/dev/null || ! command -v curl >/dev/null || ! ls /usr/lib/*/libopus.so.0 >/dev/null 2>&1; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg libopus0 curl \
      && rm -rf /var/lib/apt/lists/*; \
    fi; \
    id app >/dev/null 2>&1 || useradd --uid 1654 --user-group --no-create-home --home-dir /app app; \
    mkdir -p /etc/mergebus /tmp/mergebus && chown app:app /tmp/mergebus
COPY deploy/images/mergebus-health deploy/images/mergebus-entrypoint /usr/local/bin/
# Port 8080 (ASPNETCORE_URLS): /health, and Ingest's jobs API.
ENV ASPNETCORE_URLS=http://+:8080 \
    MERGE_TMP_DIR=/tmp/mergebus \
    EGRESS_CONFIG_FILE=/etc/mergebus/egress.yaml \
    DOTNET_gcServer=0
USER app
# /health answers 200 when the bus and Redis are reachable (shared/MergeBus.ServiceDefaults).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["/usr/local/bin/mergebus-health"]
# Each target below only adds its published app to /app; this runs it. Few instructions per target on purpose:
# every instruction is a full copy of the image under the vfs storage driver the compose test runs on.
ENTRYPOINT ["/usr/local/bin/mergebus-entrypoint"]

FROM runtime AS ingest
COPY --from=build /app/ingest /app

FROM runtime AS fetcher
COPY --from=build /app/fetcher /app

FROM runtime AS mixer
COPY --from=build /app/mixer /app

FROM runtime AS publisher
COPY --from=build /app/publisher /app

# The `mergebus` command line (jobs, retry, seed); compose's one-shot seed service runs it. No health endpoint.
FROM runtime AS cli
COPY --from=build /app/cli /app
HEALTHCHECK NONE
