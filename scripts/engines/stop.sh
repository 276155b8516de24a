#!/usr/bin/env bash
# Stops what scripts/engines/start.sh started and removes its scratch folder.
set -uo pipefail
cd "$(dirname "$0")/../.."
[ -f build/engines/dir ] || exit 0
DIR="$(cat build/engines/dir)"
case "$DIR" in /tmp/batchstats-engines.*) ;; *) echo "engines: unexpected folder $DIR"; exit 1 ;; esac
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -d "$DIR/pg/data" ] && [ -n "$PGBIN" ]; then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1
  else "$PGBIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1; fi
fi
# The ClickHouse servers: the pid each was started with, and every process running with that server's
# config file of this scratch folder (the server may fork a child that outlives its parent).
ch_pids() {
  for pidfile in "$DIR"/ch-*/pid; do [ -f "$pidfile" ] && cat "$pidfile"; done
  for cmdline in /proc/[0-9]*/cmdline; do
    if { tr '\0' ' ' <"$cmdline"; } 2>/dev/null | grep -qF -- "--config-file=$DIR/ch-"; then
      pid="${cmdline#/proc/}"
      echo "${pid%/cmdline}"
    fi
  done
}
pids="$(ch_pids | sort -u)"
for pid in $pids; do kill "$pid" 2>/dev/null; done
for pid in $pids; do
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null
done
rm -rf "$DIR" build/engines/dir
echo "engines: stopped"
