#!/usr/bin/env bash
# Installs chdb (ClickHouse 26.x in process, ~550 MB) into build/chdb from the pinned
# test/engines/chdb/package-lock.json, apart from the project's own dependency tree; skips the
# install when build/chdb already matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/chdb
if ! cmp -s test/engines/chdb/package-lock.json build/chdb/package-lock.json || [ ! -d build/chdb/node_modules/chdb ]; then
  cp test/engines/chdb/package.json test/engines/chdb/package-lock.json build/chdb/
  start=$(date +%s)
  # npm ci refuses this lock (npm 11 wants entries for the other platforms' optional packages, which
  # npm install never writes); npm install with the lock in place installs exactly its versions.
  (cd build/chdb && npm install --no-save --no-audit --no-fund --loglevel=error)
  echo "engines: chdb installed in $(($(date +%s) - start)) s"
fi
