-- What a studio offers and how students pay (Settings > Offerings).
ALTER TABLE studios ADD COLUMN personal_sessions BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE studios ADD COLUMN show_on_landing BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE studios ADD COLUMN default_access_level TEXT NOT NULL DEFAULT 'public'
    CHECK (default_access_level IN ('public', 'members_only', 'private'));
ALTER TABLE studios ADD COLUMN pay_at_session BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE studios ADD COLUMN pay_by_check BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE studios ADD COLUMN pay_with_stripe BOOLEAN NOT NULL DEFAULT FALSE;

-- A studio's member list; emails are stored lower-cased, once per studio.
CREATE TABLE members (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    studio_id  BIGINT      NOT NULL REFERENCES studios (id),
    name       TEXT        NOT NULL,
    email      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (studio_id, email)
);

-- The video-call link of an online session type, and the registration questions as JSON.
ALTER TABLE session_types ADD COLUMN video_link TEXT;
ALTER TABLE session_types ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';

-- The student's answers to the registration questions, as JSON.
ALTER TABLE bookings ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';
