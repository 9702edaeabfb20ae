-- A session type's payment window: hours after booking within which a payment still due must
-- arrive (by the start at the latest); NULL: by the start.
ALTER TABLE session_types ADD COLUMN payment_window_hours INTEGER
    CHECK (payment_window_hours IS NULL OR payment_window_hours BETWEEN 1 AND 720);
