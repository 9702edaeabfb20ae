-- The payments page lists a late payment twice: when it came in (settled_at) and when it went
-- back (refunded_at). Until now the refund overwrote settled_at; refunds already made keep that
-- one instant for both.
ALTER TABLE card_payments ADD COLUMN refunded_at TIMESTAMPTZ;
UPDATE card_payments SET refunded_at = settled_at WHERE status = 'refunded';
-- The payments page reads a studio's money by when it moved.
CREATE INDEX card_payments_of_studio ON card_payments (studio_id, settled_at);
CREATE INDEX refunds_of_studio ON refunds (studio_id, refunded_at);
