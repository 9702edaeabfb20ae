-- Durable background jobs (emails, reminders), enqueued in the transaction of the change that
-- causes them (domain/src/jobs.rs). Workers claim due jobs under a lease that runs out.
CREATE TABLE jobs (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    studio_id    BIGINT      NOT NULL REFERENCES studios (id),
    booking_id   BIGINT      REFERENCES bookings (id),
    kind         TEXT        NOT NULL,
    -- A job whose key exists is not enqueued again.
    dedupe_key   TEXT        NOT NULL UNIQUE,
    payload      TEXT        NOT NULL DEFAULT '{}',
    -- Not before then.
    run_at       TIMESTAMPTZ NOT NULL,
    state        TEXT        NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'running', 'done', 'cancelled', 'failed')),
    attempts     INTEGER     NOT NULL DEFAULT 0,
    -- The worker running it, and until when its lease holds.
    locked_by    TEXT,
    locked_until TIMESTAMPTZ,
    last_error   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    done_at      TIMESTAMPTZ,
    CHECK (state <> 'running' OR (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);
CREATE INDEX jobs_to_claim ON jobs (run_at) WHERE state IN ('pending', 'running');
CREATE INDEX jobs_by_booking ON jobs (booking_id) WHERE booking_id IS NOT NULL;
