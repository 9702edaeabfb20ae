//! PostgreSQL backend. Booking writes lock the studio's row (`SELECT … FOR UPDATE`), so the
//! seat check and the insert are serialized per studio across every server process.

use async_trait::async_trait;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use domain::availability::{OpeningHours, TakenSeats, TimeRange, WeeklyHours};
use domain::forms::LibraryForm;
use domain::invoices::InvoiceDetails;
use domain::jobs::JobKind;
use domain::jobs::MessageSettings;
use domain::lifecycle::BookingState;
use domain::members::NewMember;
use domain::mini_session::Reservation;
use domain::money::Currency;
use domain::offerings::Offerings;
use domain::session_type::SessionTypeSpec;
use domain::studio::StudioSettings;
use domain::survey::{RatingTally, SurveyAnswer};
use domain::templates::MessageTemplate;
use domain::text::{Email, Slug};
use domain::timezone::StudioTimezone;
use sqlx::postgres::{PgPool, PgPoolOptions};
use store::SpotReservation;
use store::rows::{CARD_PAYMENT_COLUMNS, CardPaymentRow, STRIPE_ACCOUNT_COLUMNS, StripeAccountRow};
use store::rows::{
    DateOverrideRow, MemberRow, OFFERINGS_COLUMNS, OfferingsRow, SESSION_TYPE_COLUMNS,
    SessionTypeRow, SessionTypeValues, StudioRow, UserRow, WeeklyRangeRow, backend, convert_all,
    insert_session_type_sql, is_unique_violation, members_from_rows, opening_hours_from_rows,
    update_session_type_sql, weekly_hours_from_rows,
};
use store::rows::{
    INVOICE_COLUMNS, InvoiceRow, ReservationRow, discount_columns, reservation_columns,
};
use store::rows::{
    LIBRARY_FORM_COLUMNS, LibraryFormRow, SIGNED_CONTRACT_COLUMNS, SignedContractRow,
    library_form_columns,
};
use store::rows::{MANUAL_PAYMENT_COLUMNS, ManualPaymentRow, REFUND_COLUMNS, RefundRow};
use store::rows::{
    MESSAGE_SETTINGS_COLUMNS, MessageSettingsRow, MessageTemplateRow, RatingTallyRow,
    SurveyAnswerRow, nudge_hours_column,
};
use store::{
    Booking, BookingDetails, BookingError, BookingId, BookingQuery, BookingSummary, Conflict,
    Member, MemberId, MembersAdded, NewBooking, NewHold, SeatCheck, SessionType, SessionTypeId,
    Store, StoreError, Studio, StudioId, User, UserId,
};
use store::{BookingMove, FollowUps, Job, JobId, NewJob, StripeAccount};
use store::{CardOnFile, Invoice, LedgerItem, LedgerQuery, ManualPayment, NewManualPayment};
use store::{CardPayment, NewCardPayment, NewRefund, PaidIntent, Refund, SettleOutcome};
use store::{SignedContract, StoredForm};

mod bookings;
mod jobs;
mod ledger;

#[cfg(feature = "test-support")]
pub mod test_support;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to `url` (e.g. `postgres://postgres@127.0.0.1:5432/bookable`) and applies
    /// pending migrations; concurrent processes migrating at once are serialized by sqlx's lock.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await
            .map_err(backend)?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|error| StoreError::Backend(Box::new(error)))?;
        Ok(Self { pool })
    }
}

/// Binds a session type's settings in `SESSION_TYPE_COLUMNS` order.
fn bind_session_type<'q, Row>(
    query: sqlx::query::QueryAs<'q, sqlx::Postgres, Row, sqlx::postgres::PgArguments>,
    values: &SessionTypeValues<'q>,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, Row, sqlx::postgres::PgArguments> {
    query
        .bind(values.name)
        .bind(values.description)
        .bind(values.duration_minutes)
        .bind(values.capacity)
        .bind(values.price_minor)
        .bind(values.currency)
        .bind(values.status)
        .bind(values.location)
        .bind(values.non_member_price_minor)
        .bind(values.access_level)
        .bind(values.buffer_minutes)
        .bind(values.min_lead_hours)
        .bind(values.max_lead_days)
        .bind(values.max_per_day)
        .bind(values.cover_image)
        .bind(values.video_link)
        .bind(values.questions.clone())
        .bind(values.change_cutoff_hours)
        .bind(values.start_every_minutes)
        .bind(values.payment_window_hours)
        .bind(values.retainer_minor)
        .bind(values.retainer_percent)
        .bind(values.full_refund_hours)
        .bind(values.late_refund)
        .bind(values.packages.clone())
        .bind(values.mini_days.clone())
        .bind(values.contract_id)
        .bind(values.questionnaire_id)
        .bind(values.collect_outside)
}

async fn delete_date_override<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Postgres>,
    studio_id: StudioId,
    date: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM date_overrides WHERE studio_id = $1 AND date = $2")
        .bind(studio_id)
        .bind(date)
        .execute(executor)
        .await?;
    Ok(())
}

