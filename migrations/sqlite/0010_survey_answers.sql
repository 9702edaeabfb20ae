-- The post-session survey: one answer per booking (domain/src/survey.rs).
CREATE TABLE survey_answers (
    booking_id  INTEGER PRIMARY KEY REFERENCES bookings (id),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     TEXT    NOT NULL DEFAULT '',
    answered_at INTEGER NOT NULL
);
