//! Holds, bookings and their changes. Every write that depends on the seats taken first locks
//! the studio's row, so checks and writes are serialized per studio across every process.

use chrono::{DateTime, Utc};
use domain::availability::TakenSeats;
use domain::invoices::InvoiceSource;
use domain::lifecycle::BookingState;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use store::rows::{
    BOOKING_COLUMNS, BookingRow, BookingSummaryRow, KEEPS_SEAT_SQL, StateValues, TakenSeatsRow,
    answers_json, backend, booking_columns_unaliased, booking_summary_select, convert_all,
    is_unique_violation,
};
use store::rows::{
    CARD_PAYMENT_COLUMNS, CardPaymentRow, MANUAL_PAYMENT_COLUMNS, ManualPaymentRow, PriceValues,
    REFUND_COLUMNS, RefundRow,
};
use store::{
    Booking, BookingDetails, BookingError, BookingId, BookingMove, BookingQuery, BookingSummary,
    FollowUps, NewBooking, NewHold, SeatCheck, StoreError, StudioId, UserId,
};
use store::{CardPayment, Conflict, NewRefund, PaidIntent, Refund, SettleOutcome};
use store::{ManualPayment, NewManualPayment};

/// Whether a booking row keeps its seat at the instant bound as `$n`.
fn keeps_seat_at(now_parameter: &str) -> String {
    format!(
        "(b.status IN {KEEPS_SEAT_SQL} OR (b.status IN ('held', 'payment_pending') AND b.expires_at > {now_parameter}))"
    )
}

/// Serializes every seat-dependent write of this studio, across processes, until commit.
async fn lock_studio(connection: &mut PgConnection, studio_id: StudioId) -> Result<(), StoreError> {
    // NO KEY UPDATE: booking writers still take turns, while rows that merely refer to the
    // studio (jobs, events) can be written meanwhile without waiting on it.
    sqlx::query("SELECT id FROM studios WHERE id = $1 FOR NO KEY UPDATE")
        .bind(studio_id)
        .execute(&mut *connection)
        .await
        .map_err(backend)?;
    Ok(())
}

async fn taken_seats_on(
    connection: &mut PgConnection,
    studio_id: StudioId,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    excluding: Option<BookingId>,
) -> Result<Vec<TakenSeats>, sqlx::Error> {
    let rows: Vec<TakenSeatsRow> = sqlx::query_as(&format!(
        "SELECT b.session_type_id, b.starts_at, b.ends_at, COUNT(*) AS seats, t.buffer_minutes \
         FROM bookings b JOIN session_types t ON t.id = b.session_type_id \
         WHERE b.studio_id = $1 AND b.starts_at < $2 AND b.ends_at > $3 AND {} \
         AND b.id IS DISTINCT FROM $5 \
         GROUP BY b.session_type_id, b.starts_at, b.ends_at, t.buffer_minutes ORDER BY b.starts_at",
        keeps_seat_at("$4")
    ))
    .bind(studio_id)
    .bind(to)
    .bind(from)
    .bind(now)
    .bind(excluding)
    .fetch_all(&mut *connection)
    .await?;
    Ok(rows.into_iter().map(TakenSeats::from).collect())
}

pub async fn taken_seats(
    pool: &PgPool,
    studio_id: StudioId,
    window: (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<Vec<TakenSeats>, StoreError> {
    let mut connection = pool.acquire().await.map_err(backend)?;
    taken_seats_on(&mut connection, studio_id, window, now, None)
        .await
        .map_err(backend)
}

/// Whether this email already keeps a seat of the session (another booking than `excluding`).
async fn email_keeps_seat(
    connection: &mut PgConnection,
    session_type_id: i64,
    start: DateTime<Utc>,
    email: &str,
    now: DateTime<Utc>,
    excluding: Option<BookingId>,
) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT b.id FROM bookings b WHERE b.session_type_id = $1 AND b.starts_at = $2 \
         AND b.student_email = $3 AND {} AND b.id IS DISTINCT FROM $5 LIMIT 1",
        keeps_seat_at("$4")
    ))
    .bind(session_type_id)
    .bind(start)
    .bind(email)
    .bind(now)
    .bind(excluding)
    .fetch_optional(&mut *connection)
    .await
    .map_err(backend)?;
    Ok(found.is_some())
}

