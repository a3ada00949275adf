#!/bin/sh
# Container entrypoint: prepares the data directory (/config), then runs the punchplay-bridge
# CLI with the container's arguments (the image's CMD is `serve`). The image also links it as
# /usr/local/bin/punchplay-bridge, so a CLI command run with `docker exec <container>
# punchplay-bridge links` takes the same path and drops root the same way.
#
# The image's default user is `node` (uid 1000), so a plain `docker run` never runs as root.
# PUID/PGID (the linuxserver.io convention) are therefore opt-in, because only root can chown
# /config and switch users:
#
# * Started as root (`docker run --user 0:0`, compose `user: "0:0"`): PUID and PGID (default
#   1000) choose the account the bridge runs as. Files under /config that belong to anyone
#   else are chowned to PUID:PGID. Only /config is walked, never other mounts. Then setpriv
#   drops root for good and Node starts as PUID:PGID. PUID=0 is rejected.
# * Started as any other user (the default `node`, or `--user 1000:1000`): nothing is
#   chowned and PUID/PGID are ignored, with a warning when they differ from the current ids.
#   /config must already be writable by that user, otherwise the script exits with status 1
#   and prints how to fix the folder.
#
# Starting as root by default would honour PUID/PGID without `user: "0:0"`. The cost is an
# image whose configured user is root, which image policies and scanners flag, and a root
# process in every container that never sets PUID.
#
# The script ends in `exec`, so Node replaces it and receives SIGTERM directly, either as
# PID 1 or as the child of the init process that `init: true` / `--init` adds.
set -eu

APP=/app/bin/punchplay-bridge.js
DATA_DIR=${BRIDGE_DATA_DIR:-/config}
DATABASE_FILES="bridge.db bridge.db-wal bridge.db-shm"

log() {
  printf 'punchplay-bridge entrypoint: %s\n' "$*" >&2
}

# Print each argument as one line of the message (an error, then how to fix it) and exit.
die() {
  log "error: $1"
  shift
  for line in "$@"; do
    log "$line"
  done
  exit 1
}

# Print $2 when it is a whole number, else stop with a message naming variable $1.
require_id() {
  case $2 in
    '' | *[!0-9]*) die "$1 must be a numeric id, e.g. $1=1000 (got '$2')." ;;
  esac
  echo "$2"
}

# Exit with error message $3, followed by how uid $1 / gid $2 can get access to the data directory.
die_with_fix() {
  die "$3" \
    "Fix: give the host folder mounted at $DATA_DIR to $1:$2 (e.g. sudo chown -R $1:$2 ./config)," \
    "or start the container as root with PUID/PGID so that this script can chown it" \
    "(docker run --user 0:0 -e PUID=$1 -e PGID=$2 ..., or in compose: user: \"0:0\")."
}

# Print the mount options of the data directory when it is a mount point, e.g. "ro,relatime".
mount_options() {
  awk -v dir="$DATA_DIR" '$2 == dir { options = $4 } END { print options }' /proc/self/mounts
}

# A read-only mount is the one case that neither chown nor another uid can fix.
case ,$(mount_options), in
  *,ro,*) die "$DATA_DIR is mounted read-only, but the bridge writes its database there." \
    "Fix: mount it read-write (remove :ro from the volume)." ;;
esac

if [ "$(id -u)" = 0 ]; then
  uid=$(require_id PUID "${PUID:-1000}")
  gid=$(require_id PGID "${PGID:-1000}")
  [ "$uid" -ne 0 ] || die "PUID=0 would run the bridge as root. Set PUID and PGID to the owner of your config folder, e.g. 1000."

  mkdir -p "$DATA_DIR"
  # -xdev keeps find on the data volume itself, so a folder mounted inside it is left alone.
  foreign=$(find "$DATA_DIR" -xdev \( ! -user "$uid" -o ! -group "$gid" \) -print | wc -l)
  if [ "$foreign" -gt 0 ]; then
    log "changing the owner of $foreign path(s) in $DATA_DIR to $uid:$gid"
    find "$DATA_DIR" -xdev \( ! -user "$uid" -o ! -group "$gid" \) -exec chown -h "$uid:$gid" {} + \
      || log "warning: chown failed for some paths in $DATA_DIR (a network filesystem?). The access checks below decide whether the bridge can start."
  fi

  # Drop root for good: real, effective and saved ids, no supplementary groups and no
  # inheritable capabilities.
  set -- setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all -- node "$APP" "$@"
  as_target="setpriv --reuid=$uid --regid=$gid --clear-groups --"
else
  uid=$(id -u)
  gid=$(id -g)
  if [ "${PUID:-$uid}" != "$uid" ] || [ "${PGID:-$gid}" != "$gid" ]; then
    log "warning: PUID/PGID (${PUID:-unset}:${PGID:-unset}) are ignored because the container runs as $uid:$gid, not root. Add user: \"0:0\" (or --user 0:0) to have them applied."
  fi

  mkdir -p "$DATA_DIR" 2>/dev/null || die_with_fix "$uid" "$gid" "cannot create $DATA_DIR as uid $uid."
  set -- node "$APP" "$@"
  as_target=""
fi

# Run `test` with the ids Node will have (through setpriv in root mode), so a bad mount fails
# here with a fix and not later inside SQLite.
test_as_target() {
  # shellcheck disable=SC2086  # as_target is a command prefix of plain words
  $as_target test "$@"
}

if ! test_as_target -w "$DATA_DIR" || ! test_as_target -x "$DATA_DIR"; then
  die_with_fix "$uid" "$gid" "$DATA_DIR is not writable by uid $uid (gid $gid)."
fi

# The bridge sets bridge.db to mode 0600, which only the file's owner may do.
for name in $DATABASE_FILES; do
  file=$DATA_DIR/$name
  [ -e "$file" ] || continue
  owner=$(stat -c %u "$file")
  [ "$owner" = "$uid" ] || die_with_fix "$uid" "$gid" "$file belongs to uid $owner, but the bridge runs as uid $uid."
done

if [ -e "$DATA_DIR/config.yaml" ] && ! test_as_target -r "$DATA_DIR/config.yaml"; then
  die_with_fix "$uid" "$gid" "$DATA_DIR/config.yaml is not readable by uid $uid (gid $gid)."
fi

exec "$@"
