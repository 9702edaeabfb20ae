# Shared by bench/load.sh, bench/mini-load.sh and bench/card-booking.sh (sourced, after `cd`
# to the repository), with `summarise` for wrk's output:
# the release server on a throw-away database, calls to its API, a studio open around the clock
# with a big group class, and the backends to run on. Set `port` before sourcing; define
# `run_backend NAME DATABASE_URL` and `stop_others` (what else to stop on exit) after.
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
server="${BOOKABLE_SERVER_BIN:-$target_dir/release/bookable}"
seconds="${BOOKABLE_BENCH_SECONDS:-20}"
postgres="${BOOKABLE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
base="http://127.0.0.1:$port"
work=$(mktemp -d)
server_pid=""
stop_others() { :; }
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; stop_others; rm -rf "$work"; }
trap cleanup EXIT

# Starts the release server on database `$1`, with any further flags, and waits for it.
start_server() {
  local url=$1
  shift
  "$server" --addr "127.0.0.1:$port" --database-url "$url" --site-root target/site \
    --outbox-dir "$work/outbox" --media-dir "$work/media" --rate-limit-factor 1000000 \
    --secrets-key-file "$work/secrets.key" "$@" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do curl -sf "$base/" >/dev/null && return; sleep 0.1; done
  cat "$work/server.log"; exit 1
}

stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

post() { curl -sf -b "$work/jar" -c "$work/jar" -X POST "$base/api/$1" --data "$2"; }

# Signs up a new instructor with a studio in `$1` (an IANA zone).
new_studio() {
  rm -f "$work/jar"
  post sign_up 'email=bench@example.com&password=correct+horse+battery' >/dev/null
  post save_studio "name=Bench+Studio&slug=bench-studio&timezone=$1&currency=USD" >/dev/null
}

# Opens the studio around the clock and makes a 30-minute $20 group class of 500 seats, whose
# id goes to `type_id`: every booking of a run finds a seat (28 days × 48 times × 500 seats).
group_class_around_the_clock() {
  type_id=$(post create_session_type 'name=Group+class&description=Load&duration_minutes=30&capacity=500&price=20&status=active&location=Hall' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  local hours='00:00-24:00'
  post save_weekly_hours "monday=$hours&tuesday=$hours&wednesday=$hours&thursday=$hours&friday=$hours&saturday=$hours&sunday=$hours" >/dev/null
}

# Runs `run_backend` on a new PostgreSQL database, dropped afterwards.
run_on_postgres() {
  local db
  db="bench_$(date +%s)"
  psql "$postgres/postgres" -qc "CREATE DATABASE $db" >/dev/null
  run_backend PostgreSQL "$postgres/$db"
  psql "$postgres/postgres" -qc "DROP DATABASE $db" >/dev/null
}

# Runs `run_backend` on SQLite, PostgreSQL or both (`$1`), each on a fresh database.
on_backends() {
  case "${1:-both}" in
    sqlite) run_backend SQLite "sqlite://$work/bench.db" ;;
    postgres) run_on_postgres ;;
    both) run_backend SQLite "sqlite://$work/bench.db"; run_on_postgres ;;
    *) echo "usage: $0 [sqlite|postgres|both]" >&2; exit 2 ;;
  esac
}

# "requests/s | p50 | p99 | non-2xx/3xx" from wrk's output in file `$1`.
summarise() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p50 = re.search(r"\s50%\s+([\d.]+\w+)", text).group(1)
p99 = re.search(r"\s99%\s+([\d.]+\w+)", text).group(1)
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:.*", text)
print(f"{float(rps):,.0f} | {p50} | {p99} | {bad.group(1) if bad else 0}{' (' + errors.group(0) + ')' if errors else ''}")
PY
}
