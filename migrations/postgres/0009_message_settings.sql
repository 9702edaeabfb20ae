-- Settings > Emails: where the instructor's messages go and students' replies reach (the
-- account's email when NULL), and whether the instructor gets the reminders too.
ALTER TABLE studios ADD COLUMN contact_email TEXT;
ALTER TABLE studios ADD COLUMN remind_instructor BOOLEAN NOT NULL DEFAULT FALSE;
