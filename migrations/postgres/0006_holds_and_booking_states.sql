-- Bookings go through holds, pending payments and the instructor's decisions (lifecycle.rs).
ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check CHECK (status IN ('held',
    'payment_pending', 'confirmed', 'completed', 'no_show', 'cancelled', 'rejected', 'expired'));
-- Empty while the booking is a hold the student has not filled in.
ALTER TABLE bookings ALTER COLUMN student_name DROP NOT NULL;
ALTER TABLE bookings ALTER COLUMN student_email DROP NOT NULL;
-- When a hold or a pending payment runs out.
ALTER TABLE bookings ADD COLUMN expires_at TIMESTAMPTZ;
-- When it was cancelled, rejected or expired.
ALTER TABLE bookings ADD COLUMN ended_at TIMESTAMPTZ;
ALTER TABLE bookings ADD COLUMN cancelled_by TEXT CHECK (cancelled_by IN ('student', 'instructor'));
ALTER TABLE bookings ADD COLUMN payment_method TEXT CHECK (payment_method IN ('at_session', 'by_check'));
ALTER TABLE bookings ADD COLUMN user_id BIGINT REFERENCES users (id);
ALTER TABLE bookings ADD COLUMN message TEXT;
ALTER TABLE bookings ADD COLUMN moves INTEGER NOT NULL DEFAULT 0;
UPDATE bookings SET ended_at = created_at, cancelled_by = 'student' WHERE status = 'cancelled';
ALTER TABLE bookings ADD CONSTRAINT bookings_booker_check
    CHECK (status IN ('held', 'expired') OR (student_name IS NOT NULL AND student_email IS NOT NULL));
ALTER TABLE bookings ADD CONSTRAINT bookings_expiry_check
    CHECK (status NOT IN ('held', 'payment_pending') OR expires_at IS NOT NULL);
-- A person keeps at most one seat of a session.
DROP INDEX one_seat_per_person;
CREATE UNIQUE INDEX one_seat_per_person ON bookings (session_type_id, starts_at, student_email)
    WHERE status IN ('confirmed', 'completed', 'no_show');
CREATE INDEX bookings_running_out ON bookings (expires_at)
    WHERE status IN ('held', 'payment_pending');
CREATE INDEX bookings_by_user ON bookings (user_id) WHERE user_id IS NOT NULL;

ALTER TABLE session_types ADD COLUMN change_cutoff_hours INTEGER NOT NULL DEFAULT 24;

-- Keys every server process must share, e.g. the one that signs students' links.
CREATE TABLE app_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Emailed one-time sign-in links for students.
CREATE TABLE sign_in_links (
    token_hash TEXT        PRIMARY KEY,
    email      TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
