#!/usr/bin/env bash
# Starts `npm start` with no DATABASE_URL in a temporary DATA_DIR, asks for the districts, checks
# that a second start on the same port fails with one line, and stops the first with SIGTERM sent
# to npm alone; fails unless the 11 quartiers come back and no process is left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
port=${SMOKE_PORT:-4517}
log="$data_dir/server.log"
trap 'kill -KILL -- "-$pid" 2>/dev/null || true; rm -rf "$data_dir"' EXIT

# In its own process group, so that whatever is left behind after npm exits can be found.
setsid env -u DATABASE_URL DATA_DIR="$data_dir/db" PORT="$port" HOST=127.0.0.1 npm start >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "server exited before it was ready"; exit 1; }
  sleep 0.5
done
answer=$(curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
  --data '{"query":"{ districts { code name } }"}')
count=$(node -e 'console.log(JSON.parse(process.argv[1]).data.districts.length)' "$answer")
echo "districts answered: $count"
[ "$count" = 11 ] || { echo "$answer"; exit 1; }
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "client not served"; exit 1; }

second=$(env -u DATABASE_URL DATA_DIR="$data_dir/other" PORT="$port" HOST=127.0.0.1 npm start 2>&1 >/dev/null || true)
echo "second start on the same port: $second"
[ "$(printf '%s\n' "$second" | grep -c .)" = 1 ] || { echo "expected one line"; exit 1; }
printf '%s' "$second" | grep -q "already in use" || exit 1
[ ! -e "$data_dir/other" ] || { echo "the second start opened a database"; exit 1; }

# SIGTERM to npm alone (as a process manager sends it): the server must get it and stop too.
kill -TERM "$pid"
for _ in $(seq 1 40); do pgrep -g "$pid" >/dev/null || break; sleep 0.25; done
if pgrep -g "$pid" >/dev/null; then echo "server still running 10 s after SIGTERM"; exit 1; fi
grep -q '"msg":"stopped"' "$log" || { cat "$log"; echo "no clean shutdown"; exit 1; }
echo "smoke test passed"
