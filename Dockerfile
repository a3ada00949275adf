# punchplay-bridge as one container: the webhook receiver, delivery worker and SQLite
# database, with all state on the /config volume.
#
#   docker build -t punchplay-bridge .
#   docker run -d --init --user 0:0 -e PUID=1000 -e PGID=1000 \
#     -p 8787:8787 -v "$PWD/config:/config" punchplay-bridge
#
# The image's default user is `node` (uid 1000). Started as root, as above, the entrypoint
# chowns /config to PUID:PGID and runs the bridge as that uid/gid. Started as any other user
# it runs as that user, and /config must already be writable. docker/entrypoint.sh explains
# both modes.

# ---------- build: compile TypeScript and better-sqlite3, then keep production files only ----------
FROM node:24-bookworm-slim AS build

# Toolchain for node-gyp, used when better-sqlite3 compiles from source.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# node-gyp takes the headers of the image's own Node from /usr/local/include/node, so the
# compile needs no download from nodejs.org.
ENV npm_config_nodedir=/usr/local
# By default better-sqlite3 compiles from source (`npm ci` took about 1 minute on a 2-core
# x86-64 VM), so the build needs only the npm registry and the Debian mirror. With access to GitHub, pass
# `--build-arg npm_config_build_from_source=false` to download its prebuilt binary instead,
# which also avoids a slow compile under QEMU in multi-platform builds.
# npm 11 warns 'Unknown env config "nodedir"' and '"build-from-source"' for these two
# variables. The warnings are expected: node-gyp and prebuild-install read them, not npm.
ARG npm_config_build_from_source=better-sqlite3

COPY package.json package-lock.json .npmrc ./
RUN npm ci

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Drop dev dependencies and what the better-sqlite3 compile leaves behind (sources, object
# files, the static SQLite library, a test extension): only build/Release/better_sqlite3.node
# is loaded at run time. The last line fails the build if the native module does not load.
RUN npm prune --omit=dev \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ \
 && rm -rf build deps src \
 && mkdir -p build/Release \
 && mv /tmp/better_sqlite3.node build/Release/ \
 && cd /app \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('SELECT 1').get()"

# ---------- runtime ----------
FROM node:24-bookworm-slim

ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="punchplay-bridge" \
      org.opencontainers.image.description="Self-hosted bridge from Plex, Jellyfin, Emby and Kodi playback to PunchPlay watch tracking" \
      org.opencontainers.image.source="https://github.com/punchplay-bridge/punchplay-bridge" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION"

# These variables override config.yaml, so inside the container the bridge always listens
# on 0.0.0.0:8787 and keeps its data in /config. Publish another host port with -p instead.
ENV NODE_ENV=production \
    BRIDGE_DATA_DIR=/config \
    BRIDGE_HOST=0.0.0.0 \
    BRIDGE_PORT=8787

WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY bin ./bin
COPY docker/entrypoint.sh ./docker/entrypoint.sh

# The application files stay owned by root and read-only for the bridge. /config belongs to
# node, so a new named volume starts out writable in the default mode.
RUN chmod 755 bin/punchplay-bridge.js docker/entrypoint.sh \
 && ln -s /app/docker/entrypoint.sh /usr/local/bin/punchplay-bridge \
 && mkdir -p /config \
 && chown node:node /config

VOLUME /config
EXPOSE 8787
USER node

# Probes the port from BRIDGE_PORT. /healthz returns 200 once the database is open.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.BRIDGE_PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["serve"]
