-- A booking's card payments: one PaymentIntent each, made with the idempotency key of the
-- booking and attempt (domain/src/card_payments.rs), settled once whichever of the webhook,
-- the student's return and the reconciliation reports it first.
CREATE TABLE card_payments (
    id             INTEGER     PRIMARY KEY,
    studio_id      INTEGER     NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
    booking_id     INTEGER     NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    attempt        INTEGER     NOT NULL CHECK (attempt >= 1),
    payment_intent TEXT        NOT NULL,
    amount_minor   INTEGER     NOT NULL CHECK (amount_minor > 0),
    currency       TEXT        NOT NULL,
    status         TEXT        NOT NULL
        CHECK (status IN ('pending', 'succeeded', 'refund_due', 'refunded')),
    created_at     INTEGER     NOT NULL,
    settled_at     INTEGER,
    UNIQUE (booking_id, attempt),
    UNIQUE (studio_id, payment_intent)
);
CREATE INDEX card_payments_pending ON card_payments (created_at) WHERE status = 'pending';

-- Stripe's events already taken, per studio: a webhook delivered again changes nothing. Each
-- is recorded in the transaction of the change it brings.
CREATE TABLE stripe_events (
    studio_id   INTEGER     NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
    event_id    TEXT        NOT NULL,
    received_at INTEGER     NOT NULL,
    PRIMARY KEY (studio_id, event_id)
);
