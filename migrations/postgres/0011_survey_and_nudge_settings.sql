-- Settings > Emails: hours between a session's end and its survey (NULL: no survey), and the
-- payment nudges' steps as comma-separated hours after booking and before the deadline.
ALTER TABLE studios ADD COLUMN survey_delay_hours INTEGER DEFAULT 1
    CHECK (survey_delay_hours IS NULL OR survey_delay_hours BETWEEN 0 AND 168);
ALTER TABLE studios ADD COLUMN nudge_after_booking TEXT NOT NULL DEFAULT '1,24';
ALTER TABLE studios ADD COLUMN nudge_before_deadline TEXT NOT NULL DEFAULT '24';
