-- Invoices: each card payment taken, payment recorded and refund made gets one in the
-- transaction that records the money, numbered per studio from a counter that only goes up, so
-- a number is never given twice nor reused. The studio's address and contact head them; a card
-- is named by its brand and last four digits once Stripe has said them.
ALTER TABLE studios ADD COLUMN invoice_address TEXT NOT NULL DEFAULT '';
ALTER TABLE studios ADD COLUMN invoice_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE card_payments ADD COLUMN card_brand TEXT;
ALTER TABLE card_payments ADD COLUMN card_last4 TEXT;
CREATE TABLE invoice_counters (
    studio_id   BIGINT PRIMARY KEY REFERENCES studios (id) ON DELETE CASCADE,
    last_number BIGINT NOT NULL CHECK (last_number >= 1)
);
CREATE TABLE invoices (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    studio_id    BIGINT  NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
    booking_id   BIGINT  NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    number       BIGINT  NOT NULL CHECK (number >= 1),
    source       TEXT    NOT NULL
        CHECK (source IN ('card_payment', 'manual_payment', 'refund', 'late_payment_refund')),
    source_id    BIGINT  NOT NULL,
    amount_minor BIGINT  NOT NULL CHECK (amount_minor > 0),
    currency     TEXT    NOT NULL,
    issued_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (studio_id, number),
    UNIQUE (source, source_id)
);
CREATE INDEX invoices_of_booking ON invoices (booking_id);
