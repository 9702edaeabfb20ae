-- The reconciliation asks Stripe about each pending payment when its next check is due (soon
-- after it is made, then less often), and a payment whose booking ended is cancelled at Stripe
-- and closed as 'canceled'. SQLite cannot change a CHECK constraint in place: the table is
-- made again with the new status and column, and its rows copied.
CREATE TABLE card_payments_with_checks (
    id             INTEGER     PRIMARY KEY,
    studio_id      INTEGER     NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
    booking_id     INTEGER     NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    attempt        INTEGER     NOT NULL CHECK (attempt >= 1),
    payment_intent TEXT        NOT NULL,
    amount_minor   INTEGER     NOT NULL CHECK (amount_minor > 0),
    currency       TEXT        NOT NULL,
    status         TEXT        NOT NULL
        CHECK (status IN ('pending', 'succeeded', 'refund_due', 'refunded', 'canceled')),
    created_at     INTEGER     NOT NULL,
    settled_at     INTEGER,
    next_check_at  INTEGER     NOT NULL,
    UNIQUE (booking_id, attempt),
    UNIQUE (studio_id, payment_intent)
);
INSERT INTO card_payments_with_checks
    (id, studio_id, booking_id, attempt, payment_intent, amount_minor, currency, status,
     created_at, settled_at, next_check_at)
SELECT id, studio_id, booking_id, attempt, payment_intent, amount_minor, currency, status,
       created_at, settled_at, created_at
FROM card_payments;
DROP TABLE card_payments;
ALTER TABLE card_payments_with_checks RENAME TO card_payments;
CREATE INDEX card_payments_due_checks ON card_payments (next_check_at) WHERE status = 'pending';
