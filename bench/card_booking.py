"""Booking with a card payment under load: each worker books a seat (payment pending), gets a
card token from the emulator as Stripe.js would, and pays on the booking's page (the app makes
the booking's PaymentIntent, pays it with the token's card and confirms the booking on
Stripe's answer). Prints one Markdown table row per request kind.

Usage: python card_booking.py BASE_URL STRIPE_URL SLUG TYPE_ID FIRST_START_EPOCH SECONDS WORKERS
Run with the localstripe venv's Python, which has aiohttp.
"""
import asyncio
import base64
import sys
import time

import aiohttp

base, stripe, slug, type_id, first, seconds, workers = sys.argv[1:8]
first, seconds, workers = int(first), float(seconds), int(workers)
SECRET_KEY = "sk_test_bookable"
STRIPE_AUTH = {"Authorization": "Basic " + base64.b64encode(f"{SECRET_KEY}:".encode()).decode()}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def worker(number, session, deadline, timings, failures):
    n = 0
    while time.monotonic() < deadline:
        n += 1
        slot = first - first % 1800 + ((number * 10007 + n) % 1300) * 1800
        start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(slot))
        began = time.monotonic()
        async with session.post(f"{base}/api/book_session", data={
            "slug": slug, "session_type_id": type_id, "start": start,
            "student_name": "Load Student", "student_email": f"s{number}-{n}@example.com",
        }) as response:
            body = await response.json(content_type=None)
        booked = time.monotonic()
        if response.status != 200 or not isinstance(body, str):
            failures["book"] += 1
            continue
        timings["book"].append(booked - began)
        link = body.removeprefix("/booking/")
        async with session.post(f"{stripe}/v1/tokens", headers=STRIPE_AUTH, data={
            "card[number]": "4242424242424242", "card[exp_month]": "12",
            "card[exp_year]": "2034", "card[cvc]": "123",
        }) as response:
            token = (await response.json())["id"]
        tokened = time.monotonic()
        timings["token"].append(tokened - booked)
        async with session.post(f"{base}/api/pay_by_card", data={"link": link, "token": token}) as response:
            paid = await response.json(content_type=None)
        done = time.monotonic()
        if response.status != 200 or paid != "Paid":
            failures["pay"] += 1
            continue
        timings["pay"].append(done - tokened)
        timings["flow"].append(done - began)


async def main():
    timings = {"book": [], "token": [], "pay": [], "flow": []}
    failures = {"book": 0, "pay": 0}
    connector = aiohttp.TCPConnector(limit=workers * 2)
    async with aiohttp.ClientSession(connector=connector) as session:
        began = time.monotonic()
        deadline = began + seconds
        await asyncio.gather(*(worker(number, session, deadline, timings, failures)
                               for number in range(workers)))
        elapsed = time.monotonic() - began
    rows = [
        ("booking request (`POST /api/book_session`: the seat, payment pending)", "book", failures["book"]),
        ("card payment (`POST /api/pay_by_card`: PaymentIntent made, paid, booking confirmed)", "pay", failures["pay"]),
        ("card token at the emulator (Stripe.js's part)", "token", 0),
        ("whole booking with payment (the three above)", "flow", failures["book"] + failures["pay"]),
    ]
    for label, kind, failed in rows:
        values = timings[kind]
        print(f"| {label} | {len(values) / elapsed:,.1f} | {percentile(values, 0.5) * 1000:.1f} ms "
              f"| {percentile(values, 0.99) * 1000:.1f} ms | {len(values)} | {failed} |")


asyncio.run(main())
