-- Money given back to a student's card: by a cancelled booking's refund policy, or by the
-- instructor. Each is recorded (due) in the transaction that decides it, never more than its
-- card payment took and has not given back, then made at Stripe by the sweep under an
-- idempotency key of its own, tried again later and later until Stripe makes it.
CREATE TABLE refunds (
    id              INTEGER PRIMARY KEY,
    studio_id       INTEGER NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
    booking_id      INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    card_payment_id INTEGER NOT NULL REFERENCES card_payments (id) ON DELETE CASCADE,
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT    NOT NULL,
    reason          TEXT    NOT NULL CHECK (reason IN ('cancelled', 'by_instructor')),
    status          TEXT    NOT NULL CHECK (status IN ('due', 'refunded')),
    tries           INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),
    next_try_at     INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    refunded_at     INTEGER,
    CHECK ((status = 'refunded') = (refunded_at IS NOT NULL))
);
CREATE INDEX refunds_of_booking ON refunds (booking_id);
CREATE INDEX refunds_of_payment ON refunds (card_payment_id);
CREATE INDEX refunds_due ON refunds (next_try_at) WHERE status = 'due';
