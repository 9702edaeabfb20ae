CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT        NOT NULL UNIQUE,
    password_hash TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE auth_sessions (
    token_hash TEXT        PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);

CREATE TABLE studios (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
    name     TEXT   NOT NULL,
    slug     TEXT   NOT NULL UNIQUE,
    timezone TEXT   NOT NULL,
    currency TEXT   NOT NULL
);

CREATE TABLE session_types (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    studio_id        BIGINT  NOT NULL REFERENCES studios (id),
    name             TEXT    NOT NULL,
    description      TEXT    NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes IN (15, 30, 45, 60, 75, 90, 105, 120)),
    capacity         INTEGER NOT NULL CHECK (capacity >= 1),
    price_minor      BIGINT  NOT NULL CHECK (price_minor >= 0),
    currency         TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'active', 'paused', 'archived')),
    location         TEXT
);
CREATE INDEX session_types_by_studio ON session_types (studio_id);

CREATE TABLE weekly_hours (
    studio_id    BIGINT  NOT NULL REFERENCES studios (id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER NOT NULL,
    end_minute   INTEGER NOT NULL,
    CHECK (0 <= start_minute AND start_minute < end_minute AND end_minute <= 1440),
    PRIMARY KEY (studio_id, weekday, start_minute)
);

CREATE TABLE bookings (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    studio_id       BIGINT      NOT NULL REFERENCES studios (id),
    session_type_id BIGINT      NOT NULL REFERENCES session_types (id),
    starts_at       TIMESTAMPTZ NOT NULL,
    ends_at         TIMESTAMPTZ NOT NULL,
    student_name    TEXT        NOT NULL,
    student_email   TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    public_token    TEXT        NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK (starts_at < ends_at)
);
CREATE INDEX bookings_by_studio_and_start ON bookings (studio_id, starts_at);
-- A person holds at most one seat of a session.
CREATE UNIQUE INDEX one_seat_per_person ON bookings (session_type_id, starts_at, student_email)
    WHERE status = 'confirmed';
