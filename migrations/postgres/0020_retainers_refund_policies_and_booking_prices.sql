-- A session type's card payment may take a retainer (an amount or a percentage of the price)
-- instead of the whole price; a booking keeps its price and what was due at booking as they
-- were then, so a later price change never changes what it owes (NULL for older bookings,
-- whose price is read from their session type).
ALTER TABLE session_types ADD COLUMN retainer_minor BIGINT CHECK (retainer_minor > 0);
ALTER TABLE session_types ADD COLUMN retainer_percent INTEGER
    CHECK (retainer_percent BETWEEN 1 AND 100);
ALTER TABLE session_types ADD CONSTRAINT one_kind_of_retainer
    CHECK (retainer_minor IS NULL OR retainer_percent IS NULL);
ALTER TABLE bookings ADD COLUMN price_minor BIGINT CHECK (price_minor >= 0);
ALTER TABLE bookings ADD COLUMN due_at_booking_minor BIGINT;
ALTER TABLE bookings ADD COLUMN price_currency TEXT;
ALTER TABLE bookings ADD CONSTRAINT due_at_booking_within_price
    CHECK (due_at_booking_minor BETWEEN 0 AND price_minor);
ALTER TABLE bookings ADD CONSTRAINT price_has_currency
    CHECK ((price_currency IS NULL) = (price_minor IS NULL));
-- What a cancelled booking's card payments give back: everything until full_refund_hours
-- before the start; later, to a student who cancels, all but the retainer or nothing.
ALTER TABLE session_types ADD COLUMN full_refund_hours INTEGER NOT NULL DEFAULT 24
    CHECK (full_refund_hours BETWEEN 0 AND 720);
ALTER TABLE session_types ADD COLUMN late_refund TEXT NOT NULL DEFAULT 'keep_retainer'
    CHECK (late_refund IN ('keep_retainer', 'keep_everything'));
