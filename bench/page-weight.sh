#!/usr/bin/env bash
# Transferred size (gzip) of the student booking page and each asset it loads, from the release
# server on a throw-away SQLite database. Usage: bench/page-weight.sh (after `cargo leptos build --release`).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
server="${BOOKABLE_SERVER_BIN:-$target_dir/release/bookable}"
port="${BOOKABLE_BENCH_PORT:-3180}"
base="http://127.0.0.1:$port"
work=$(mktemp -d)
"$server" --addr "127.0.0.1:$port" --database-url "sqlite://$work/bench.db" --site-root target/site >"$work/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "$base/" >/dev/null && break; sleep 0.1; done

post() { curl -sf -b "$work/jar" -c "$work/jar" -X POST "$base/api/$1" --data "$2"; }
post sign_up 'email=bench@example.com&password=correct+horse+battery' >/dev/null
post save_studio 'name=Bench+Studio&slug=bench-studio&timezone=America/New_York&currency=USD' >/dev/null
type_id=$(post create_session_type 'name=Private+lesson&description=One+to+one&duration_minutes=60&capacity=1&price=45&status=active&location=Studio+A' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
hours='09:00-12:00,+13:00-17:00'
post save_weekly_hours "monday=$hours&tuesday=$hours&wednesday=$hours&thursday=$hours&friday=$hours&saturday=$hours&sunday=$hours" >/dev/null
date=$(TZ=America/New_York date -d tomorrow +%F)
page="/s/bench-studio/$type_id?date=$date"

transferred() { curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$base$1"; }
uncompressed() { curl -s -o /dev/null -w '%{size_download}' "$base$1"; }

printf '| resource | raw bytes | gzip bytes transferred |\n| --- | ---: | ---: |\n'
total=0
html=$(curl -s "$base$page")
assets=$(printf "%s" "$html" | grep -oE "/pkg/[A-Za-z0-9_.-]+\.(css|js|wasm)" | sort -u)
for resource in "$page" $assets; do
  gz=$(transferred "$resource"); raw=$(uncompressed "$resource")
  total=$((total + gz))
  label=$resource; [ "$resource" = "$page" ] && label="booking page HTML ($page)"
  printf '| %s | %s | %s |\n' "$label" "$raw" "$gz"
done
printf '| **total** | | **%s** |\n' "$total"
