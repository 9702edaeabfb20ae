-- The advanced settings of seed 000: split pricing, access level, buffer, lead times,
-- daily maximum and the cover image.
ALTER TABLE session_types ADD COLUMN non_member_price_minor BIGINT CHECK (non_member_price_minor >= 0);
ALTER TABLE session_types ADD COLUMN access_level TEXT CHECK (access_level IN ('public', 'members_only', 'private'));
ALTER TABLE session_types ADD COLUMN buffer_minutes INTEGER NOT NULL DEFAULT 0
    CHECK (buffer_minutes IN (0, 5, 10, 15, 30, 45, 60));
ALTER TABLE session_types ADD COLUMN min_lead_hours INTEGER NOT NULL DEFAULT 0
    CHECK (min_lead_hours BETWEEN 0 AND 8760);
ALTER TABLE session_types ADD COLUMN max_lead_days INTEGER NOT NULL DEFAULT 60
    CHECK (max_lead_days BETWEEN 1 AND 730);
ALTER TABLE session_types ADD COLUMN max_per_day INTEGER CHECK (max_per_day BETWEEN 1 AND 100);
ALTER TABLE session_types ADD COLUMN cover_image TEXT;
