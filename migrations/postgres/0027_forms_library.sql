-- The studio's library of forms (seed 003): contracts clients sign and questionnaires they
-- answer when they book. `content` is a contract's text, or a questionnaire's questions as JSON.
CREATE TABLE library_forms (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    studio_id  BIGINT NOT NULL REFERENCES studios (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL CHECK (kind IN ('contract', 'questionnaire')),
    title      TEXT   NOT NULL,
    content    TEXT   NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX library_forms_of_studio ON library_forms (studio_id);
-- The forms a session type's booking form asks for; removing a form detaches it.
ALTER TABLE session_types ADD COLUMN contract_id BIGINT REFERENCES library_forms (id) ON DELETE SET NULL;
ALTER TABLE session_types ADD COLUMN questionnaire_id BIGINT REFERENCES library_forms (id) ON DELETE SET NULL;
-- What a client signed at booking, word for word (and its SHA-256), with the name they typed,
-- when, and from which address and browser. Kept when the library's contract changes or goes.
CREATE TABLE signed_contracts (
    booking_id  BIGINT PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
    title       TEXT   NOT NULL,
    signed_text TEXT   NOT NULL,
    text_sha256 TEXT   NOT NULL,
    signed_name TEXT   NOT NULL,
    signed_at   TIMESTAMPTZ NOT NULL,
    ip          TEXT   NOT NULL,
    user_agent  TEXT   NOT NULL
);
