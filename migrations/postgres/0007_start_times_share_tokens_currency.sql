-- "Start times every" 15, 30 or 60 minutes; NULL starts a session every session length.
ALTER TABLE session_types ADD COLUMN start_every_minutes INTEGER
    CHECK (start_every_minutes IS NULL OR start_every_minutes IN (15, 30, 60));

-- Signed into a private type's share link: a new token makes every older link stop working.
-- The empty token is the one every link made before this migration was signed with.
ALTER TABLE session_types ADD COLUMN share_token TEXT NOT NULL DEFAULT '';

-- Prices are in the studio's currency. Types left in an older currency by a change of the
-- studio's are relabelled where both currencies have cents (a figure keeps its meaning);
-- a yen price and a cents price are left as they were.
UPDATE session_types t
SET currency = s.currency
FROM studios s
WHERE s.id = t.studio_id
  AND t.currency <> s.currency
  AND t.currency <> 'JPY'
  AND s.currency <> 'JPY';
