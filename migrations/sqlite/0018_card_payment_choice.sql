-- Students may choose to pay by card. SQLite cannot change a CHECK constraint in place, so the
-- table is made again; migrations run with foreign keys off (store-sqlite's `migrate`), so
-- dropping the old table deletes nothing that refers to it, and every reference is checked
-- once migrating is done.
CREATE TABLE bookings_with_cards (
    id              INTEGER PRIMARY KEY,
    studio_id       INTEGER NOT NULL REFERENCES studios (id),
    session_type_id INTEGER NOT NULL REFERENCES session_types (id),
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    -- Empty while the booking is a hold the student has not filled in.
    student_name    TEXT,
    student_email   TEXT,
    status          TEXT    NOT NULL CHECK (status IN ('held', 'payment_pending', 'confirmed',
                        'completed', 'no_show', 'cancelled', 'rejected', 'expired')),
    -- When a hold or a pending payment runs out.
    expires_at      INTEGER,
    -- When it was cancelled, rejected or expired.
    ended_at        INTEGER,
    cancelled_by    TEXT    CHECK (cancelled_by IN ('student', 'instructor')),
    public_token    TEXT    NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    answers         TEXT    NOT NULL DEFAULT '[]',
    payment_method  TEXT    CHECK (payment_method IN ('at_session', 'by_check', 'card')),
    user_id         INTEGER REFERENCES users (id),
    message         TEXT,
    moves           INTEGER NOT NULL DEFAULT 0,
    student_zone    TEXT,
    CHECK (starts_at < ends_at),
    CHECK (status IN ('held', 'expired') OR (student_name IS NOT NULL AND student_email IS NOT NULL)),
    CHECK (status NOT IN ('held', 'payment_pending') OR expires_at IS NOT NULL)
);
INSERT INTO bookings_with_cards
    (id, studio_id, session_type_id, starts_at, ends_at, student_name, student_email, status,
     expires_at, ended_at, cancelled_by, public_token, created_at, answers, payment_method,
     user_id, message, moves, student_zone)
SELECT id, studio_id, session_type_id, starts_at, ends_at, student_name, student_email, status,
       expires_at, ended_at, cancelled_by, public_token, created_at, answers, payment_method,
       user_id, message, moves, student_zone
FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_with_cards RENAME TO bookings;
CREATE INDEX bookings_by_studio_and_start ON bookings (studio_id, starts_at);
CREATE UNIQUE INDEX one_seat_per_person ON bookings (session_type_id, starts_at, student_email)
    WHERE status IN ('confirmed', 'completed', 'no_show');
CREATE INDEX bookings_running_out ON bookings (expires_at)
    WHERE status IN ('held', 'payment_pending');
CREATE INDEX bookings_by_user ON bookings (user_id) WHERE user_id IS NOT NULL;
