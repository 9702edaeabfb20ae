-- What a studio offers and how students pay (Settings > Offerings); booleans are 0 or 1.
ALTER TABLE studios ADD COLUMN personal_sessions INTEGER NOT NULL DEFAULT 1
    CHECK (personal_sessions IN (0, 1));
ALTER TABLE studios ADD COLUMN show_on_landing INTEGER NOT NULL DEFAULT 1
    CHECK (show_on_landing IN (0, 1));
ALTER TABLE studios ADD COLUMN default_access_level TEXT NOT NULL DEFAULT 'public'
    CHECK (default_access_level IN ('public', 'members_only', 'private'));
ALTER TABLE studios ADD COLUMN pay_at_session INTEGER NOT NULL DEFAULT 1
    CHECK (pay_at_session IN (0, 1));
ALTER TABLE studios ADD COLUMN pay_by_check INTEGER NOT NULL DEFAULT 0
    CHECK (pay_by_check IN (0, 1));
ALTER TABLE studios ADD COLUMN pay_with_stripe INTEGER NOT NULL DEFAULT 0
    CHECK (pay_with_stripe IN (0, 1));

-- A studio's member list; emails are stored lower-cased, once per studio.
CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    studio_id  INTEGER NOT NULL REFERENCES studios (id),
    name       TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (studio_id, email)
);

-- The video-call link of an online session type, and the registration questions as JSON.
ALTER TABLE session_types ADD COLUMN video_link TEXT;
ALTER TABLE session_types ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';

-- The student's answers to the registration questions, as JSON.
ALTER TABLE bookings ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';
