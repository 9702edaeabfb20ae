"""Starts localstripe, the Stripe emulator, for Bookable's tests.

Unlike localstripe's own command, it listens on 127.0.0.1 only, on the port it is given; keeps
its state in memory (never in /tmp/localstripe.pickle, which parallel runs would share);
replays the answer to a repeated Idempotency-Key as Stripe does; and adds the fields of
PaymentIntents and Charges that Stripe always sends and async-stripe requires.
"""

import argparse
import socket

from aiohttp import web
from localstripe import resources, server


def keep_state_in_memory():
    resources.Store.dump_to_disk = lambda self: None


def add_fields_stripe_always_sends():
    intent = resources.PaymentIntent
    intent.amount_received = property(
        lambda self: self.amount if self.status == "succeeded" else 0)
    intent.amount_capturable = property(
        lambda self: self.amount if self.status == "requires_capture" else 0)
    intent.confirmation_method = property(lambda self: "automatic")
    intent.payment_method_types = property(lambda self: ["card"])
    charge = resources.Charge
    charge.amount_captured = property(
        lambda self: self.amount if getattr(self, "captured", False) else 0)
    charge.billing_details = property(lambda self: {
        "address": None, "email": None, "name": None, "phone": None})
    charge.disputed = property(lambda self: False)


@web.middleware
async def idempotency(request, handler):
    """A POST repeated with the same Idempotency-Key gets the first answer again."""
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key:
        return await handler(request)
    cache = request.app["idempotent_answers"]
    cached = cache.get((key, request.path))
    if cached is not None:
        status, body = cached
        return web.Response(status=status, body=body,
                            content_type="application/json")
    response = await handler(request)
    if response.status < 500 and getattr(response, "body", None) is not None:
        cache[(key, request.path)] = (response.status, response.body)
    return response


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    keep_state_in_memory()
    add_fields_stripe_always_sends()
    app = server.app
    app["idempotent_answers"] = {}
    app.middlewares.insert(0, idempotency)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    web.run_app(app, sock=sock, print=None, access_log=None)


if __name__ == "__main__":
    main()
