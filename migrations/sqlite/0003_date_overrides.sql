-- Dates whose hours differ from their weekday's: one row a range, or one row with no range
-- for a closed day.
CREATE TABLE date_overrides (
    studio_id    INTEGER NOT NULL REFERENCES studios (id),
    date         TEXT    NOT NULL,
    start_minute INTEGER,
    end_minute   INTEGER,
    CHECK ((start_minute IS NULL AND end_minute IS NULL)
        OR (0 <= start_minute AND start_minute < end_minute AND end_minute <= 1440))
);
CREATE INDEX date_overrides_by_studio ON date_overrides (studio_id, date);
