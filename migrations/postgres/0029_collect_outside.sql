-- A session type (a mini's packages and fees) whose fee the studio collects outside Bookable:
-- clients book it without a way to pay online.
ALTER TABLE session_types ADD COLUMN collect_outside BOOLEAN NOT NULL DEFAULT FALSE;
