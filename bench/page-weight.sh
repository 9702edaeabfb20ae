#!/usr/bin/env bash
# First-load transfer of every student route and of one dashboard route: the HTML and every
# CSS, JS and WASM file the page loads, gzip and brotli as the release server sends them.
# Usage: bench/page-weight.sh (after `cargo xtask run` or `cargo leptos build --release
# --precompress` and the copy of the instructor's ipkg/ that `cargo xtask` makes).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
server="${BOOKABLE_SERVER_BIN:-$target_dir/release/bookable}"
port="${BOOKABLE_BENCH_PORT:-3180}"
base="http://127.0.0.1:$port"
work=$(mktemp -d)
"$server" --addr "127.0.0.1:$port" --database-url "sqlite://$work/bench.db" --site-root target/site \
  --outbox-dir "$work/outbox" --media-dir "$work/media" --public-url "$base" >"$work/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "$base/" >/dev/null && break; sleep 0.1; done

post() { curl -sf -b "$work/jar" -c "$work/jar" -X POST "$base/api/$1" --data "$2"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post sign_up 'email=bench@example.com&password=correct+horse+battery' >/dev/null
post save_studio 'name=Bench+Studio&slug=bench-studio&timezone=America/New_York&currency=USD' >/dev/null
type_id=$(post create_session_type 'name=Private+lesson&description=One+to+one&duration_minutes=60&capacity=1&price=45&status=active&location=Studio+A' | json '["id"]')
hours='09:00-12:00,+13:00-17:00'
post save_weekly_hours "monday=$hours&tuesday=$hours&wednesday=$hours&thursday=$hours&friday=$hours&saturday=$hours&sunday=$hours" >/dev/null
date=$(TZ=America/New_York date -d '+3 days' +%F)
guest() { curl -sf -X POST "$base/api/$1" --data "$2"; }
booking=$(guest book_session "slug=bench-studio&session_type_id=$type_id&start=${date}T14:00:00Z&student_name=Ada&student_email=ada%40example.com" | json '')
hold=$(guest hold_slot "slug=bench-studio&session_type_id=$type_id&start=${date}T15:00:00Z" | json '')
guest request_sign_in_link 'email=ada%40example.com&next=%2Fmy-bookings' >/dev/null
sleep 1
# The outbox holds MIME messages (quoted-printable): read the link from the decoded text.
token=$(python3 - "$work/outbox" <<'PY'
import email, pathlib, re, sys
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.eml")):
    message = email.message_from_bytes(path.read_bytes())
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            found = re.search(r"token=([A-Za-z0-9_-]+)", part.get_payload(decode=True).decode())
            if found:
                print(found.group(1))
                sys.exit()
PY
)
curl -sf -c "$work/student" -X POST "$base/api/sign_in_with_link" --data "token=$token&next=%2Fmy-bookings" >/dev/null

size() { # path, encoding, cookie jar
  curl -s -b "$3" -H "Accept-Encoding: $2" -o /dev/null -w '%{size_download}' "$base$1"
}
route() { # label, path, cookie jar
  local label=$1 path=$2 jar=$3 gz br assets
  gz=$(size "$path" gzip "$jar"); br=$(size "$path" br "$jar")
  assets=$(curl -s -b "$jar" "$base$path" | grep -oE '/(i?pkg/[A-Za-z0-9_.-]+|bio)\.(css|js|wasm)' | sort -u)
  local wasm_gz=0
  for asset in $assets; do
    local asset_gz asset_br
    asset_gz=$(size "$asset" gzip "$jar"); asset_br=$(size "$asset" br "$jar")
    gz=$((gz + asset_gz)); br=$((br + asset_br))
    case "$asset" in *.wasm) wasm_gz=$asset_gz;; esac
  done
  printf '| %s | `%s` | %s | %s | %s |\n' "$label" "$path" "$wasm_gz" "$gz" "$br"
}
# A published mini session of 12 spots, four days ahead.
mini=$(post create_mini_session 'name=Fall+minis' | json '')
mini_date=$(TZ=America/New_York date -d '+4 days' +%F)
post save_mini_date "session_type_id=$mini&date=$mini_date&start=09:00&spots=12&spot_minutes=20&gap_minutes=10&location=Rose+garden" >/dev/null
post set_mini_visibility "session_type_id=$mini&visibility=published" >/dev/null
none="$work/none"; touch "$none"
printf '| route | path | WASM gzip | total gzip | total brotli |\n| --- | --- | ---: | ---: | ---: |\n'
route "studio page" "/s/bench-studio" "$none"
route "type page, month view and times" "/s/bench-studio/$type_id?date=$date" "$none"
route "hold form" "$hold" "$none"
route "confirmation" "$booking" "$none"
route "reschedule" "$booking/reschedule?date=$date" "$none"
route "sign-in by email" "/signin/email" "$none"
route "my bookings (signed in)" "/my-bookings" "$work/student"
route "dashboard: session types (instructor)" "/dashboard/session-types" "$work/jar"
route "mini session: a date's spots" "/s/bench-studio/$mini?date=$mini_date" "$none"
route "Bio Link (no script)" "/bio/bench-studio" "$none"