fn insert_error(error: sqlx::Error) -> BookingError {
    if is_unique_violation(&error) {
        BookingError::AlreadyBooked
    } else {
        backend(error).into()
    }
}

async fn row_by_id(
    connection: &mut PgConnection,
    id: BookingId,
) -> Result<Option<BookingRow>, StoreError> {
    sqlx::query_as(&format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings b WHERE b.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *connection)
    .await
    .map_err(backend)
}

/// Locks the studio of booking `id` and reads the booking, in this transaction.
async fn locked_row(
    connection: &mut PgConnection,
    id: BookingId,
) -> Result<Option<BookingRow>, StoreError> {
    let studio_id: Option<i64> = sqlx::query_scalar("SELECT studio_id FROM bookings WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *connection)
        .await
        .map_err(backend)?;
    let Some(studio_id) = studio_id else {
        return Ok(None);
    };
    lock_studio(connection, studio_id).await?;
    row_by_id(connection, id).await
}

/// Runs `work` in a transaction, committing when it succeeds.
macro_rules! in_transaction {
    ($pool:expr, |$connection:ident| $work:expr) => {{
        let mut transaction = $pool.begin().await.map_err(backend)?;
        let result = {
            let $connection: &mut PgConnection = &mut transaction;
            $work
        };
        if result.is_ok() {
            transaction.commit().await.map_err(backend)?;
        }
        result
    }};
}

/// The booking a change wrote, with the jobs the change brings applied in its transaction.
async fn with_follow_ups(
    connection: &mut PgConnection,
    row: BookingRow,
    follow_ups: FollowUps<'_>,
) -> Result<Booking, StoreError> {
    let booking: Booking = row.try_into()?;
    crate::jobs::apply_plan(connection, booking.id, &follow_ups(&booking))
        .await
        .map_err(backend)?;
    Ok(booking)
}

pub async fn hold(
    pool: &PgPool,
    new: &NewHold,
    check: SeatCheck<'_>,
) -> Result<Booking, BookingError> {
    in_transaction!(pool, |connection| {
        async {
            lock_studio(connection, new.studio_id).await?;
            let window = store::seat_window(new.start, new.end);
            let taken = taken_seats_on(connection, new.studio_id, window, new.created_at, None)
                .await
                .map_err(backend)?;
            check(&taken)?;
            let row: BookingRow = sqlx::query_as(&format!(
                "INSERT INTO bookings (studio_id, session_type_id, starts_at, ends_at, status, \
                 expires_at, public_token, created_at, user_id, preview) \
                 VALUES ($1, $2, $3, $4, 'held', $5, $6, $7, $8, $9) RETURNING {}",
                booking_columns_unaliased()
            ))
            .bind(new.studio_id)
            .bind(new.session_type_id)
            .bind(new.start)
            .bind(new.end)
            .bind(new.expires_at)
            .bind(&new.public_token)
            .bind(new.created_at)
            .bind(new.user_id)
            .bind(new.preview)
            .fetch_one(&mut *connection)
            .await
            .map_err(insert_error)?;
            Ok::<Booking, BookingError>(row.try_into()?)
        }
        .await
    })
}

pub async fn complete_hold(
    pool: &PgPool,
    id: BookingId,
    details: &BookingDetails,
    now: DateTime<Utc>,
    follow_ups: FollowUps<'_>,
) -> Result<Booking, BookingError> {
    in_transaction!(pool, |connection| {
        async {
            let Some(held) = locked_row(connection, id).await? else {
                return Err(BookingError::Changed);
            };
            let email = details.booker.email.as_str();
            if email_keeps_seat(
                connection,
                held.session_type_id,
                held.starts_at,
                email,
                now,
                Some(id),
            )
            .await?
            {
                return Err(BookingError::AlreadyBooked);
            }
            let state = StateValues::of(details.state);
            let price = PriceValues::of(details.price);
            let row: Option<BookingRow> = sqlx::query_as(&format!(
                "UPDATE bookings SET student_name = $1, student_email = $2, answers = $3, \
                 payment_method = $4, user_id = $5, status = $6, expires_at = $7, \
                 ended_at = $8, cancelled_by = $9, student_zone = $10, price_minor = $11, \
                 due_at_booking_minor = $12, price_currency = $13, discount_minor = $14, \
                 discount_reason = $15, package_name = $16 \
                 WHERE id = $17 AND status = 'held' AND expires_at > $18 RETURNING {}",
                booking_columns_unaliased()
            ))
            .bind(details.booker.name.as_str())
            .bind(email)
            .bind(answers_json(&details.answers)?)
            .bind(details.payment.map(|choice| choice.as_str()))
            .bind(details.user_id)
            .bind(state.status)
            .bind(state.expires_at)
            .bind(state.ended_at)
            .bind(state.cancelled_by)
            .bind(details.student_zone.map(|zone| zone.name()))
            .bind(price.total)
            .bind(price.due_at_booking)
            .bind(price.currency)
            .bind(price.discount)
            .bind(price.discount_reason)
            .bind(details.package.as_ref().map(|name| name.as_str()))
            .bind(id)
            .bind(now)
            .fetch_optional(&mut *connection)
            .await
            .map_err(insert_error)?;
            let Some(row) = row else {
                return Err(BookingError::Changed);
            };
            if let Some(signature) = &details.signature {
                save_signature(connection, id, signature)
                    .await
                    .map_err(store::rows::backend)?;
            }
            Ok(with_follow_ups(connection, row, follow_ups).await?)
        }
        .await
    })
}

/// Keeps what the client signed with the booking it was signed for.
async fn save_signature(
    connection: &mut PgConnection,
    booking_id: BookingId,
    signature: &store::SignedContract,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO signed_contracts (booking_id, title, signed_text, text_sha256, signed_name, \
         signed_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(booking_id)
    .bind(&signature.title)
    .bind(&signature.text)
    .bind(&signature.text_sha256)
    .bind(&signature.signed_name)
    .bind(signature.signed_at)
    .bind(&signature.ip)
    .bind(&signature.user_agent)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

pub async fn book(
    pool: &PgPool,
    new: &NewBooking,
    check: SeatCheck<'_>,
    follow_ups: FollowUps<'_>,
) -> Result<Booking, BookingError> {
    in_transaction!(pool, |connection| {
        async {
            lock_studio(connection, new.studio_id).await?;
            let details = &new.details;
            let email = details.booker.email.as_str();
            if email_keeps_seat(connection, new.session_type_id, new.start, email, new.created_at, None)
                .await?
            {
                return Err(BookingError::AlreadyBooked);
            }
            let window = store::seat_window(new.start, new.end);
            let taken =
                taken_seats_on(connection, new.studio_id, window, new.created_at, None)
                    .await
                    .map_err(backend)?;
            check(&taken)?;
            let state = StateValues::of(details.state);
            let price = PriceValues::of(details.price);
            let row: BookingRow = sqlx::query_as(&format!(
                "INSERT INTO bookings (studio_id, session_type_id, starts_at, ends_at, student_name, \
                 student_email, status, expires_at, ended_at, cancelled_by, public_token, created_at, \
                 answers, payment_method, user_id, student_zone, price_minor, due_at_booking_minor, \
                 price_currency, discount_minor, discount_reason, package_name) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                 $17, $18, $19, $20, $21, $22) RETURNING {}",
                booking_columns_unaliased()
            ))
            .bind(new.studio_id)
            .bind(new.session_type_id)
            .bind(new.start)
            .bind(new.end)
            .bind(details.booker.name.as_str())
            .bind(email)
            .bind(state.status)
            .bind(state.expires_at)
            .bind(state.ended_at)
            .bind(state.cancelled_by)
            .bind(&new.public_token)
            .bind(new.created_at)
            .bind(answers_json(&details.answers)?)
            .bind(details.payment.map(|choice| choice.as_str()))
            .bind(details.user_id)
            .bind(details.student_zone.map(|zone| zone.name()))
            .bind(price.total)
            .bind(price.due_at_booking)
            .bind(price.currency)
            .bind(price.discount)
            .bind(price.discount_reason)
            .bind(details.package.as_ref().map(|name| name.as_str()))
            .fetch_one(&mut *connection)
            .await
            .map_err(insert_error)?;
            if let Some(signature) = &details.signature {
                save_signature(connection, row.id, signature)
                    .await
                    .map_err(store::rows::backend)?;
            }
            Ok::<Booking, BookingError>(with_follow_ups(connection, row, follow_ups).await?)
        }
        .await
    })
}

pub async fn change_state(
    pool: &PgPool,
    id: BookingId,
    (from, to): (BookingState, BookingState),
    message: Option<&str>,
    refunds: &[NewRefund],
    follow_ups: FollowUps<'_>,
) -> Result<bool, StoreError> {
    let (from, to) = (StateValues::of(from), StateValues::of(to));
    in_transaction!(pool, |connection| {
        async {
            let row: Option<BookingRow> = sqlx::query_as(&format!(
                "UPDATE bookings SET status = $1, expires_at = $2, ended_at = $3, cancelled_by = $4, \
                 message = COALESCE($5, message) WHERE id = $6 AND status = $7 \
                 AND expires_at IS NOT DISTINCT FROM $8 RETURNING {}",
                booking_columns_unaliased()
            ))
            .bind(to.status)
            .bind(to.expires_at)
            .bind(to.ended_at)
            .bind(to.cancelled_by)
            .bind(message)
            .bind(id)
            .bind(from.status)
            .bind(from.expires_at)
            .fetch_optional(&mut *connection)
            .await
            .map_err(backend)?;
            match row {
                Some(row) => {
                    if let Some(ended_at) = to.ended_at {
                        check_open_payments_at(connection, row.id, ended_at).await?;
                    }
                    insert_refunds(connection, row.id, refunds).await?;
                    with_follow_ups(connection, row, follow_ups)
                        .await
                        .map(|_| true)
                }
                None => Ok(false),
            }
        }
        .await
    })
}

pub async fn move_booking(
    pool: &PgPool,
    id: BookingId,
    change: &BookingMove,
    now: DateTime<Utc>,
    check: SeatCheck<'_>,
    follow_ups: FollowUps<'_>,
) -> Result<Booking, BookingError> {
    let (from_start, (to_start, to_end)) = (change.from_start, change.to);
    in_transaction!(pool, |connection| {
        async {
            let Some(current) = locked_row(connection, id).await? else {
                return Err(BookingError::Changed);
            };
            let movable = matches!(current.status.as_str(), "confirmed" | "payment_pending");
            if !movable || current.starts_at != from_start {
                return Err(BookingError::Changed);
            }
            if let Some(email) = &current.student_email
                && email_keeps_seat(
                    connection,
                    current.session_type_id,
                    to_start,
                    email,
                    now,
                    Some(id),
                )
                .await?
            {
                return Err(BookingError::AlreadyBooked);
            }
            let window = store::seat_window(to_start, to_end);
            let taken = taken_seats_on(connection, current.studio_id, window, now, Some(id))
                .await
                .map_err(backend)?;
            check(&taken)?;
            let state = StateValues::of(change.state);
            let row: BookingRow = sqlx::query_as(&format!(
                "UPDATE bookings SET starts_at = $1, ends_at = $2, moves = moves + 1, status = $3, \
                 expires_at = $4 WHERE id = $5 RETURNING {}",
                booking_columns_unaliased()
            ))
            .bind(to_start)
            .bind(to_end)
            .bind(state.status)
            .bind(state.expires_at)
            .bind(id)
            .fetch_one(&mut *connection)
            .await
            .map_err(insert_error)?;
            Ok::<Booking, BookingError>(with_follow_ups(connection, row, follow_ups).await?)
        }
        .await
    })
}

pub async fn expire_overdue(
    pool: &PgPool,
    now: DateTime<Utc>,
    follow_ups: FollowUps<'_>,
) -> Result<Vec<Booking>, StoreError> {
    in_transaction!(pool, |connection| {
        async {
            // Under READ COMMITTED a row another sweeper has just expired no longer matches
            // when this UPDATE re-checks it after the lock, so each row is returned to one
            // sweeper only, and its follow-ups are planned once.
            let rows: Vec<BookingRow> = sqlx::query_as(&format!(
                "UPDATE bookings SET status = 'expired', ended_at = $1 \
                 WHERE status IN ('held', 'payment_pending') AND expires_at <= $1 RETURNING {}",
                booking_columns_unaliased()
            ))
            .bind(now)
            .fetch_all(&mut *connection)
            .await
            .map_err(backend)?;
            let mut expired = Vec::with_capacity(rows.len());
            for row in rows {
                check_open_payments_at(connection, row.id, now).await?;
                expired.push(with_follow_ups(connection, row, follow_ups).await?);
            }
            Ok::<Vec<Booking>, StoreError>(expired)
        }
        .await
    })
}

/// Makes the open card payments of a booking that just ended due for the reconciliation at
/// `at`: it cancels them at Stripe at its next round, before a card can be charged late.
async fn check_open_payments_at(
    connection: &mut PgConnection,
    booking_id: BookingId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE card_payments SET next_check_at = $1 WHERE booking_id = $2 AND status = 'pending'",
    )
    .bind(at)
    .bind(booking_id)
    .execute(&mut *connection)
    .await
    .map_err(backend)?;
    Ok(())
}

/// `%`, `_` and `\` match themselves in the search.
fn like_pattern(search: &str) -> String {
    let mut pattern = String::from("%");
    for character in search.to_lowercase().chars() {
        if matches!(character, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    pattern.push('%');
    pattern
}

pub async fn bookings(
    pool: &PgPool,
    studio_id: StudioId,
    query: &BookingQuery,
) -> Result<Vec<BookingSummary>, StoreError> {
    let mut sql = QueryBuilder::<Postgres>::new(booking_summary_select());
    sql.push(" WHERE b.studio_id = ")
        .push_bind(studio_id)
        .push(" AND b.student_email IS NOT NULL");
    if let Some(status) = query.status {
        sql.push(" AND b.status = ").push_bind(status.as_str());
    }
    if let Some(session_type_id) = query.session_type_id {
        sql.push(" AND b.session_type_id = ")
            .push_bind(session_type_id);
    }
    if let Some(from) = query.from {
        sql.push(" AND b.starts_at >= ").push_bind(from);
    }
    if let Some(to) = query.to {
        sql.push(" AND b.starts_at < ").push_bind(to);
    }
    if let Some(search) = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let pattern = like_pattern(search);
        sql.push(" AND (lower(b.student_name) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(b.student_email) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    sql.push(" ORDER BY b.starts_at, b.id");
    let rows: Vec<BookingSummaryRow> = sql
        .build_query_as()
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    convert_all(rows)
}

pub async fn booking(
    pool: &PgPool,
    studio_id: StudioId,
    id: BookingId,
) -> Result<Option<BookingSummary>, StoreError> {
    let row: Option<BookingSummaryRow> = sqlx::query_as(&format!(
        "{} WHERE b.studio_id = $1 AND b.id = $2",
        booking_summary_select()
    ))
    .bind(studio_id)
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    row.map(BookingSummary::try_from).transpose()
}

pub async fn booking_by_id(pool: &PgPool, id: BookingId) -> Result<Option<Booking>, StoreError> {
    let mut connection = pool.acquire().await.map_err(backend)?;
    row_by_id(&mut connection, id)
        .await?
        .map(Booking::try_from)
        .transpose()
}

pub async fn bookings_of_user(
    pool: &PgPool,
    user_id: UserId,
) -> Result<Vec<BookingSummary>, StoreError> {
    let rows: Vec<BookingSummaryRow> = sqlx::query_as(&format!(
        "{} WHERE b.user_id = $1 AND b.student_email IS NOT NULL ORDER BY b.starts_at, b.id",
        booking_summary_select()
    ))
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    convert_all(rows)
}

pub async fn settle_paid_intent(
    pool: &PgPool,
    paid: &PaidIntent<'_>,
    follow_ups: FollowUps<'_>,
) -> Result<SettleOutcome, StoreError> {
    use domain::card_payments::{Settlement, settle_succeeded};
    in_transaction!(pool, |connection| {
        async {
            // The studio first, as booking writes take it; then the booking's row, which the
            // sweep also locks to expire it. Racing reports of one payment take turns here.
            lock_studio(connection, paid.studio_id).await?;
            let payment: Option<CardPaymentRow> = sqlx::query_as(&format!(
                "SELECT {CARD_PAYMENT_COLUMNS} FROM card_payments \
                 WHERE studio_id = $1 AND payment_intent = $2"
            ))
            .bind(paid.studio_id)
            .bind(paid.payment_intent)
            .fetch_optional(&mut *connection)
            .await
            .map_err(backend)?;
            let Some(payment) = payment else {
                // Not remembered: should its payment be recorded later, a resend still counts.
                return Ok(SettleOutcome::UnknownPaymentIntent);
            };
            let payment: CardPayment = payment.try_into()?;
            let row: Option<BookingRow> = sqlx::query_as(&format!(
                "SELECT {BOOKING_COLUMNS} FROM bookings b WHERE b.id = $1 AND b.studio_id = $2 \
                 FOR UPDATE"
            ))
            .bind(payment.booking_id)
            .bind(paid.studio_id)
            .fetch_optional(&mut *connection)
            .await
            .map_err(backend)?;
            let Some(row) = row else {
                return Ok(SettleOutcome::UnknownPaymentIntent);
            };
            if let Some(event_id) = paid.event_id
                && !insert_event(connection, paid.studio_id, event_id, paid.now).await?
            {
                return Ok(SettleOutcome::RepeatedEvent);
            }
            let booking: Booking = row.try_into()?;
            let settlement = settle_succeeded(payment.status, booking.state, paid.now);
            if settlement == Settlement::AlreadySettled {
                return Ok(SettleOutcome::Settled {
                    settlement,
                    booking: Box::new(booking),
                });
            }
            // A payment due a refund is due at once.
            sqlx::query(
                "UPDATE card_payments SET status = $1, settled_at = $2, next_check_at = $2 \
                 WHERE id = $3",
            )
            .bind(settlement.payment_status(payment.status).as_str())
            .bind(paid.now)
                .bind(payment.id)
                .execute(&mut *connection)
                .await
                .map_err(backend)?;
            issue_invoice(connection, InvoiceSource::CardPayment, payment.id, paid.now).await?;
            if settlement != Settlement::ConfirmsBooking {
                return Ok(SettleOutcome::Settled {
                    settlement,
                    booking: Box::new(booking),
                });
            }
            let from = StateValues::of(booking.state);
            let to = StateValues::of(BookingState::Confirmed);
            let row: BookingRow = sqlx::query_as(&format!(
                "UPDATE bookings SET status = $1, expires_at = $2, ended_at = $3, cancelled_by = $4 \
                 WHERE id = $5 AND status = $6 RETURNING {}",
                booking_columns_unaliased()
            ))
            .bind(to.status)
            .bind(to.expires_at)
            .bind(to.ended_at)
            .bind(to.cancelled_by)
            .bind(booking.id)
            .bind(from.status)
            .fetch_one(&mut *connection)
            .await
            .map_err(backend)?;
            let booking = with_follow_ups(connection, row, follow_ups).await?;
            Ok(SettleOutcome::Settled {
                settlement,
                booking: Box::new(booking),
            })
        }
        .await
    })
}

async fn insert_event(
    connection: &mut PgConnection,
    studio_id: StudioId,
    event_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "INSERT INTO stripe_events (studio_id, event_id, received_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(studio_id)
    .bind(event_id)
    .bind(now)
    .execute(&mut *connection)
    .await
    .map_err(backend)?
    .rows_affected()
        > 0)
}

pub async fn record_stripe_event(
    pool: &PgPool,
    studio_id: StudioId,
    event_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    in_transaction!(pool, |connection| {
        insert_event(connection, studio_id, event_id, now).await
    })
}

/// Records refunds of a booking's card payments, each within what its payment has left to give
/// back; the payment's row is locked first, so refunds of it made at the same time wait.
pub async fn insert_refunds(
    connection: &mut PgConnection,
    booking_id: BookingId,
    refunds: &[NewRefund],
) -> Result<Vec<Refund>, StoreError> {
    let mut recorded = Vec::with_capacity(refunds.len());
    for refund in refunds {
        let payment: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT studio_id, amount_minor, currency FROM card_payments \
             WHERE id = $1 AND booking_id = $2 AND status = 'succeeded' FOR UPDATE",
        )
        .bind(refund.card_payment_id)
        .bind(booking_id)
        .fetch_optional(&mut *connection)
        .await
        .map_err(backend)?;
        let Some((studio_id, paid, currency)) = payment else {
            return Err(Conflict::RefundExceedsPayment.into());
        };
        let (given_back,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(SUM(amount_minor), 0)::BIGINT FROM refunds WHERE card_payment_id = $1",
        )
        .bind(refund.card_payment_id)
        .fetch_one(&mut *connection)
        .await
        .map_err(backend)?;
        let amount = refund.amount.minor_units();
        if currency != refund.amount.currency().code() || amount <= 0 || given_back + amount > paid
        {
            return Err(Conflict::RefundExceedsPayment.into());
        }
        let row: RefundRow = sqlx::query_as(&format!(
            "INSERT INTO refunds (studio_id, booking_id, card_payment_id, amount_minor, currency, \
             reason, status, next_try_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'due', $7, $7) \
             RETURNING {REFUND_COLUMNS}"
        ))
        .bind(studio_id)
        .bind(booking_id)
        .bind(refund.card_payment_id)
        .bind(amount)
        .bind(currency)
        .bind(refund.reason.as_str())
        .bind(refund.created_at)
        .fetch_one(&mut *connection)
        .await
        .map_err(backend)?;
        recorded.push(row.try_into()?);
    }
    Ok(recorded)
}

pub async fn add_refunds(
    pool: &PgPool,
    booking_id: BookingId,
    refunds: &[NewRefund],
) -> Result<Vec<Refund>, StoreError> {
    in_transaction!(pool, |connection| {
        async { insert_refunds(connection, booking_id, refunds).await }.await
    })
}

pub async fn record_refund_made(
    pool: &PgPool,
    refund_id: i64,
    now: DateTime<Utc>,
    follow_ups: FollowUps<'_>,
) -> Result<bool, StoreError> {
    mark_refunded(
        pool,
        "UPDATE refunds SET status = 'refunded', refunded_at = $1 \
         WHERE id = $2 AND status = 'due' RETURNING booking_id",
        (InvoiceSource::Refund, refund_id, now),
        follow_ups,
    )
    .await
}

pub async fn record_card_refund(
    pool: &PgPool,
    payment_id: i64,
    now: DateTime<Utc>,
    follow_ups: FollowUps<'_>,
) -> Result<bool, StoreError> {
    mark_refunded(
        pool,
        "UPDATE card_payments SET status = 'refunded', refunded_at = $1 \
         WHERE id = $2 AND status = 'refund_due' RETURNING booking_id",
        (InvoiceSource::LatePaymentRefund, payment_id, now),
        follow_ups,
    )
    .await
}

/// Runs `update` (binding the instant, then the id; it returns the booking's id), issues the
/// refund's invoice and plans that booking's follow-ups, in one transaction; `false` when the
/// update changed nothing because it was recorded before.
async fn mark_refunded(
    pool: &PgPool,
    update: &str,
    (source, id, now): (InvoiceSource, i64, DateTime<Utc>),
    follow_ups: FollowUps<'_>,
) -> Result<bool, StoreError> {
    in_transaction!(pool, |connection| {
        async {
            let booking_id: Option<(BookingId,)> = sqlx::query_as(update)
                .bind(now)
                .bind(id)
                .fetch_optional(&mut *connection)
                .await
                .map_err(backend)?;
            let Some((booking_id,)) = booking_id else {
                return Ok(false);
            };
            issue_invoice(connection, source, id, now).await?;
            if let Some(row) = row_by_id(connection, booking_id).await? {
                with_follow_ups(connection, row, follow_ups).await?;
            }
            Ok(true)
        }
        .await
    })
}

/// What a booking still owes of its kept price (card payments less their refunds, and the
/// payments recorded so far, count against it); `None` when no price was kept.
async fn still_owed(
    connection: &mut PgConnection,
    booking_id: BookingId,
) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar(
        "SELECT (b.price_minor \
           - (SELECT COALESCE(SUM(amount_minor), 0) FROM card_payments \
              WHERE booking_id = b.id AND status = 'succeeded') \
           + (SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE booking_id = b.id) \
           - (SELECT COALESCE(SUM(amount_minor), 0) FROM manual_payments WHERE booking_id = b.id) \
         )::BIGINT FROM bookings b WHERE b.id = $1",
    )
    .bind(booking_id)
    .fetch_one(&mut *connection)
    .await
    .map_err(backend)
}

pub async fn record_manual_payment(
    pool: &PgPool,
    new: &NewManualPayment,
    follow_ups: FollowUps<'_>,
) -> Result<Option<ManualPayment>, StoreError> {
    let (from, to) = (StateValues::of(new.from), StateValues::of(new.to));
    let payment = &new.payment;
    in_transaction!(pool, |connection| {
        async {
            // The update locks the booking's row: two recordings of one booking take turns.
            let row: Option<BookingRow> = sqlx::query_as(&format!(
                "UPDATE bookings SET status = $1, expires_at = $2, ended_at = $3, cancelled_by = $4 \
                 WHERE id = $5 AND status = $6 AND expires_at IS NOT DISTINCT FROM $7 RETURNING {}",
                booking_columns_unaliased()
            ))
            .bind(to.status)
            .bind(to.expires_at)
            .bind(to.ended_at)
            .bind(to.cancelled_by)
            .bind(new.booking_id)
            .bind(from.status)
            .bind(from.expires_at)
            .fetch_optional(&mut *connection)
            .await
            .map_err(backend)?;
            let Some(row) = row else {
                return Ok(None);
            };
            let amount = payment.amount.minor_units();
            if still_owed(connection, row.id)
                .await?
                .is_some_and(|owed| amount > owed)
            {
                return Err(Conflict::PaymentExceedsBalance.into());
            }
            let recorded: ManualPaymentRow = sqlx::query_as(&format!(
                "INSERT INTO manual_payments (studio_id, booking_id, amount_minor, currency, \
                 method, received_on, note, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 RETURNING {MANUAL_PAYMENT_COLUMNS}"
            ))
            .bind(row.studio_id)
            .bind(row.id)
            .bind(amount)
            .bind(payment.amount.currency().code())
            .bind(payment.method.as_str())
            .bind(payment.received_on)
            .bind(payment.note.as_deref())
            .bind(new.recorded_at)
            .fetch_one(&mut *connection)
            .await
            .map_err(backend)?;
            issue_invoice(
                connection,
                InvoiceSource::ManualPayment,
                recorded.id,
                new.recorded_at,
            )
            .await?;
            with_follow_ups(connection, row, follow_ups).await?;
            Ok(Some(recorded.try_into()?))
        }
        .await
    })
}

/// Issues the invoice of a payment received or a refund made, in the transaction that recorded
/// it, under the studio's next number, with the student's receipt (the counter's row lock
/// makes a studio's invoices take turns). A source already invoiced keeps its invoice, and no
/// number is taken for it.
async fn issue_invoice(
    connection: &mut PgConnection,
    source: InvoiceSource,
    source_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let table = match source {
        InvoiceSource::CardPayment | InvoiceSource::LatePaymentRefund => "card_payments",
        InvoiceSource::ManualPayment => "manual_payments",
        InvoiceSource::Refund => "refunds",
    };
    let money: Option<(StudioId, BookingId, i64, String)> = sqlx::query_as(&format!(
        "SELECT studio_id, booking_id, amount_minor, currency FROM {table} WHERE id = $1"
    ))
    .bind(source_id)
    .fetch_optional(&mut *connection)
    .await
    .map_err(backend)?;
    let Some((studio_id, booking_id, amount_minor, currency)) = money else {
        return Ok(());
    };
    let issued: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM invoices WHERE source = $1 AND source_id = $2")
            .bind(source.as_str())
            .bind(source_id)
            .fetch_optional(&mut *connection)
            .await
            .map_err(backend)?;
    if issued.is_some() {
        return Ok(());
    }
    let (number,): (i64,) = sqlx::query_as(
        "INSERT INTO invoice_counters (studio_id, last_number) VALUES ($1, 1) \
         ON CONFLICT (studio_id) DO UPDATE SET last_number = invoice_counters.last_number + 1 \
         RETURNING last_number",
    )
    .bind(studio_id)
    .fetch_one(&mut *connection)
    .await
    .map_err(backend)?;
    let (invoice_id,): (i64,) = sqlx::query_as(
        "INSERT INTO invoices (studio_id, booking_id, number, source, source_id, amount_minor, \
         currency, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(studio_id)
    .bind(booking_id)
    .bind(number)
    .bind(source.as_str())
    .bind(source_id)
    .bind(amount_minor)
    .bind(currency)
    .bind(now)
    .fetch_one(&mut *connection)
    .await
    .map_err(backend)?;
    crate::jobs::insert_jobs(
        connection,
        &[store::receipt_job(invoice_id, studio_id, booking_id, now)],
    )
    .await
    .map_err(backend)?;
    Ok(())
}
