-- The reconciliation asks Stripe about each pending payment when its next check is due (soon
-- after it is made, then less often), and a payment whose booking ended is cancelled at Stripe
-- and closed as 'canceled'.
ALTER TABLE card_payments DROP CONSTRAINT card_payments_status_check;
ALTER TABLE card_payments ADD CONSTRAINT card_payments_status_check
    CHECK (status IN ('pending', 'succeeded', 'refund_due', 'refunded', 'canceled'));
ALTER TABLE card_payments ADD COLUMN next_check_at TIMESTAMPTZ;
UPDATE card_payments SET next_check_at = created_at;
ALTER TABLE card_payments ALTER COLUMN next_check_at SET NOT NULL;
DROP INDEX card_payments_pending;
CREATE INDEX card_payments_due_checks ON card_payments (next_check_at) WHERE status = 'pending';
