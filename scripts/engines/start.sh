#!/usr/bin/env bash
# Starts the database engines the SQL tests run on, on loopback only, in a scratch folder:
#   PostgreSQL (Debian's postgresql, run as the postgres user) on 127.0.0.1:${BS_PG_PORT:-54329}
#   ClickHouse (Debian's clickhouse-server, 18.16) as two servers, HTTP ${BS_CH_PORT_A:-18123} and
#   ${BS_CH_PORT_B:-18124}, forming the two-shard cluster "bs_two" (the first also serves single-server tests).
# Installs the Debian packages when they are missing (as root). Writes the folder's path to
# build/engines/dir; scripts/engines/stop.sh stops everything it started. Used by .ci/run and by
# `npm run engines` (then `npm run engines:stop`).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PG_PORT="${BS_PG_PORT:-54329}"
CH_A="${BS_CH_PORT_A:-18123}"
CH_B="${BS_CH_PORT_B:-18124}"
start=$(date +%s)

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v clickhouse-server >/dev/null || need+=(clickhouse-server clickhouse-client)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "engines: installing ${need[*]} (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
installed=$(date +%s)

# Refuse to start over something already listening (an earlier run not stopped): its answers would be
# taken for ours.
for port in "$PG_PORT" "$CH_A" "$CH_B"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "engines: 127.0.0.1:$port is already in use (run scripts/engines/stop.sh first)"
    exit 1
  fi
done

DIR="$(mktemp -d /tmp/batchstats-engines.XXXXXX)"
chmod 755 "$DIR"
mkdir -p build/engines
echo "$DIR" > build/engines/dir

# --- PostgreSQL ---------------------------------------------------------------------------------
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
mkdir -p "$DIR/pg"
chown postgres:postgres "$DIR/pg"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_postgres "$PGBIN/initdb" -D "$DIR/pg/data" -U postgres --auth=trust -E UTF8 --no-instructions >"$DIR/pg/initdb.log"
as_postgres "$PGBIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$DIR/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
echo "engines: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# --- ClickHouse: two servers, one cluster -------------------------------------------------------
ch_config() { # name http tcp interserver
  local d="$DIR/ch-$1"
  mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/log"
  cat >"$d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$2</http_port>
  <tcp_port>$3</tcp_port>
  <interserver_http_port>$4</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <users_config>$d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <remote_servers>
    <bs_two>
      <shard><replica><host>127.0.0.1</host><port>$CH_TCP_A</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$CH_TCP_B</port></replica></shard>
    </bs_two>
  </remote_servers>
</yandex>
XML
  cat >"$d/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
  (cd "$d" && nohup clickhouse-server --config-file="$d/config.xml" >"$d/log/stdout.log" 2>&1 & echo $! >"$d/pid")
}
CH_TCP_A=$((CH_A + 1000))
CH_TCP_B=$((CH_B + 1000))
ch_config a "$CH_A" "$CH_TCP_A" $((CH_A + 2000))
ch_config b "$CH_B" "$CH_TCP_B" $((CH_B + 2000))
for port in "$CH_A" "$CH_B"; do
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/ping" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/ping" >/dev/null || { echo "engines: ClickHouse on $port did not start"; cat "$DIR"/ch-*/log/*.log | tail -30; exit 1; }
done
version=$(curl -fsS "http://127.0.0.1:$CH_A/?query=SELECT%20version()")
echo "engines: ClickHouse $version on 127.0.0.1:$CH_A and :$CH_B (cluster bs_two)"
echo "engines: install $((installed - start)) s, start $(($(date +%s) - installed)) s"
