-- The instructor's own wording of a session type's emails to students, one per message kind
-- (domain/src/templates.rs); a kind without a row uses the standard text.
CREATE TABLE message_templates (
    session_type_id BIGINT NOT NULL REFERENCES session_types (id) ON DELETE CASCADE,
    kind            TEXT   NOT NULL,
    subject         TEXT   NOT NULL,
    body            TEXT   NOT NULL,
    PRIMARY KEY (session_type_id, kind)
);
