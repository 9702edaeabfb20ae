//! The studio's books: card payments taken, refunds made and payments recorded, in a window.

use sqlx::SqlitePool;
use store::rows::{LedgerRow, backend, convert_all};
use store::{LedgerItem, LedgerQuery, StoreError};

/// Each source binds the studio and its window's bounds, in that order.
const LEDGER_SQL: &str = "\
SELECT entry.kind, entry.amount_minor, entry.currency, entry.at, entry.on_day, entry.note,
       b.id AS booking_id, COALESCE(b.student_name, '') AS student_name,
       COALESCE(b.student_email, '') AS student_email, t.name AS session_type_name,
       b.starts_at AS session_start
FROM (
    SELECT booking_id, 'card' AS kind, amount_minor, currency, settled_at AS at,
           NULL AS on_day, NULL AS note
    FROM card_payments
    WHERE studio_id = ? AND status IN ('succeeded', 'refund_due', 'refunded')
      AND settled_at >= ? AND settled_at < ?
    UNION ALL
    SELECT booking_id, 'late_refund', amount_minor, currency, refunded_at, NULL, NULL
    FROM card_payments
    WHERE studio_id = ? AND status = 'refunded' AND refunded_at >= ? AND refunded_at < ?
    UNION ALL
    SELECT booking_id, reason, amount_minor, currency, refunded_at, NULL, NULL
    FROM refunds
    WHERE studio_id = ? AND status = 'refunded' AND refunded_at >= ? AND refunded_at < ?
    UNION ALL
    SELECT booking_id, method, amount_minor, currency, NULL, received_on, note
    FROM manual_payments
    WHERE studio_id = ? AND received_on >= ? AND received_on <= ?
) AS entry
JOIN bookings b ON b.id = entry.booking_id
JOIN session_types t ON t.id = b.session_type_id";

pub async fn ledger(pool: &SqlitePool, query: &LedgerQuery) -> Result<Vec<LedgerItem>, StoreError> {
    let mut statement = sqlx::query_as::<_, LedgerRow>(LEDGER_SQL);
    for _ in 0..3 {
        statement = statement
            .bind(query.studio_id)
            .bind(query.from.timestamp())
            .bind(query.to.timestamp());
    }
    let rows = statement
        .bind(query.studio_id)
        .bind(query.first_day.format("%Y-%m-%d").to_string())
        .bind(query.last_day.format("%Y-%m-%d").to_string())
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    convert_all(rows)
}
