#!/usr/bin/env bash
# How fast the job queue drains: 10,000 reminders due at the same moment, delivered over SMTP
# to a local sink by one and by two release server processes sharing the database.
# Usage: bench/email-drain.sh [sqlite|postgres|both] (after `cargo leptos build --release`).
# Settings: BOOKABLE_BENCH_JOBS (default 10000), BOOKABLE_BENCH_POSTGRES
# (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
server="${BOOKABLE_SERVER_BIN:-$target_dir/release/bookable}"
jobs="${BOOKABLE_BENCH_JOBS:-10000}"
postgres="${BOOKABLE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# The SMTP sink: accepts every message, counts them and their distinct Message-IDs into a file.
cat >"$work/sink.py" <<'PY'
import asyncio, sys, time
count_file = sys.argv[2]
seen, total = set(), 0
async def session(reader, writer):
    global total
    writer.write(b"220 sink\r\n")
    while line := await reader.readline():
        command = line.upper()
        if command.startswith(b"DATA"):
            writer.write(b"354 go\r\n")
            message_id = b""
            while (data := await reader.readline()) not in (b".\r\n", b""):
                if data.lower().startswith(b"message-id:"):
                    message_id = data.strip()
            total += 1
            seen.add(message_id)
            writer.write(b"250 kept\r\n")
        elif command.startswith(b"EHLO"):
            writer.write(b"250-sink\r\n250 8BITMIME\r\n")
        elif command.startswith(b"QUIT"):
            writer.write(b"221 bye\r\n")
            break
        else:
            writer.write(b"250 ok\r\n")
        await writer.drain()
    writer.close()
async def report():
    while True:
        with open(count_file + ".tmp", "w") as out:
            out.write(f"{total} {len(seen)} {time.time()}\n")
        import os; os.replace(count_file + ".tmp", count_file)
        await asyncio.sleep(0.05)
async def main():
    server = await asyncio.start_server(session, "127.0.0.1", int(sys.argv[1]))
    asyncio.create_task(report())
    async with server:
        await server.serve_forever()
asyncio.run(main())
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_server() { # database-url port
  "$server" --addr "127.0.0.1:$2" --database-url "$1" --site-root target/site \
    --outbox-dir "$work/outbox" --media-dir "$work/media" --rate-limit-factor 1000000 \
    --smtp-url "smtp://127.0.0.1:$smtp_port" --job-poll-millis 100 >"$work/server-$2.log" 2>&1 &
  pids+=($!)
}

wait_for_http() { for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$1/" >/dev/null && return; sleep 0.1; done; cat "$work"/*.log >&2; exit 1; }

# A studio with a type, made through the app, then `jobs` confirmed bookings three days ahead
# with a 24-hour reminder each, all due now, written straight into the database.
prepare() { # backend database-url
  local port; port=$(free_port)
  "$server" --addr "127.0.0.1:$port" --database-url "$2" --site-root target/site \
    --outbox-dir "$work/outbox" --media-dir "$work/media" --rate-limit-factor 1000000 >"$work/setup.log" 2>&1 &
  local pid=$!
  wait_for_http "$port"
  local base="http://127.0.0.1:$port"
  post() { curl -sf -b "$work/jar" -c "$work/jar" -X POST "$base/api/$1" --data "$2"; }
  rm -f "$work/jar"
  post sign_up 'email=bench@example.com&password=correct+horse+battery' >/dev/null
  post save_studio 'name=Bench+Studio&slug=bench-studio&timezone=Europe/Berlin&currency=EUR' >/dev/null
  post create_session_type 'name=Lesson&description=Drain&duration_minutes=60&capacity=1&price=20&status=active&location=Hall' >/dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local now; now=$(date +%s)
  local start=$((now + 3 * 86400))
  if [ "$1" = sqlite ]; then
    sqlite3 "${2#sqlite://}" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $jobs)
INSERT INTO bookings (studio_id, session_type_id, starts_at, ends_at, student_name, student_email,
  status, public_token, created_at, payment_method)
SELECT 1, 1, $start + i * 3600, $start + i * 3600 + 3600, 'Student ' || i, 'student' || i || '@example.com',
  'confirmed', 'drain-' || i, $now, 'at_session' FROM n;
INSERT INTO jobs (studio_id, booking_id, kind, dedupe_key, payload, run_at, state, attempts, created_at)
SELECT 1, id, 'reminder_24h', 'reminder_24h:student:' || id || ':0', '{"to":"student","version":0}',
  $now, 'pending', 0, $now FROM bookings WHERE public_token LIKE 'drain-%';
SQL
  else
    psql -q "$2" <<SQL
INSERT INTO bookings (studio_id, session_type_id, starts_at, ends_at, student_name, student_email,
  status, public_token, created_at, payment_method)
SELECT 1, 1, to_timestamp($start + i * 3600), to_timestamp($start + i * 3600 + 3600), 'Student ' || i,
  'student' || i || '@example.com', 'confirmed', 'drain-' || i, to_timestamp($now), 'at_session'
FROM generate_series(1, $jobs) AS i;
INSERT INTO jobs (studio_id, booking_id, kind, dedupe_key, payload, run_at, state, attempts, created_at)
SELECT 1, id, 'reminder_24h', 'reminder_24h:student:' || id || ':0', '{"to":"student","version":0}',
  to_timestamp($now), 'pending', 0, to_timestamp($now) FROM bookings WHERE public_token LIKE 'drain-%';
SQL
  fi
}

fresh_database() { # backend -> url
  if [ "$1" = sqlite ]; then
    echo "sqlite://$work/drain-$RANDOM.db"
  else
    local name="bookable_drain_$RANDOM"
    psql -q "$postgres/postgres" -c "CREATE DATABASE $name" >/dev/null
    echo "$postgres/$name"
  fi
}

# "seconds emails/s delivered distinct"
drain() { # backend processes
  local url; url=$(fresh_database "$1")
  if [ "$1" = sqlite ]; then touch "${url#sqlite://}"; fi
  prepare "$1" "$url"
  smtp_port=$(free_port)
  rm -f "$work/count"
  python3 "$work/sink.py" "$smtp_port" "$work/count" & pids+=($!)
  for _ in $(seq 1 100); do [ -f "$work/count" ] && break; sleep 0.05; done
  local started; started=$(python3 -c 'import time; print(time.time())')
  for _ in $(seq 1 "$2"); do start_server "$url" "$(free_port)"; done
  while true; do
    read -r total distinct at <"$work/count" || continue
    if [ "$distinct" -ge "$jobs" ]; then break; fi
    sleep 0.05
  done
  local finished="$at"
  sleep 2 # anything sent twice would arrive now
  read -r total distinct at <"$work/count"
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{s:.1f} s | {int(sys.argv[3])/s:,.0f} | {sys.argv[4]} | {sys.argv[3]}')" \
    "$started" "$finished" "$distinct" "$total"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pids=()
}

which sqlite3 >/dev/null 2>&1 || sudo apt-get install -y sqlite3 >/dev/null 2>&1 || apt-get install -y sqlite3 >/dev/null
which psql >/dev/null 2>&1 || { echo "psql is needed for the PostgreSQL run"; }
echo "| backend | processes | drain time | emails/s | delivered | distinct Message-IDs |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for backend in $( [ "${1:-both}" = both ] && echo "sqlite postgres" || echo "$1"); do
  for processes in 1 2; do
    echo "| $backend | $processes | $(drain "$backend" "$processes") |"
  done
done
