-- Money the instructor received outside the app (cash, a check, a bank transfer) and recorded
-- on a booking. Recording one confirms a pending booking in the same transaction; together with
-- the card payments (less their refunds) they never pass the booking's price.
CREATE TABLE manual_payments (
    id           INTEGER PRIMARY KEY,
    studio_id    INTEGER NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
    booking_id   INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT    NOT NULL,
    method       TEXT    NOT NULL CHECK (method IN ('cash', 'check', 'bank_transfer')),
    received_on  TEXT    NOT NULL,
    note         TEXT,
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX manual_payments_of_booking ON manual_payments (booking_id);
CREATE INDEX manual_payments_of_studio ON manual_payments (studio_id, received_on);
