-- A late payment's refund that Stripe did not make is tried again later and later
-- (domain::card_payments::next_refund_try); next_check_at holds when, refund_tries how often.
ALTER TABLE card_payments ADD COLUMN refund_tries INTEGER NOT NULL DEFAULT 0 CHECK (refund_tries >= 0);
CREATE INDEX card_payments_due_refunds ON card_payments (next_check_at) WHERE status = 'refund_due';
