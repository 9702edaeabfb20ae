#!/usr/bin/env bash
# Bookings paid by card per second against the local Stripe emulator (localstripe), on the
# release server with SQLite and with PostgreSQL: each flow books a seat (payment pending), gets
# a card token from the emulator and pays on the booking's page (the app makes the PaymentIntent,
# pays it and confirms the booking).
# Usage: bench/card-booking.sh [sqlite|postgres|both] (after `cargo leptos build --release`, and
# once `cargo xtask test` has made the localstripe venv).
# Settings: BOOKABLE_BENCH_SECONDS (default 20), BOOKABLE_BENCH_WORKERS (default 16),
# BOOKABLE_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
python="${BOOKABLE_TEST_LOCALSTRIPE:-$HOME/.cache/bookable/localstripe-venv/bin/python}"
port="${BOOKABLE_BENCH_PORT:-3191}"
workers="${BOOKABLE_BENCH_WORKERS:-16}"
stripe_pid=""
# shellcheck source=bench/common.sh
. bench/common.sh
stop_others() { [ -n "$stripe_pid" ] && kill "$stripe_pid" 2>/dev/null; }

start_stripe() {
  "$python" tools/localstripe/launch.py --accept-key sk_test_bookable >"$work/stripe.log" 2>&1 &
  stripe_pid=$!
  for _ in $(seq 1 100); do
    stripe_port=$(sed -n 's/^listening on //p' "$work/stripe.log")
    [ -n "$stripe_port" ] && stripe="http://127.0.0.1:$stripe_port" && return
    sleep 0.1
  done
  cat "$work/stripe.log"; exit 1
}

stop_stripe() { kill "$stripe_pid"; wait "$stripe_pid" 2>/dev/null || true; stripe_pid=""; }

# A studio that takes cards only, connected to the emulator, with the group class.
set_up_studio() {
  new_studio UTC
  post connect_stripe 'secret_key=sk_test_bookable&publishable_key=pk_test_bookable&webhook_secret=whsec_bookableSigningSecret' >/dev/null
  post save_offerings 'personal_sessions=on&show_on_landing=on&default_access_level=public&timezone=UTC&currency=USD&pay_with_stripe=on' >/dev/null
  group_class_around_the_clock
}

run_backend() {
  local name=$1 url=$2
  start_stripe
  start_server "$url" --stripe-api-url "$stripe/" --stripe-js-url "$stripe/js.stripe.com/v3/"
  set_up_studio
  local first
  first=$(TZ=UTC date -d '+2 days' +%s)
  "$python" bench/card_booking.py "$base" "$stripe" bench-studio "$type_id" "$first" "$seconds" "$workers" \
    | sed "s/^| /| $name | /"
  stop_server
  stop_stripe
}

echo "$workers concurrent students for ${seconds}s, release server and localstripe on 127.0.0.1, $(nproc) cores shared by all"
echo
echo "| backend | request | per second | p50 | p99 | done | failed |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
on_backends "${1:-both}"
