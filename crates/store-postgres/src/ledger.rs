//! The studio's books: card payments taken, refunds made and payments recorded, in a window.

use sqlx::PgPool;
use store::rows::{LedgerRow, backend, convert_all};
use store::{LedgerItem, LedgerQuery, StoreError};

const LEDGER_SQL: &str = "\
SELECT entry.kind, entry.amount_minor, entry.currency, entry.at, entry.on_day, entry.note,
       b.id AS booking_id, COALESCE(b.student_name, '') AS student_name,
       COALESCE(b.student_email, '') AS student_email, t.name AS session_type_name,
       b.starts_at AS session_start
FROM (
    SELECT booking_id, 'card'::text AS kind, amount_minor, currency, settled_at AS at,
           NULL::date AS on_day, NULL::text AS note
    FROM card_payments
    WHERE studio_id = $1 AND status IN ('succeeded', 'refund_due', 'refunded')
      AND settled_at >= $2 AND settled_at < $3
    UNION ALL
    SELECT booking_id, 'late_refund', amount_minor, currency, refunded_at, NULL, NULL
    FROM card_payments
    WHERE studio_id = $1 AND status = 'refunded' AND refunded_at >= $2 AND refunded_at < $3
    UNION ALL
    SELECT booking_id, reason, amount_minor, currency, refunded_at, NULL, NULL
    FROM refunds
    WHERE studio_id = $1 AND status = 'refunded' AND refunded_at >= $2 AND refunded_at < $3
    UNION ALL
    SELECT booking_id, method, amount_minor, currency, NULL, received_on, note
    FROM manual_payments
    WHERE studio_id = $1 AND received_on >= $4 AND received_on <= $5
) AS entry
JOIN bookings b ON b.id = entry.booking_id
JOIN session_types t ON t.id = b.session_type_id";

pub async fn ledger(pool: &PgPool, query: &LedgerQuery) -> Result<Vec<LedgerItem>, StoreError> {
    let rows: Vec<LedgerRow> = sqlx::query_as(LEDGER_SQL)
        .bind(query.studio_id)
        .bind(query.from)
        .bind(query.to)
        .bind(query.first_day)
        .bind(query.last_day)
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    convert_all(rows)
}