/// Sets a user's password hash and ends their sessions and unused reset links.
async fn replace_password_in(
    connection: &mut sqlx::PgConnection,
    user_id: UserId,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *connection)
        .await?;
    sqlx::query("DELETE FROM auth_sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *connection)
        .await?;
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

#[async_trait]
impl Store for PostgresStore {
    #[tracing::instrument(skip_all)]
    async fn create_user(
        &self,
        email: &Email,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let row: UserRow = sqlx::query_as(
            "INSERT INTO users (email, password_hash, created_at) VALUES ($1, $2, $3) \
             RETURNING id, email, password_hash",
        )
        .bind(email.as_str())
        .bind(password_hash)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                Conflict::EmailTaken.into()
            } else {
                backend(error)
            }
        })?;
        row.try_into()
    }

    #[tracing::instrument(skip_all)]
    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> =
            sqlx::query_as("SELECT id, email, password_hash FROM users WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        row.map(User::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> =
            sqlx::query_as("SELECT id, email, password_hash FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        row.map(User::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn create_auth_session(
        &self,
        user_id: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO auth_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn user_for_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT u.id, u.email, u.password_hash FROM auth_sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(User::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn delete_auth_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM auth_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn create_password_reset(
        &self,
        user_id: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn reset_password(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        password_hash: &str,
    ) -> Result<Option<UserId>, StoreError> {
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        // One conditional UPDATE: of two racing requests only one sees the link unused.
        let user_id: Option<UserId> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(backend)?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        replace_password_in(&mut transaction, user_id, password_hash)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(Some(user_id))
    }

    #[tracing::instrument(skip_all)]
    async fn replace_password(
        &self,
        user_id: UserId,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        replace_password_in(&mut transaction, user_id, password_hash)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)
    }

    #[tracing::instrument(skip_all)]
    async fn studio_of_owner(&self, owner_id: UserId) -> Result<Option<Studio>, StoreError> {
        let row: Option<StudioRow> = sqlx::query_as(
            "SELECT id, owner_id, name, slug, timezone, currency FROM studios WHERE owner_id = $1",
        )
        .bind(owner_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(Studio::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn save_studio(
        &self,
        owner_id: UserId,
        settings: &StudioSettings,
    ) -> Result<Studio, StoreError> {
        let row: StudioRow = sqlx::query_as(
            "INSERT INTO studios (owner_id, name, slug, timezone, currency) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (owner_id) DO UPDATE SET name = excluded.name, slug = excluded.slug \
             RETURNING id, owner_id, name, slug, timezone, currency",
        )
        .bind(owner_id)
        .bind(settings.name.as_str())
        .bind(settings.slug.as_str())
        .bind(settings.timezone.name())
        .bind(settings.currency.code())
        .fetch_one(&self.pool)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                Conflict::SlugTaken.into()
            } else {
                backend(error)
            }
        })?;
        row.try_into()
    }

    #[tracing::instrument(skip_all)]
    async fn studio_by_slug(&self, slug: &Slug) -> Result<Option<Studio>, StoreError> {
        let row: Option<StudioRow> = sqlx::query_as(
            "SELECT id, owner_id, name, slug, timezone, currency FROM studios WHERE slug = $1",
        )
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(Studio::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn studio(&self, id: StudioId) -> Result<Option<Studio>, StoreError> {
        let row: Option<StudioRow> = sqlx::query_as(
            "SELECT id, owner_id, name, slug, timezone, currency FROM studios WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(Studio::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn offerings(&self, studio_id: StudioId) -> Result<Offerings, StoreError> {
        let row: Option<OfferingsRow> = sqlx::query_as(&format!(
            "SELECT {OFFERINGS_COLUMNS} FROM studios WHERE id = $1"
        ))
        .bind(studio_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(Offerings::try_from)
            .transpose()
            .map(Option::unwrap_or_default)
    }

    #[tracing::instrument(skip_all)]
    async fn save_offerings(
        &self,
        studio_id: StudioId,
        offerings: &Offerings,
        timezone: StudioTimezone,
        currency: Currency,
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        // The studio's row stays locked until the commit: two saves take turns.
        let previous: Option<(String,)> =
            sqlx::query_as("SELECT currency FROM studios WHERE id = $1 FOR UPDATE")
                .bind(studio_id)
                .fetch_optional(&mut *transaction)
                .await
                .map_err(backend)?;
        if let Some((previous,)) = previous {
            let previous = Currency::parse("currency", &previous)
                .map_err(|error| StoreError::Corrupt(error.message))?;
            if previous != currency {
                let (multiply, divide) = previous.relabelling_factor(currency);
                let (with_cents,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM session_types WHERE studio_id = $1 \
                     AND (price_minor % $2 <> 0 OR COALESCE(non_member_price_minor, 0) % $2 <> 0 \
                     OR COALESCE(retainer_minor, 0) % $2 <> 0)",
                )
                .bind(studio_id)
                .bind(divide)
                .fetch_one(&mut *transaction)
                .await
                .map_err(backend)?;
                if with_cents > 0 {
                    return Err(Conflict::PricesNeedCents.into());
                }
                let with_packages: Vec<(i64, String)> = sqlx::query_as("SELECT id, packages FROM session_types WHERE studio_id = $1 AND packages <> '[]'")
                    .bind(studio_id)
                    .fetch_all(&mut *transaction)
                    .await
                    .map_err(backend)?;
                for (id, packages) in with_packages {
                    let Some(relabelled) =
                        store::rows::relabelled_packages(&packages, multiply, divide)?
                    else {
                        return Err(Conflict::PricesNeedCents.into());
                    };
                    sqlx::query("UPDATE session_types SET packages = $1 WHERE id = $2")
                        .bind(relabelled)
                        .bind(id)
                        .execute(&mut *transaction)
                        .await
                        .map_err(backend)?;
                }
                sqlx::query(
                    "UPDATE session_types SET currency = $1, price_minor = price_minor * $2 / $3, \
                     non_member_price_minor = non_member_price_minor * $2 / $3, \
                     retainer_minor = retainer_minor * $2 / $3 WHERE studio_id = $4",
                )
                .bind(currency.code())
                .bind(multiply)
                .bind(divide)
                .bind(studio_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            }
        }
        sqlx::query(
            "UPDATE studios SET personal_sessions = $1, show_on_landing = $2, default_access_level = $3, \
             pay_at_session = $4, pay_by_check = $5, pay_with_stripe = $6, timezone = $7, currency = $8 \
             WHERE id = $9",
        )
        .bind(offerings.personal_sessions)
        .bind(offerings.show_on_landing)
        .bind(offerings.default_access.as_str())
        .bind(offerings.payments.at_session())
        .bind(offerings.payments.by_check())
        .bind(offerings.payments.stripe())
        .bind(timezone.name())
        .bind(currency.code())
        .bind(studio_id)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn message_settings(&self, studio_id: StudioId) -> Result<MessageSettings, StoreError> {
        let row: Option<MessageSettingsRow> = sqlx::query_as(&format!(
            "SELECT {MESSAGE_SETTINGS_COLUMNS} FROM studios WHERE id = $1"
        ))
        .bind(studio_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map_or_else(|| Ok(MessageSettings::default()), MessageSettings::try_from)
    }

    #[tracing::instrument(skip_all)]
    async fn save_message_settings(
        &self,
        studio_id: StudioId,
        settings: &MessageSettings,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE studios SET contact_email = $1, remind_instructor = $2, survey_delay_hours = $3, \
             nudge_after_booking = $4, nudge_before_deadline = $5 WHERE id = $6",
        )
        .bind(settings.contact_email.as_ref().map(|email| email.as_str()))
        .bind(settings.remind_instructor)
        .bind(settings.survey_after.map(|delay| i32::try_from(delay.hours()).unwrap_or(i32::MAX)))
        .bind(nudge_hours_column(&settings.nudges.after_booking))
        .bind(nudge_hours_column(&settings.nudges.before_deadline))
            .bind(studio_id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn stripe_account(
        &self,
        studio_id: StudioId,
    ) -> Result<Option<StripeAccount>, StoreError> {
        let row: Option<StripeAccountRow> = sqlx::query_as(&format!(
            "SELECT {STRIPE_ACCOUNT_COLUMNS} FROM stripe_accounts WHERE studio_id = $1"
        ))
        .bind(studio_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(StripeAccount::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn save_stripe_account(&self, account: &StripeAccount) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO stripe_accounts (studio_id, mode, publishable_key, secret_key_sealed, \
             secret_key_hint, webhook_secret_sealed, connected_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (studio_id) DO UPDATE SET mode = excluded.mode, \
             publishable_key = excluded.publishable_key, \
             secret_key_sealed = excluded.secret_key_sealed, \
             secret_key_hint = excluded.secret_key_hint, \
             webhook_secret_sealed = excluded.webhook_secret_sealed, \
             connected_at = excluded.connected_at",
        )
        .bind(account.studio_id)
        .bind(account.mode.as_str())
        .bind(account.publishable_key.as_str())
        .bind(&account.secret_key_sealed)
        .bind(&account.secret_key_hint)
        .bind(&account.webhook_secret_sealed)
        .bind(account.connected_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn disconnect_stripe(&self, studio_id: StudioId) -> Result<bool, StoreError> {
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        // The studio's row is locked first: a concurrent Offerings save waits for this one.
        let only_stripe: Option<(bool,)> = sqlx::query_as(
            "SELECT pay_with_stripe AND NOT pay_at_session AND NOT pay_by_check \
             FROM studios WHERE id = $1 FOR UPDATE",
        )
        .bind(studio_id)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(backend)?;
        if only_stripe.is_some_and(|(only,)| only) {
            return Err(Conflict::StripeIsTheOnlyPaymentMethod.into());
        }
        let open_payments: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM card_payments \
             WHERE studio_id = $1 AND status IN ('pending', 'refund_due')",
        )
        .bind(studio_id)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        if open_payments > 0 {
            return Err(Conflict::CardPaymentsInProgress.into());
        }
        let removed = sqlx::query("DELETE FROM stripe_accounts WHERE studio_id = $1")
            .bind(studio_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?
            .rows_affected();
        sqlx::query("UPDATE studios SET pay_with_stripe = FALSE WHERE id = $1")
            .bind(studio_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(removed > 0)
    }

    #[tracing::instrument(skip_all)]
    async fn add_card_payment(&self, new: &NewCardPayment) -> Result<CardPayment, StoreError> {
        sqlx::query(
            "INSERT INTO card_payments (studio_id, booking_id, attempt, payment_intent, \
             amount_minor, currency, status, created_at, next_check_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7) \
             ON CONFLICT (booking_id, attempt) DO NOTHING",
        )
        .bind(new.studio_id)
        .bind(new.booking_id)
        .bind(i32::try_from(new.attempt).unwrap_or(i32::MAX))
        .bind(&new.payment_intent)
        .bind(new.amount.minor_units())
        .bind(new.amount.currency().code())
        .bind(new.created_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        let row: CardPaymentRow = sqlx::query_as(&format!(
            "SELECT {CARD_PAYMENT_COLUMNS} FROM card_payments WHERE booking_id = $1 AND attempt = $2"
        ))
        .bind(new.booking_id)
        .bind(i32::try_from(new.attempt).unwrap_or(i32::MAX))
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        row.try_into()
    }

    #[tracing::instrument(skip_all)]
    async fn card_payments_of_booking(
        &self,
        booking_id: BookingId,
    ) -> Result<Vec<CardPayment>, StoreError> {
        let rows: Vec<CardPaymentRow> = sqlx::query_as(&format!(
            "SELECT {CARD_PAYMENT_COLUMNS} FROM card_payments WHERE booking_id = $1 ORDER BY attempt"
        ))
        .bind(booking_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn pending_card_payments(
        &self,
        due_by: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<CardPayment>, StoreError> {
        let rows: Vec<CardPaymentRow> = sqlx::query_as(&format!(
            "SELECT {CARD_PAYMENT_COLUMNS} FROM card_payments \
             WHERE status = 'pending' AND next_check_at <= $1 ORDER BY next_check_at, id LIMIT $2"
        ))
        .bind(due_by)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn check_card_payment_later(
        &self,
        payment_id: i64,
        next_check_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE card_payments SET next_check_at = $1 WHERE id = $2 AND status = 'pending'",
        )
        .bind(next_check_at)
        .bind(payment_id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn cancel_card_payment(
        &self,
        payment_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let closed = sqlx::query(
            "UPDATE card_payments SET status = 'canceled', settled_at = $1 \
             WHERE id = $2 AND status = 'pending'",
        )
        .bind(now)
        .bind(payment_id)
        .execute(&self.pool)
        .await
        .map_err(backend)?
        .rows_affected();
        Ok(closed > 0)
    }

    #[tracing::instrument(skip_all)]
    async fn card_payments_due_refund(
        &self,
        due_by: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<CardPayment>, StoreError> {
        let rows: Vec<CardPaymentRow> = sqlx::query_as(&format!(
            "SELECT {CARD_PAYMENT_COLUMNS} FROM card_payments \
             WHERE status = 'refund_due' AND next_check_at <= $1 \
             ORDER BY next_check_at, id LIMIT $2"
        ))
        .bind(due_by)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn put_off_refund(
        &self,
        payment_id: i64,
        next_try_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE card_payments SET refund_tries = refund_tries + 1, next_check_at = $1 \
             WHERE id = $2 AND status = 'refund_due'",
        )
        .bind(next_try_at)
        .bind(payment_id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn record_card_refund(
        &self,
        payment_id: i64,
        now: DateTime<Utc>,
        follow_ups: FollowUps<'_>,
    ) -> Result<bool, StoreError> {
        bookings::record_card_refund(&self.pool, payment_id, now, follow_ups).await
    }

    async fn settle_paid_intent(
        &self,
        paid: &PaidIntent<'_>,
        follow_ups: FollowUps<'_>,
    ) -> Result<SettleOutcome, StoreError> {
        bookings::settle_paid_intent(&self.pool, paid, follow_ups).await
    }

    #[tracing::instrument(skip_all)]
    async fn refunds_of_booking(&self, booking_id: BookingId) -> Result<Vec<Refund>, StoreError> {
        let rows: Vec<RefundRow> = sqlx::query_as(&format!(
            "SELECT {REFUND_COLUMNS} FROM refunds WHERE booking_id = $1 ORDER BY id"
        ))
        .bind(booking_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    async fn add_refunds(
        &self,
        booking_id: BookingId,
        refunds: &[NewRefund],
    ) -> Result<Vec<Refund>, StoreError> {
        bookings::add_refunds(&self.pool, booking_id, refunds).await
    }

    #[tracing::instrument(skip_all)]
    async fn record_manual_payment(
        &self,
        new: &NewManualPayment,
        follow_ups: FollowUps<'_>,
    ) -> Result<Option<ManualPayment>, StoreError> {
        bookings::record_manual_payment(&self.pool, new, follow_ups).await
    }

    #[tracing::instrument(skip_all)]
    async fn manual_payments_of_booking(
        &self,
        booking_id: BookingId,
    ) -> Result<Vec<ManualPayment>, StoreError> {
        let rows: Vec<ManualPaymentRow> = sqlx::query_as(&format!(
            "SELECT {MANUAL_PAYMENT_COLUMNS} FROM manual_payments WHERE booking_id = $1 ORDER BY id"
        ))
        .bind(booking_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn save_card_on_file(
        &self,
        payment_id: i64,
        card: &CardOnFile,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE card_payments SET card_brand = $1, card_last4 = $2 WHERE id = $3")
            .bind(&card.brand)
            .bind(&card.last4)
            .bind(payment_id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn invoices_of_booking(&self, booking_id: BookingId) -> Result<Vec<Invoice>, StoreError> {
        let rows: Vec<InvoiceRow> = sqlx::query_as(&format!(
            "SELECT {INVOICE_COLUMNS} FROM invoices WHERE booking_id = $1 ORDER BY number"
        ))
        .bind(booking_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn invoice_by_id(&self, invoice_id: i64) -> Result<Option<Invoice>, StoreError> {
        let row: Option<InvoiceRow> = sqlx::query_as(&format!(
            "SELECT {INVOICE_COLUMNS} FROM invoices WHERE id = $1"
        ))
        .bind(invoice_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn invoice_details(&self, studio_id: StudioId) -> Result<InvoiceDetails, StoreError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT invoice_address, invoice_contact FROM studios WHERE id = $1")
                .bind(studio_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(row
            .map(|(address, contact)| InvoiceDetails { address, contact })
            .unwrap_or_default())
    }

    #[tracing::instrument(skip_all)]
    async fn save_invoice_details(
        &self,
        studio_id: StudioId,
        details: &InvoiceDetails,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE studios SET invoice_address = $1, invoice_contact = $2 WHERE id = $3")
            .bind(&details.address)
            .bind(&details.contact)
            .bind(studio_id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn ledger(&self, query: &LedgerQuery) -> Result<Vec<LedgerItem>, StoreError> {
        ledger::ledger(&self.pool, query).await
    }

    #[tracing::instrument(skip_all)]
    async fn refunds_due(
        &self,
        due_by: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Refund>, StoreError> {
        let rows: Vec<RefundRow> = sqlx::query_as(&format!(
            "SELECT {REFUND_COLUMNS} FROM refunds WHERE status = 'due' AND next_try_at <= $1 \
             ORDER BY next_try_at, id LIMIT $2"
        ))
        .bind(due_by)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn put_off_refund_try(
        &self,
        refund_id: i64,
        next_try_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE refunds SET tries = tries + 1, next_try_at = $1 WHERE id = $2 AND status = 'due'",
        )
        .bind(next_try_at)
        .bind(refund_id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn record_refund_made(
        &self,
        refund_id: i64,
        now: DateTime<Utc>,
        follow_ups: FollowUps<'_>,
    ) -> Result<bool, StoreError> {
        bookings::record_refund_made(&self.pool, refund_id, now, follow_ups).await
    }

    async fn record_stripe_event(
        &self,
        studio_id: StudioId,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        bookings::record_stripe_event(&self.pool, studio_id, event_id, now).await
    }

    #[tracing::instrument(skip_all)]
    async fn members(&self, studio_id: StudioId) -> Result<Vec<Member>, StoreError> {
        let rows: Vec<MemberRow> =
            sqlx::query_as("SELECT id, studio_id, name, email FROM members WHERE studio_id = $1")
                .bind(studio_id)
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        members_from_rows(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn add_members(
        &self,
        studio_id: StudioId,
        members: &[NewMember],
        now: DateTime<Utc>,
    ) -> Result<MembersAdded, StoreError> {
        let mut outcome = MembersAdded::default();
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        for member in members {
            // An email already on the list, also earlier in `members`, inserts nothing.
            let inserted: Option<MemberId> = sqlx::query_scalar(
                "INSERT INTO members (studio_id, name, email, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (studio_id, email) DO NOTHING RETURNING id",
            )
            .bind(studio_id)
            .bind(member.name.as_str())
            .bind(member.email.as_str())
            .bind(now)
            .fetch_optional(&mut *transaction)
            .await
            .map_err(backend)?;
            match inserted {
                Some(_) => outcome.added += 1,
                None => outcome.already_members.push(member.email.clone()),
            }
        }
        transaction.commit().await.map_err(backend)?;
        Ok(outcome)
    }

    #[tracing::instrument(skip_all)]
    async fn remove_member(&self, studio_id: StudioId, id: MemberId) -> Result<bool, StoreError> {
        let result = sqlx::query("DELETE FROM members WHERE studio_id = $1 AND id = $2")
            .bind(studio_id)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    #[tracing::instrument(skip_all)]
    async fn is_member(&self, studio_id: StudioId, email: &Email) -> Result<bool, StoreError> {
        let found: Option<MemberId> =
            sqlx::query_scalar("SELECT id FROM members WHERE studio_id = $1 AND email = $2")
                .bind(studio_id)
                .bind(email.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(found.is_some())
    }

    #[tracing::instrument(skip_all)]
    async fn create_session_type(
        &self,
        studio_id: StudioId,
        spec: &SessionTypeSpec,
    ) -> Result<SessionType, StoreError> {
        let values = SessionTypeValues::of(spec)?;
        let insert = insert_session_type_sql(|n| format!("${n}"));
        let row: SessionTypeRow =
            bind_session_type(sqlx::query_as(&insert).bind(studio_id), &values)
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        row.try_into()
    }

    #[tracing::instrument(skip_all)]
    async fn session_types(&self, studio_id: StudioId) -> Result<Vec<SessionType>, StoreError> {
        let rows: Vec<SessionTypeRow> = sqlx::query_as(&format!(
            "SELECT {SESSION_TYPE_COLUMNS} FROM session_types WHERE studio_id = $1 ORDER BY id"
        ))
        .bind(studio_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn reservations(
        &self,
        studio_id: StudioId,
        session_type_id: SessionTypeId,
        now: DateTime<Utc>,
    ) -> Result<Vec<SpotReservation>, StoreError> {
        let rows: Vec<ReservationRow> = sqlx::query_as(&format!(
            "SELECT {} FROM mini_reservations r JOIN session_types t ON t.id = r.session_type_id \
             WHERE r.studio_id = $2 AND r.session_type_id = $3 ORDER BY r.spot_date, r.spot_number, r.id",
            reservation_columns("$1")
        ))
        .bind(now)
        .bind(studio_id)
        .bind(session_type_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn reservation_by_token(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SpotReservation>, StoreError> {
        let row: Option<ReservationRow> = sqlx::query_as(&format!(
            "SELECT {} FROM mini_reservations r JOIN session_types t ON t.id = r.session_type_id \
             WHERE r.token = $2",
            reservation_columns("$1")
        ))
        .bind(now)
        .bind(token)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(SpotReservation::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn add_reservation(
        &self,
        studio_id: StudioId,
        session_type_id: SessionTypeId,
        reservation: &Reservation,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<SpotReservation, StoreError> {
        let (discount_minor, discount_percent) = discount_columns(reservation.discount);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mini_reservations (studio_id, session_type_id, spot_date, spot_number, \
             note, discount_minor, discount_percent, pay_outside, token, created_at) \
             SELECT $1, id, $3, $4, $5, $6, $7, $8, $9, $10 \
             FROM session_types WHERE studio_id = $1 AND id = $2 RETURNING id",
        )
        .bind(studio_id)
        .bind(session_type_id)
        .bind(reservation.place.date)
        .bind(i32::from(reservation.place.number))
        .bind(&reservation.note)
        .bind(discount_minor)
        .bind(discount_percent)
        .bind(reservation.pay_outside)
        .bind(token)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        self.reservations(studio_id, session_type_id, now)
            .await?
            .into_iter()
            .find(|kept| kept.id == id)
            .ok_or_else(|| StoreError::Backend("a reservation vanished as it was added".into()))
    }

    #[tracing::instrument(skip_all)]
    async fn update_reservation(
        &self,
        studio_id: StudioId,
        id: i64,
        reservation: &Reservation,
        now: DateTime<Utc>,
    ) -> Result<Option<SpotReservation>, StoreError> {
        let (discount_minor, discount_percent) = discount_columns(reservation.discount);
        let session_type_id: Option<i64> = sqlx::query_scalar(
            "UPDATE mini_reservations SET spot_date = $1, spot_number = $2, note = $3, \
             discount_minor = $4, discount_percent = $5, pay_outside = $6 \
             WHERE studio_id = $7 AND id = $8 RETURNING session_type_id",
        )
        .bind(reservation.place.date)
        .bind(i32::from(reservation.place.number))
        .bind(&reservation.note)
        .bind(discount_minor)
        .bind(discount_percent)
        .bind(reservation.pay_outside)
        .bind(studio_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(session_type_id) = session_type_id else {
            return Ok(None);
        };
        Ok(self
            .reservations(studio_id, session_type_id, now)
            .await?
            .into_iter()
            .find(|kept| kept.id == id))
    }

    #[tracing::instrument(skip_all)]
    async fn remove_reservation(&self, studio_id: StudioId, id: i64) -> Result<bool, StoreError> {
        let result = sqlx::query("DELETE FROM mini_reservations WHERE studio_id = $1 AND id = $2")
            .bind(studio_id)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    #[tracing::instrument(skip_all)]
    async fn use_reservation(&self, id: i64, booking_id: BookingId) -> Result<(), StoreError> {
        sqlx::query("UPDATE mini_reservations SET booking_id = $1 WHERE id = $2")
            .bind(booking_id)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn library_forms(&self, studio_id: StudioId) -> Result<Vec<StoredForm>, StoreError> {
        let rows: Vec<LibraryFormRow> = sqlx::query_as(&format!(
            "SELECT {LIBRARY_FORM_COLUMNS} FROM library_forms WHERE studio_id = $1 \
             ORDER BY kind, title, id"
        ))
        .bind(studio_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        convert_all(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn library_form(
        &self,
        studio_id: StudioId,
        id: i64,
    ) -> Result<Option<StoredForm>, StoreError> {
        let row: Option<LibraryFormRow> = sqlx::query_as(&format!(
            "SELECT {LIBRARY_FORM_COLUMNS} FROM library_forms WHERE studio_id = $1 AND id = $2"
        ))
        .bind(studio_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(StoredForm::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn add_library_form(
        &self,
        studio_id: StudioId,
        form: &LibraryForm,
        now: DateTime<Utc>,
    ) -> Result<StoredForm, StoreError> {
        let (kind, title, content) = library_form_columns(form)?;
        let row: LibraryFormRow = sqlx::query_as(&format!(
            "INSERT INTO library_forms (studio_id, kind, title, content, updated_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {LIBRARY_FORM_COLUMNS}"
        ))
        .bind(studio_id)
        .bind(kind)
        .bind(title)
        .bind(content)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        StoredForm::try_from(row)
    }

    #[tracing::instrument(skip_all)]
    async fn update_library_form(
        &self,
        studio_id: StudioId,
        id: i64,
        form: &LibraryForm,
        now: DateTime<Utc>,
    ) -> Result<Option<StoredForm>, StoreError> {
        let (kind, title, content) = library_form_columns(form)?;
        let row: Option<LibraryFormRow> = sqlx::query_as(&format!(
            "UPDATE library_forms SET title = $1, content = $2, updated_at = $3 \
             WHERE studio_id = $4 AND id = $5 AND kind = $6 RETURNING {LIBRARY_FORM_COLUMNS}"
        ))
        .bind(title)
        .bind(content)
        .bind(now)
        .bind(studio_id)
        .bind(id)
        .bind(kind)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(StoredForm::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn remove_library_form(&self, studio_id: StudioId, id: i64) -> Result<bool, StoreError> {
        let result = sqlx::query("DELETE FROM library_forms WHERE studio_id = $1 AND id = $2")
            .bind(studio_id)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    #[tracing::instrument(skip_all)]
    async fn signed_contract(
        &self,
        booking_id: BookingId,
    ) -> Result<Option<SignedContract>, StoreError> {
        let row: Option<SignedContractRow> = sqlx::query_as(&format!(
            "SELECT {SIGNED_CONTRACT_COLUMNS} FROM signed_contracts WHERE booking_id = $1"
        ))
        .bind(booking_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.map(SignedContract::from))
    }

    #[tracing::instrument(skip_all)]
    async fn session_type(
        &self,
        studio_id: StudioId,
        id: SessionTypeId,
    ) -> Result<Option<SessionType>, StoreError> {
        let row: Option<SessionTypeRow> = sqlx::query_as(&format!(
            "SELECT {SESSION_TYPE_COLUMNS} FROM session_types WHERE studio_id = $1 AND id = $2"
        ))
        .bind(studio_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(SessionType::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn renew_share_token(
        &self,
        studio_id: StudioId,
        id: SessionTypeId,
        token: &str,
    ) -> Result<Option<SessionType>, StoreError> {
        let row: Option<SessionTypeRow> = sqlx::query_as(&format!(
            "UPDATE session_types SET share_token = $1 WHERE studio_id = $2 AND id = $3 \
             RETURNING {SESSION_TYPE_COLUMNS}"
        ))
        .bind(token)
        .bind(studio_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(SessionType::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn update_session_type(
        &self,
        studio_id: StudioId,
        id: SessionTypeId,
        spec: &SessionTypeSpec,
    ) -> Result<Option<SessionType>, StoreError> {
        let values = SessionTypeValues::of(spec)?;
        let update = update_session_type_sql(|n| format!("${n}"));
        let row: Option<SessionTypeRow> = bind_session_type(sqlx::query_as(&update), &values)
            .bind(studio_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(SessionType::try_from).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn save_weekly_hours(
        &self,
        studio_id: StudioId,
        hours: &WeeklyHours,
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        sqlx::query("DELETE FROM weekly_hours WHERE studio_id = $1")
            .bind(studio_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        for (day, range) in hours.iter() {
            sqlx::query(
                "INSERT INTO weekly_hours (studio_id, weekday, start_minute, end_minute) VALUES ($1, $2, $3, $4)",
            )
            .bind(studio_id)
            .bind(i32::try_from(day.num_days_from_monday()).unwrap_or_default())
            .bind(i32::from(range.start().minutes()))
            .bind(i32::from(range.end().minutes()))
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)
    }

    #[tracing::instrument(skip_all)]
    async fn weekly_hours(&self, studio_id: StudioId) -> Result<WeeklyHours, StoreError> {
        let rows: Vec<WeeklyRangeRow> = sqlx::query_as(
            "SELECT weekday, start_minute, end_minute FROM weekly_hours WHERE studio_id = $1 \
             ORDER BY weekday, start_minute",
        )
        .bind(studio_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        weekly_hours_from_rows(rows)
    }

    #[tracing::instrument(skip_all)]
    async fn save_date_override(
        &self,
        studio_id: StudioId,
        date: NaiveDate,
        ranges: &[TimeRange],
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        delete_date_override(&mut *transaction, studio_id, date)
            .await
            .map_err(backend)?;
        let rows: Vec<(Option<i32>, Option<i32>)> = if ranges.is_empty() {
            vec![(None, None)]
        } else {
            ranges
                .iter()
                .map(|range| {
                    (
                        Some(i32::from(range.start().minutes())),
                        Some(i32::from(range.end().minutes())),
                    )
                })
                .collect()
        };
        for (start, end) in rows {
            sqlx::query(
                "INSERT INTO date_overrides (studio_id, date, start_minute, end_minute) VALUES ($1, $2, $3, $4)",
            )
            .bind(studio_id)
            .bind(date)
            .bind(start)
            .bind(end)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)
    }

    #[tracing::instrument(skip_all)]
    async fn remove_date_override(
        &self,
        studio_id: StudioId,
        date: NaiveDate,
    ) -> Result<(), StoreError> {
        delete_date_override(&self.pool, studio_id, date)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn opening_hours(&self, studio_id: StudioId) -> Result<OpeningHours, StoreError> {
        let weekly = self.weekly_hours(studio_id).await?;
        let rows: Vec<DateOverrideRow> = sqlx::query_as(
            "SELECT date, start_minute, end_minute FROM date_overrides WHERE studio_id = $1 \
             ORDER BY date, start_minute",
        )
        .bind(studio_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        opening_hours_from_rows(weekly, rows)
    }

    #[tracing::instrument(skip_all)]
    async fn taken_seats(
        &self,
        studio_id: StudioId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<TakenSeats>, StoreError> {
        bookings::taken_seats(&self.pool, studio_id, (from, to), now).await
    }

    #[tracing::instrument(skip_all)]
    async fn hold(&self, new: &NewHold, check: SeatCheck<'_>) -> Result<Booking, BookingError> {
        bookings::hold(&self.pool, new, check).await
    }

    #[tracing::instrument(skip_all)]
    async fn complete_hold(
        &self,
        id: BookingId,
        details: &BookingDetails,
        now: DateTime<Utc>,
        follow_ups: FollowUps<'_>,
    ) -> Result<Booking, BookingError> {
        bookings::complete_hold(&self.pool, id, details, now, follow_ups).await
    }

    #[tracing::instrument(skip_all)]
    async fn book(
        &self,
        new: &NewBooking,
        check: SeatCheck<'_>,
        follow_ups: FollowUps<'_>,
    ) -> Result<Booking, BookingError> {
        bookings::book(&self.pool, new, check, follow_ups).await
    }

    #[tracing::instrument(skip_all)]
    async fn change_state(
        &self,
        id: BookingId,
        from: BookingState,
        to: BookingState,
        message: Option<&str>,
        follow_ups: FollowUps<'_>,
    ) -> Result<bool, StoreError> {
        bookings::change_state(&self.pool, id, (from, to), message, &[], follow_ups).await
    }

    async fn change_state_with_refunds(
        &self,
        id: BookingId,
        from: BookingState,
        to: BookingState,
        message: Option<&str>,
        refunds: &[NewRefund],
        follow_ups: FollowUps<'_>,
    ) -> Result<bool, StoreError> {
        bookings::change_state(&self.pool, id, (from, to), message, refunds, follow_ups).await
    }

    #[tracing::instrument(skip_all)]
    async fn move_booking(
        &self,
        id: BookingId,
        change: &BookingMove,
        now: DateTime<Utc>,
        check: SeatCheck<'_>,
        follow_ups: FollowUps<'_>,
    ) -> Result<Booking, BookingError> {
        bookings::move_booking(&self.pool, id, change, now, check, follow_ups).await
    }

    #[tracing::instrument(skip_all)]
    async fn expire_overdue(
        &self,
        now: DateTime<Utc>,
        follow_ups: FollowUps<'_>,
    ) -> Result<Vec<Booking>, StoreError> {
        bookings::expire_overdue(&self.pool, now, follow_ups).await
    }

    #[tracing::instrument(skip_all)]
    async fn bookings(
        &self,
        studio_id: StudioId,
        query: &BookingQuery,
    ) -> Result<Vec<BookingSummary>, StoreError> {
        bookings::bookings(&self.pool, studio_id, query).await
    }

    #[tracing::instrument(skip_all)]
    async fn booking(
        &self,
        studio_id: StudioId,
        id: BookingId,
    ) -> Result<Option<BookingSummary>, StoreError> {
        bookings::booking(&self.pool, studio_id, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn booking_by_id(&self, id: BookingId) -> Result<Option<Booking>, StoreError> {
        bookings::booking_by_id(&self.pool, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn bookings_of_user(&self, user_id: UserId) -> Result<Vec<BookingSummary>, StoreError> {
        bookings::bookings_of_user(&self.pool, user_id).await
    }

    #[tracing::instrument(skip_all)]
    async fn secret(&self, name: &str, candidate: &str) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(candidate)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    #[tracing::instrument(skip_all)]
    async fn create_sign_in_link(
        &self,
        email: &Email,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sign_in_links (token_hash, email, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(email.as_str())
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn use_sign_in_link(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Email>, StoreError> {
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE sign_in_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
             AND expires_at > $1 RETURNING email",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        email
            .map(|email| {
                Email::parse("email", &email)
                    .map_err(|error| StoreError::Corrupt(format!("sign-in link email: {error:?}")))
            })
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn enqueue_jobs(&self, new_jobs: &[NewJob]) -> Result<usize, StoreError> {
        jobs::enqueue_jobs(&self.pool, new_jobs).await
    }

    #[tracing::instrument(skip_all)]
    async fn claim_jobs(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: u32,
    ) -> Result<Vec<Job>, StoreError> {
        jobs::claim_jobs(&self.pool, worker, now, lease, limit).await
    }

    #[tracing::instrument(skip_all)]
    async fn finish_job(
        &self,
        id: JobId,
        worker: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        jobs::finish_job(&self.pool, id, worker, now).await
    }

    #[tracing::instrument(skip_all)]
    async fn fail_job(
        &self,
        id: JobId,
        worker: &str,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        jobs::fail_job(&self.pool, id, worker, error, retry_at).await
    }

    #[tracing::instrument(skip_all)]
    async fn cancel_jobs_of_booking(
        &self,
        booking_id: BookingId,
        kinds: &[JobKind],
    ) -> Result<usize, StoreError> {
        jobs::cancel_jobs_of_booking(&self.pool, booking_id, kinds).await
    }

    #[tracing::instrument(skip_all)]
    async fn answer_survey(
        &self,
        booking_id: BookingId,
        answer: &SurveyAnswer,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query("INSERT INTO survey_answers (booking_id, rating, comment, answered_at) VALUES ($1, $2, $3, $4) ON CONFLICT (booking_id) DO NOTHING")
            .bind(booking_id)
            .bind(i32::from(answer.rating.value()))
            .bind(&answer.comment)
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() == 1)
    }

    #[tracing::instrument(skip_all)]
    async fn survey_answer(
        &self,
        booking_id: BookingId,
    ) -> Result<Option<(SurveyAnswer, DateTime<Utc>)>, StoreError> {
        let row: Option<(i32, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT rating::INT4, comment, answered_at FROM survey_answers WHERE booking_id = $1",
        )
        .bind(booking_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some((rating, comment, answered_at)) = row else {
            return Ok(None);
        };
        let answer = SurveyAnswer::try_from(SurveyAnswerRow { rating, comment })?;
        Ok(Some((answer, answered_at)))
    }

    #[tracing::instrument(skip_all)]
    async fn rating_tallies(
        &self,
        studio_id: StudioId,
    ) -> Result<Vec<(SessionTypeId, RatingTally)>, StoreError> {
        let rows: Vec<RatingTallyRow> = sqlx::query_as("SELECT b.session_type_id, COUNT(*) AS answers, SUM(s.rating)::INT8 AS total FROM survey_answers s JOIN bookings b ON b.id = s.booking_id WHERE b.studio_id = $1 GROUP BY b.session_type_id ORDER BY b.session_type_id")
            .bind(studio_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.into_iter().map(TryFrom::try_from).collect()
    }

    #[tracing::instrument(skip_all)]
    async fn message_templates(
        &self,
        session_type_id: SessionTypeId,
    ) -> Result<Vec<(JobKind, MessageTemplate)>, StoreError> {
        let rows: Vec<MessageTemplateRow> = sqlx::query_as(
            "SELECT kind, subject, body FROM message_templates WHERE session_type_id = $1 ORDER BY kind",
        )
        .bind(session_type_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(TryFrom::try_from).collect()
    }

    #[tracing::instrument(skip_all)]
    async fn save_message_template(
        &self,
        session_type_id: SessionTypeId,
        kind: JobKind,
        template: &MessageTemplate,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO message_templates (session_type_id, kind, subject, body) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (session_type_id, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body",
        )
        .bind(session_type_id)
        .bind(kind.as_str())
        .bind(template.subject.source())
        .bind(template.body.source())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn reset_message_template(
        &self,
        session_type_id: SessionTypeId,
        kind: JobKind,
    ) -> Result<bool, StoreError> {
        let result =
            sqlx::query("DELETE FROM message_templates WHERE session_type_id = $1 AND kind = $2")
                .bind(session_type_id)
                .bind(kind.as_str())
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        Ok(result.rows_affected() == 1)
    }

    #[tracing::instrument(skip_all)]
    async fn jobs_of_booking(&self, booking_id: BookingId) -> Result<Vec<Job>, StoreError> {
        jobs::jobs_of_booking(&self.pool, booking_id).await
    }
}
