#!/usr/bin/env bash
# Starts `npm start` with no DATABASE_URL in a temporary DATA_DIR, asks for the districts, and
# stops it with SIGTERM; fails unless the 11 quartiers come back and the process exits cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
port=${SMOKE_PORT:-4517}
log="$data_dir/server.log"
trap 'kill -KILL -- "-$pid" 2>/dev/null || true; rm -rf "$data_dir"' EXIT

# In its own process group, as in a terminal: the signal reaches the server itself, not only npm
# (npm forwards it to the shell that runs the script, which does not pass it on).
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

kill -TERM -- "-$pid"
for _ in $(seq 1 40); do pgrep -g "$pid" >/dev/null || break; sleep 0.25; done
if pgrep -g "$pid" >/dev/null; then echo "server still running 10 s after SIGTERM"; exit 1; fi
grep -q '"msg":"stopped"' "$log" || { cat "$log"; echo "no clean shutdown"; exit 1; }
echo "smoke test passed"
