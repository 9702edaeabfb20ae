-- A session type may offer packages (name, description, what is included, price), kept as a
-- JSON array with each price in minor units of the type's currency; the student picks one.
ALTER TABLE session_types ADD COLUMN packages TEXT NOT NULL DEFAULT '[]';
-- A booking keeps the package picked and the discount it got (a member's price below the
-- others'), as they were when booked, for its pages and its invoices.
ALTER TABLE bookings ADD COLUMN package_name TEXT;
ALTER TABLE bookings ADD COLUMN discount_minor INTEGER CHECK (discount_minor > 0);
ALTER TABLE bookings ADD COLUMN discount_reason TEXT
    CHECK ((discount_reason IS NULL) = (discount_minor IS NULL));
