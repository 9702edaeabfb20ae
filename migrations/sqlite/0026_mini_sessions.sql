-- Mini sessions (seed 003) are session types booked at the spots of their dates: the dates are
-- a JSON array on the type (NULL for a personal session type), laid out by the domain.
ALTER TABLE session_types ADD COLUMN mini_days TEXT;
-- A spot kept for one client, bookable only through its direct link (the token). It points at
-- the booking made through it; while that booking keeps its seat the reservation is used.
CREATE TABLE mini_reservations (
    id              INTEGER PRIMARY KEY,
    studio_id       INTEGER NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
    session_type_id INTEGER NOT NULL REFERENCES session_types (id) ON DELETE CASCADE,
    spot_date       TEXT    NOT NULL,
    spot_number     INTEGER NOT NULL CHECK (spot_number >= 1),
    note            TEXT    NOT NULL DEFAULT '',
    discount_minor  INTEGER CHECK (discount_minor > 0),
    discount_percent INTEGER CHECK (discount_percent BETWEEN 1 AND 100),
    pay_outside     INTEGER NOT NULL DEFAULT 0 CHECK (pay_outside IN (0, 1)),
    token           TEXT    NOT NULL UNIQUE,
    booking_id      INTEGER REFERENCES bookings (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    CHECK (discount_minor IS NULL OR discount_percent IS NULL)
);
CREATE INDEX mini_reservations_of_type ON mini_reservations (session_type_id);
