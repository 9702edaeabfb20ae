"""Starts localstripe, the Stripe emulator, for Bookable's tests.

Unlike localstripe's own command, it listens on 127.0.0.1 only, on --port or a port the system
picks (written to standard output as "listening on PORT"); keeps its state in memory (never in
/tmp/localstripe.pickle, which parallel runs would share); treats Idempotency-Key as Stripe
does; with --accept-key, refuses every other secret key as Stripe refuses a wrong one; and
adds the fields of PaymentIntents and Charges that Stripe always sends and
async-stripe requires; and, as Stripe does, makes a card PaymentMethod from a card token
(card[token]) and lets a PaymentIntent whose card was declined be tried again with another;
and takes `automatic_payment_methods` on a PaymentIntent and `use_stripe_sdk` on its confirm,
which real Stripe needs for a card confirmed on the server without a return URL, and which
localstripe refused.
"""

import argparse
import base64
import hashlib
import json
import re
import socket
from urllib.parse import parse_qsl, urlencode

from aiohttp import web
from localstripe import resources, server


CONFIRM_PATH = re.compile(r"^/v1/payment_intents/[A-Za-z0-9_]+/confirm$")


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


def card_payment_methods_from_tokens():
    """Stripe makes a card PaymentMethod from a token (`card[token]=tok_...`), the path a
    page using the card element with createToken takes; localstripe asks for the number."""
    method = resources.PaymentMethod
    make = method.__init__

    def init(self, type=None, card=None, **kwargs):
        if type == "card" and isinstance(card, dict) and set(card) == {"token"}:
            token = resources.Token._api_retrieve(card["token"])
            card = {"number": token.card._card_number,
                    "exp_month": token.card.exp_month,
                    "exp_year": token.card.exp_year,
                    "cvc": "123"}
        make(self, type=type, card=card, **kwargs)
    method.__init__ = init


def declined_intents_take_another_card():
    """On Stripe, a PaymentIntent left in requires_payment_method by a declined card is
    confirmed again once it has a new payment method; localstripe kept the failed charge and
    refused. Its last error also carries the `type` Stripe always sends."""
    intent = resources.PaymentIntent
    update = intent._update

    def _update(self, **data):
        update(self, **data)
        if data.get("payment_method") and self.latest_charge is not None \
                and self.latest_charge.status == "failed":
            self.latest_charge = None
    intent._update = _update
    last_error = intent.last_payment_error.fget
    intent.last_payment_error = property(
        lambda self: None if last_error(self) is None
        else {"type": "card_error", **last_error(self)})


def intents_take_automatic_payment_methods():
    """Bookable creates PaymentIntents with automatic_payment_methods[enabled]=true and
    [allow_redirects]=never, so Stripe confirms a card without a return URL. The emulator only
    has cards, which never redirect: the setting is checked and set aside."""
    intent = resources.PaymentIntent
    make = intent.__init__

    def init(self, automatic_payment_methods=None, **kwargs):
        if automatic_payment_methods is not None and not (
                isinstance(automatic_payment_methods, dict)
                and automatic_payment_methods.get("enabled") in ("true", True)
                and automatic_payment_methods.get("allow_redirects", "never") == "never"):
            raise resources.UserError(400, "Bad request: automatic_payment_methods")
        make(self, **kwargs)
    intent.__init__ = init


@web.middleware
async def server_confirms_take_use_stripe_sdk(request, handler):
    """Stripe.js finishes the 3-D Secure of a PaymentIntent confirmed on the server when it
    was confirmed with use_stripe_sdk=true; the emulator always answers that way, but refused
    the parameter (its route is bound when localstripe is imported, so it is taken out here)."""
    if request.method == "POST" and CONFIRM_PATH.match(request.path) \
            and request.content_type == "application/x-www-form-urlencoded":
        body = (await request.read()).decode()
        kept = [(name, value) for name, value in parse_qsl(body, keep_blank_values=True)
                if name != "use_stripe_sdk"]
        request._read_bytes = urlencode(kept).encode()
    return await handler(request)


def idempotency_error():
    body = {"error": {"type": "idempotency_error", "message":
            "Keys for idempotent requests can only be used with the same parameters they "
            "were first used with."}}
    return web.Response(status=400, body=json.dumps(body).encode(),
                        content_type="application/json")


@web.middleware
async def idempotency(request, handler):
    """As Stripe: a POST repeated with the same key (per API key) gets the first answer again,
    with the header Idempotent-Replayed; the same key with other parameters is refused; an
    answer refused before it was carried out (401, 400) is not kept."""
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key:
        return await handler(request)
    body = await request.read()
    fingerprint = hashlib.sha256(
        request.method.encode() + b" " + request.path.encode() + b"\n" + body).hexdigest()
    cache = request.app["idempotent_answers"]
    slot = (request.headers.get("Authorization", ""), key)
    cached = cache.get(slot)
    if cached is not None:
        kept_fingerprint, status, answer = cached
        if kept_fingerprint != fingerprint:
            return idempotency_error()
        return web.Response(status=status, body=answer,
                            content_type="application/json",
                            headers={"Idempotent-Replayed": "true"})
    response = await handler(request)
    carried_out = 200 <= response.status < 300 or response.status == 402
    if carried_out and getattr(response, "body", None) is not None:
        cache[slot] = (fingerprint, response.status, response.body)
    return response


def secret_key_of(request):
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme == "Bearer":
        return value
    if scheme == "Basic":
        try:
            return base64.b64decode(value).decode().split(":")[0]
        except ValueError:
            return ""
    return ""


def only_keys(accepted):
    """As Stripe: an API call with a secret key it did not issue gets 401 and the key masked."""
    @web.middleware
    async def check_key(request, handler):
        if request.path.startswith("/v1/"):
            key = secret_key_of(request)
            if key.startswith(("sk_", "rk_")) and key not in accepted:
                body = {"error": {"type": "invalid_request_error", "message":
                        f"Invalid API Key provided: {key[:8]}{'*' * 12}{key[-4:]}"}}
                return web.Response(status=401, body=json.dumps(body).encode(),
                                    content_type="application/json")
        return await handler(request)
    return check_key


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accept-key", action="append", default=[],
                        help="a secret key to accept (repeatable); without any, every sk_ key")
    parser.add_argument("--port", type=int, default=0,
                        help="the port to listen on (default: one the system picks)")
    arguments = parser.parse_args()
    keep_state_in_memory()
    add_fields_stripe_always_sends()
    card_payment_methods_from_tokens()
    declined_intents_take_another_card()
    intents_take_automatic_payment_methods()
    app = server.app
    app["idempotent_answers"] = {}
    app.middlewares.insert(0, server_confirms_take_use_stripe_sdk)
    app.middlewares.insert(0, idempotency)
    if arguments.accept_key:
        app.middlewares.insert(0, only_keys(set(arguments.accept_key)))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", arguments.port))
    print(f"listening on {sock.getsockname()[1]}", flush=True)
    web.run_app(app, sock=sock, print=None, access_log=None)


if __name__ == "__main__":
    main()
