-- A session type (a mini's packages and fees) whose fee the studio collects outside Bookable:
-- clients book it without a way to pay online.
ALTER TABLE session_types ADD COLUMN collect_outside INTEGER NOT NULL DEFAULT 0 CHECK (collect_outside IN (0, 1));
