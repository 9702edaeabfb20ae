-- A studio's own Stripe account (Settings > Payments). The secret key and the webhook signing
-- secret are sealed with the server's secrets key (never stored as typed); the hint is the
-- masked key Stripe itself shows, e.g. "sk_test_…WXYZ".
CREATE TABLE stripe_accounts (
    studio_id             INTEGER     PRIMARY KEY REFERENCES studios (id) ON DELETE CASCADE,
    mode                  TEXT        NOT NULL CHECK (mode IN ('test', 'live')),
    publishable_key       TEXT        NOT NULL,
    secret_key_sealed     TEXT        NOT NULL,
    secret_key_hint       TEXT        NOT NULL,
    webhook_secret_sealed TEXT        NOT NULL,
    connected_at          INTEGER     NOT NULL
);
