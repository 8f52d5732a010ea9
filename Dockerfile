# The conlink sidecar image. The app is published OUTSIDE docker (self-contained, linux-x64),
# so no .NET SDK is needed here: scripts/build-image.sh does both steps; by hand:
#   dotnet publish src/Cli -c Release -r linux-x64 --self-contained -o artifacts/publish/conlink
#   mkdir -p artifacts/publish/utils      (scripts/publish-utils.sh fills it with wait, copy, echo, mdc)
#   docker build -t conlink .
#
# The default base is Microsoft's .NET runtime-deps image (Debian trixie-slim), and the RUN
# step below adds what conlink runs at run time. A base that has them already (the offline
# local/conlink-base of scripts/setup-docker.sh) skips it: --build-arg INSTALL_PACKAGES=false.
ARG BASE_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-trixie-slim
FROM ${BASE_IMAGE}

# iptables: forward/nat; ethtool: offload settings; tini: PID 1; iproute2: debugging in the container
ARG INSTALL_PACKAGES=true
RUN if [ "$INSTALL_PACKAGES" = true ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends iptables ethtool tini iproute2 \
      && rm -rf /var/lib/apt/lists/*; \
    fi

# TARGETARCH (set by buildx per platform, or --build-arg): artifacts/publish/ARCH, from
# `scripts/build-image.sh --arch ARCH`; unset: artifacts/publish, the machine's own architecture.
ARG TARGETARCH
COPY artifacts/publish/${TARGETARCH:+${TARGETARCH}/}utils/ /utils/
COPY docker/entrypoint.sh /app/entrypoint.sh
COPY artifacts/publish/${TARGETARCH:+${TARGETARCH}/}conlink/ /app/

# The original's paths, so compose files written for it run unchanged: its `command:` lines start with
# /app/build/conlink.js, and its image has /app on PATH and /app as the working directory.
RUN mkdir -p /app/build && ln -s ../conlink /app/build/conlink.js
ENV PATH=/app:$PATH
WORKDIR /app

# tini reaps any daemon conlink's helpers leave behind; -s keeps it quiet under compose's `init: true`
ENTRYPOINT ["/usr/bin/tini", "-s", "--", "/app/entrypoint.sh"]
CMD ["/app/conlink"]
