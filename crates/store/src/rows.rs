//! Row shapes shared by the SQL backends, and their conversion into records.
//! Every stored value is parsed again through the domain types, so a corrupt row
//! surfaces as [`StoreError::Corrupt`] instead of an invalid value.

use crate::{
    Booking, BookingSummary, Job, JobState, Member, SessionType, StoreError, StripeAccount, Studio,
    User,
};
use chrono::{DateTime, Utc};
use domain::availability::{OpeningHours, TakenSeats, TimeRange, WallMinute, WeeklyHours};
use domain::booking::{Booker, BookingStatus, PaymentChoice, StoredState};
use domain::fees::{CardCollection, Discount, Percent, Retainer};
use domain::jobs::{DedupeKey, JobKind};
use domain::lifecycle::Party;
use domain::money::{Currency, Money};
use domain::offerings::{Offerings, PaymentMethods};
use domain::packages::{Package, PackageName, Packages};
use domain::questions::{Answers, RegistrationQuestions};
use domain::session_type::{
    AccessLevel, BufferTime, Capacity, ChangeCutoffHours, CoverImage, MaxLeadDays, MaxPerDay,
    MinLeadHours, PaymentWindowHours, Pricing, SessionDuration, SessionStatus, SessionTypeSpec,
    StartInterval,
};
use domain::studio::StudioSettings;
use domain::text::{Description, Email, Location, PersonName, SessionTypeName, Slug, StudioName};
use domain::timezone::StudioTimezone;
use domain::video_link::VideoLink;
use serde::{Deserialize, Serialize};

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// The JSON text stored for a value; these values always serialize, so a failure is a bug
/// reported as a backend error rather than a panic.
fn json_text(value: Result<String, serde_json::Error>) -> Result<String, StoreError> {
    value.map_err(|error| StoreError::Backend(Box::new(error)))
}

/// The stored form of a booking's answers.
pub fn answers_json(answers: &Answers) -> Result<String, StoreError> {
    json_text(serde_json::to_string(answers))
}

#[derive(Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> Result<Self, StoreError> {
        Ok(User {
            id: row.id,
            email: Email::parse("email", &row.email).map_err(corrupt)?,
            password_hash: row.password_hash,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct StudioRow {
    pub id: i64,
    pub owner_id: i64,
    pub name: String,
    pub slug: String,
    pub timezone: String,
    pub currency: String,
}

impl TryFrom<StudioRow> for Studio {
    type Error = StoreError;
    fn try_from(row: StudioRow) -> Result<Self, StoreError> {
        Ok(Studio {
            id: row.id,
            owner_id: row.owner_id,
            settings: StudioSettings {
                name: StudioName::parse("name", &row.name).map_err(corrupt)?,
                slug: Slug::parse("slug", &row.slug).map_err(corrupt)?,
                timezone: StudioTimezone::parse("timezone", &row.timezone).map_err(corrupt)?,
                currency: Currency::parse("currency", &row.currency).map_err(corrupt)?,
            },
        })
    }
}

/// The offering columns of a studio.
#[derive(Debug, sqlx::FromRow)]
pub struct OfferingsRow {
    pub personal_sessions: bool,
    pub show_on_landing: bool,
    pub default_access_level: String,
    pub pay_at_session: bool,
    pub pay_by_check: bool,
    pub pay_with_stripe: bool,
}

/// A studio's Stripe account.
#[derive(Debug, sqlx::FromRow)]
pub struct StripeAccountRow {
    pub studio_id: i64,
    pub mode: String,
    pub publishable_key: String,
    pub secret_key_sealed: String,
    pub secret_key_hint: String,
    pub webhook_secret_sealed: String,
    pub connected_at: DateTime<Utc>,
}

/// The columns a `StripeAccountRow` reads.
pub const STRIPE_ACCOUNT_COLUMNS: &str = "studio_id, mode, publishable_key, secret_key_sealed, \
     secret_key_hint, webhook_secret_sealed, connected_at";

impl TryFrom<StripeAccountRow> for StripeAccount {
    type Error = StoreError;
    fn try_from(row: StripeAccountRow) -> Result<Self, StoreError> {
        Ok(Self {
            studio_id: row.studio_id,
            mode: domain::stripe_keys::StripeMode::from_stored(&row.mode)
                .ok_or_else(|| corrupt(format!("Stripe mode {:?}", row.mode)))?,
            publishable_key: domain::stripe_keys::StripePublishableKey::parse(&row.publishable_key)
                .map_err(|error| corrupt(error.message))?,
            secret_key_sealed: row.secret_key_sealed,
            secret_key_hint: row.secret_key_hint,
            webhook_secret_sealed: row.webhook_secret_sealed,
            connected_at: row.connected_at,
        })
    }
}

/// A card payment.
#[derive(Debug, sqlx::FromRow)]
pub struct CardPaymentRow {
    pub id: i64,
    pub studio_id: i64,
    pub booking_id: i64,
    pub attempt: i32,
    pub payment_intent: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub settled_at: Option<DateTime<Utc>>,
    pub refund_tries: i32,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct RefundRow {
    pub id: i64,
    pub studio_id: i64,
    pub booking_id: i64,
    pub card_payment_id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub reason: String,
    pub status: String,
    pub tries: i32,
    pub created_at: DateTime<Utc>,
    pub refunded_at: Option<DateTime<Utc>>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ManualPaymentRow {
    pub id: i64,
    pub studio_id: i64,
    pub booking_id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub method: String,
    pub received_on: chrono::NaiveDate,
    pub note: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ReservationRow {
    pub id: i64,
    pub studio_id: i64,
    pub session_type_id: i64,
    pub spot_date: chrono::NaiveDate,
    pub spot_number: i32,
    pub note: String,
    pub discount_minor: Option<i64>,
    pub discount_percent: Option<i32>,
    pub pay_outside: bool,
    pub token: String,
    pub used_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub currency: String,
}

/// The columns a `ReservationRow` reads from `mini_reservations r JOIN session_types t`, with
/// `now` bound at `now_parameter` (the used-by booking must still keep its seat then).
pub fn reservation_columns(now_parameter: &str) -> String {
    format!(
        "r.id, r.studio_id, r.session_type_id, r.spot_date, r.spot_number, r.note, \
         r.discount_minor, r.discount_percent, r.pay_outside, r.token, \
         (SELECT b.id FROM bookings b WHERE b.id = r.booking_id AND (b.status IN {KEEPS_SEAT_SQL} \
          OR (b.status IN ('held', 'payment_pending') AND b.expires_at > {now_parameter}))) AS used_by, \
         r.created_at, t.currency"
    )
}

/// A reservation's discount as its two columns store it: an amount or a percentage.
pub fn discount_columns(discount: Option<Discount>) -> (Option<i64>, Option<i32>) {
    match discount {
        Some(Discount::Amount(amount)) => (Some(amount.minor_units()), None),
        Some(Discount::Percent(percent)) => (None, Some(i32::from(percent.value()))),
        None => (None, None),
    }
}

impl TryFrom<ReservationRow> for crate::SpotReservation {
    type Error = StoreError;
    fn try_from(row: ReservationRow) -> Result<Self, StoreError> {
        let currency = Currency::parse("currency", &row.currency).map_err(corrupt)?;
        let discount = match (row.discount_minor, row.discount_percent) {
            (None, None) => None,
            (Some(minor), None) => Some(Discount::Amount(
                Money::from_minor_units(minor, currency)
                    .ok_or_else(|| corrupt(format!("discount {minor}")))?,
            )),
            (None, Some(percent)) => Some(Discount::Percent(
                u8::try_from(percent)
                    .ok()
                    .and_then(Percent::new)
                    .ok_or_else(|| corrupt(format!("discount {percent}%")))?,
            )),
            (Some(_), Some(_)) => return Err(corrupt("two kinds of discount")),
        };
        Ok(Self {
            id: row.id,
            studio_id: row.studio_id,
            session_type_id: row.session_type_id,
            reservation: domain::mini_session::Reservation {
                place: domain::mini_session::SpotPlace {
                    date: row.spot_date,
                    number: u16::try_from(row.spot_number)
                        .map_err(|_| corrupt(format!("spot {}", row.spot_number)))?,
                },
                note: row.note,
                discount,
                pay_outside: row.pay_outside,
            },
            token: row.token,
            used_by: row.used_by,
            created_at: row.created_at,
        })
    }
}

/// The columns a `ManualPaymentRow` reads.
pub const MANUAL_PAYMENT_COLUMNS: &str =
    "id, studio_id, booking_id, amount_minor, currency, method, received_on, note, recorded_at";

impl TryFrom<ManualPaymentRow> for crate::ManualPayment {
    type Error = StoreError;
    fn try_from(row: ManualPaymentRow) -> Result<Self, StoreError> {
        let currency = Currency::parse("currency", &row.currency).map_err(|_| {
            corrupt(format!(
                "currency {:?} of recorded payment {}",
                row.currency, row.id
            ))
        })?;
        Ok(Self {
            id: row.id,
            studio_id: row.studio_id,
            booking_id: row.booking_id,
            amount: Money::from_minor_units(row.amount_minor, currency)
                .filter(|amount| !amount.is_zero())
                .ok_or_else(|| corrupt(format!("recorded payment amount {}", row.amount_minor)))?,
            method: domain::manual_payments::ManualMethod::from_stored(&row.method)
                .ok_or_else(|| corrupt(format!("recorded payment method {:?}", row.method)))?,
            received_on: row.received_on,
            note: row.note,
            recorded_at: row.recorded_at,
        })
    }
}

/// The columns a `RefundRow` reads.
pub const REFUND_COLUMNS: &str = "id, studio_id, booking_id, card_payment_id, amount_minor, \
     currency, reason, status, tries, created_at, refunded_at";

impl TryFrom<RefundRow> for crate::Refund {
    type Error = StoreError;
    fn try_from(row: RefundRow) -> Result<Self, StoreError> {
        let currency = Currency::parse("currency", &row.currency)
            .map_err(|_| corrupt(format!("currency {:?} of refund {}", row.currency, row.id)))?;
        Ok(Self {
            id: row.id,
            studio_id: row.studio_id,
            booking_id: row.booking_id,
            card_payment_id: row.card_payment_id,
            amount: Money::from_minor_units(row.amount_minor, currency)
                .ok_or_else(|| corrupt(format!("refund amount {}", row.amount_minor)))?,
            reason: domain::refunds::RefundReason::from_stored(&row.reason)
                .ok_or_else(|| corrupt(format!("refund reason {:?}", row.reason)))?,
            status: domain::refunds::RefundStatus::from_stored(&row.status)
                .ok_or_else(|| corrupt(format!("refund status {:?}", row.status)))?,
            tries: u32::try_from(row.tries)
                .map_err(|_| corrupt(format!("refund tries {}", row.tries)))?,
            created_at: row.created_at,
            refunded_at: row.refunded_at,
        })
    }
}

/// The columns a `CardPaymentRow` reads.
pub const CARD_PAYMENT_COLUMNS: &str = "id, studio_id, booking_id, attempt, payment_intent, \
     amount_minor, currency, status, created_at, settled_at, refund_tries, card_brand, card_last4";

impl TryFrom<CardPaymentRow> for crate::CardPayment {
    type Error = StoreError;
    fn try_from(row: CardPaymentRow) -> Result<Self, StoreError> {
        let currency = Currency::parse("currency", &row.currency).map_err(|_| {
            corrupt(format!(
                "currency {:?} of card payment {}",
                row.currency, row.id
            ))
        })?;
        Ok(Self {
            id: row.id,
            studio_id: row.studio_id,
            booking_id: row.booking_id,
            attempt: u32::try_from(row.attempt)
                .map_err(|_| corrupt(format!("attempt {}", row.attempt)))?,
            payment_intent: row.payment_intent,
            amount: Money::from_minor_units(row.amount_minor, currency)
                .ok_or_else(|| corrupt(format!("amount {}", row.amount_minor)))?,
            status: domain::card_payments::CardPaymentStatus::from_stored(&row.status)
                .ok_or_else(|| corrupt(format!("card payment status {:?}", row.status)))?,
            created_at: row.created_at,
            settled_at: row.settled_at,
            refund_tries: u32::try_from(row.refund_tries)
                .map_err(|_| corrupt(format!("refund tries {}", row.refund_tries)))?,
            card: row
                .card_brand
                .zip(row.card_last4)
                .map(|(brand, last4)| crate::CardOnFile { brand, last4 }),
        })
    }
}

/// A booking's survey answer.
#[derive(Debug, sqlx::FromRow)]
pub struct SurveyAnswerRow {
    pub rating: i32,
    pub comment: String,
}

impl TryFrom<SurveyAnswerRow> for domain::survey::SurveyAnswer {
    type Error = StoreError;
    fn try_from(row: SurveyAnswerRow) -> Result<Self, StoreError> {
        let rating = u8::try_from(row.rating)
            .ok()
            .and_then(domain::survey::Rating::new)
            .ok_or_else(|| StoreError::Corrupt(format!("survey rating {}", row.rating)))?;
        Ok(Self {
            rating,
            comment: row.comment,
        })
    }
}

/// A session type's wording of one of its emails.
#[derive(Debug, sqlx::FromRow)]
pub struct MessageTemplateRow {
    pub kind: String,
    pub subject: String,
    pub body: String,
}

impl TryFrom<MessageTemplateRow> for (domain::jobs::JobKind, domain::templates::MessageTemplate) {
    type Error = StoreError;
    fn try_from(row: MessageTemplateRow) -> Result<Self, StoreError> {
        let kind = domain::jobs::JobKind::parse(&row.kind)
            .ok_or_else(|| StoreError::Corrupt(format!("template kind {}", row.kind)))?;
        let template = domain::templates::MessageTemplate::parse(&row.subject, &row.body)
            .map_err(|errors| corrupt(format!("template {}: {errors:?}", row.kind)))?;
        Ok((kind, template))
    }
}

/// One session type's survey answers, counted and summed.
#[derive(Debug, sqlx::FromRow)]
pub struct RatingTallyRow {
    pub session_type_id: i64,
    pub answers: i64,
    pub total: i64,
}

impl TryFrom<RatingTallyRow> for (i64, domain::survey::RatingTally) {
    type Error = StoreError;
    fn try_from(row: RatingTallyRow) -> Result<Self, StoreError> {
        let count = |value: i64| {
            u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("rating tally {value}")))
        };
        Ok((
            row.session_type_id,
            domain::survey::RatingTally {
                answers: count(row.answers)?,
                total: count(row.total)?,
            },
        ))
    }
}

/// A studio's Settings > Emails.
#[derive(Debug, sqlx::FromRow)]
pub struct MessageSettingsRow {
    pub contact_email: Option<String>,
    pub remind_instructor: bool,
    pub survey_delay_hours: Option<i32>,
    pub nudge_after_booking: String,
    pub nudge_before_deadline: String,
}

/// The columns a `MessageSettingsRow` reads.
pub const MESSAGE_SETTINGS_COLUMNS: &str = "contact_email, remind_instructor, survey_delay_hours, \
     nudge_after_booking, nudge_before_deadline";

/// A list of nudge hours as stored: "1,24".
pub fn nudge_hours_column(hours: &[u32]) -> String {
    hours
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn nudge_hours_of(column: &str) -> Result<Vec<u32>, StoreError> {
    column
        .split(',')
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<u32>()
                .map_err(|_| StoreError::Corrupt(format!("nudge hours {column:?}")))
        })
        .collect()
}

impl TryFrom<MessageSettingsRow> for domain::jobs::MessageSettings {
    type Error = StoreError;
    fn try_from(row: MessageSettingsRow) -> Result<Self, StoreError> {
        Ok(Self {
            contact_email: row
                .contact_email
                .map(|email| Email::parse("contact_email", &email).map_err(corrupt))
                .transpose()?,
            remind_instructor: row.remind_instructor,
            survey_after: row
                .survey_delay_hours
                .map(|hours| {
                    u32::try_from(hours)
                        .ok()
                        .and_then(domain::jobs::SurveyDelay::from_hours)
                        .ok_or_else(|| StoreError::Corrupt(format!("survey delay {hours}")))
                })
                .transpose()?,
            nudges: domain::jobs::NudgeSteps {
                after_booking: nudge_hours_of(&row.nudge_after_booking)?,
                before_deadline: nudge_hours_of(&row.nudge_before_deadline)?,
            },
        })
    }
}

/// The columns an `OfferingsRow` reads.
pub const OFFERINGS_COLUMNS: &str = "personal_sessions, show_on_landing, default_access_level, pay_at_session, pay_by_check, \
     pay_with_stripe";

impl TryFrom<OfferingsRow> for Offerings {
    type Error = StoreError;
    fn try_from(row: OfferingsRow) -> Result<Self, StoreError> {
        Ok(Offerings {
            personal_sessions: row.personal_sessions,
            show_on_landing: row.show_on_landing,
            default_access: AccessLevel::parse("default_access_level", &row.default_access_level)
                .map_err(corrupt)?,
            // Stripe stored as chosen was allowed when it was saved.
            payments: PaymentMethods::new(
                row.pay_at_session,
                row.pay_by_check,
                row.pay_with_stripe,
                true,
            )
            .map_err(corrupt)?,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub studio_id: i64,
    pub name: String,
    pub email: String,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;
    fn try_from(row: MemberRow) -> Result<Self, StoreError> {
        Ok(Member {
            id: row.id,
            studio_id: row.studio_id,
            name: PersonName::parse("name", &row.name).map_err(corrupt)?,
            email: Email::parse("email", &row.email).map_err(corrupt)?,
        })
    }
}

/// Converts member rows and orders them by name ignoring case, then email. Sorted here rather
/// than in SQL, so that both backends agree whatever the database's collation.
pub fn members_from_rows(rows: Vec<MemberRow>) -> Result<Vec<Member>, StoreError> {
    let mut members: Vec<Member> = convert_all(rows)?;
    members.sort_by_cached_key(|member| {
        (
            member.name.as_str().to_lowercase(),
            member.email.as_str().to_owned(),
        )
    });
    Ok(members)
}

#[derive(Debug, sqlx::FromRow)]
pub struct SessionTypeRow {
    pub id: i64,
    pub studio_id: i64,
    pub name: String,
    pub description: String,
    pub duration_minutes: i32,
    pub capacity: i32,
    pub price_minor: i64,
    pub currency: String,
    pub status: String,
    pub location: Option<String>,
    pub non_member_price_minor: Option<i64>,
    pub access_level: Option<String>,
    pub buffer_minutes: i32,
    pub min_lead_hours: i32,
    pub max_lead_days: i32,
    pub max_per_day: Option<i32>,
    pub cover_image: Option<String>,
    pub video_link: Option<String>,
    /// JSON array of the registration questions.
    pub questions: String,
    pub change_cutoff_hours: i32,
    pub start_every_minutes: Option<i32>,
    pub share_token: String,
    pub payment_window_hours: Option<i32>,
    pub retainer_minor: Option<i64>,
    pub retainer_percent: Option<i32>,
    pub full_refund_hours: i32,
    pub late_refund: String,
    /// JSON array of the packages, prices in minor units of `currency`.
    pub packages: String,
    /// JSON array of a mini session's dates; `NULL` for a personal session type.
    pub mini_days: Option<String>,
    pub contract_id: Option<i64>,
    pub questionnaire_id: Option<i64>,
    pub collect_outside: bool,
}

/// The settings columns of a session type, in `SessionTypeValues` binding order.
pub const SESSION_TYPE_SETTINGS: [&str; 29] = [
    "name",
    "description",
    "duration_minutes",
    "capacity",
    "price_minor",
    "currency",
    "status",
    "location",
    "non_member_price_minor",
    "access_level",
    "buffer_minutes",
    "min_lead_hours",
    "max_lead_days",
    "max_per_day",
    "cover_image",
    "video_link",
    "questions",
    "change_cutoff_hours",
    "start_every_minutes",
    "payment_window_hours",
    "retainer_minor",
    "retainer_percent",
    "full_refund_hours",
    "late_refund",
    "packages",
    "mini_days",
    "contract_id",
    "questionnaire_id",
    "collect_outside",
];

/// The columns a `SessionTypeRow` reads, in order.
pub const SESSION_TYPE_COLUMNS: &str = "id, studio_id, name, description, duration_minutes, capacity, \
     price_minor, currency, status, location, non_member_price_minor, access_level, buffer_minutes, \
     min_lead_hours, max_lead_days, max_per_day, cover_image, video_link, questions, change_cutoff_hours, \
     start_every_minutes, share_token, payment_window_hours, retainer_minor, retainer_percent, \
     full_refund_hours, late_refund, packages, mini_days, contract_id, questionnaire_id, \
     collect_outside";

/// `INSERT INTO session_types (studio_id, settings…) VALUES (…) RETURNING …`, with placeholders
/// made by `placeholder(n)` for n = 1, 2, … (`?` or `$n`).
pub fn insert_session_type_sql(placeholder: impl Fn(usize) -> String) -> String {
    let values: Vec<String> = (1..=SESSION_TYPE_SETTINGS.len() + 1)
        .map(&placeholder)
        .collect();
    format!(
        "INSERT INTO session_types (studio_id, {}) VALUES ({}) RETURNING {SESSION_TYPE_COLUMNS}",
        SESSION_TYPE_SETTINGS.join(", "),
        values.join(", ")
    )
}

/// `UPDATE session_types SET settings… WHERE studio_id = … AND id = … RETURNING …`: the
/// settings bind first, then the studio and the id.
pub fn update_session_type_sql(placeholder: impl Fn(usize) -> String) -> String {
    let assignments: Vec<String> = SESSION_TYPE_SETTINGS
        .iter()
        .enumerate()
        .map(|(index, column)| format!("{column} = {}", placeholder(index + 1)))
        .collect();
    let count = SESSION_TYPE_SETTINGS.len();
    format!(
        "UPDATE session_types SET {} WHERE studio_id = {} AND id = {} RETURNING {SESSION_TYPE_COLUMNS}",
        assignments.join(", "),
        placeholder(count + 1),
        placeholder(count + 2)
    )
}

/// The stored form of a session type's settings, ready to bind in `SESSION_TYPE_COLUMNS` order
/// (after `id` and `studio_id`).
pub struct SessionTypeValues<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub duration_minutes: i32,
    pub capacity: i32,
    pub price_minor: i64,
    pub currency: &'static str,
    pub status: &'static str,
    pub location: Option<&'a str>,
    pub non_member_price_minor: Option<i64>,
    pub access_level: Option<&'static str>,
    pub buffer_minutes: i32,
    pub min_lead_hours: i32,
    pub max_lead_days: i32,
    pub max_per_day: Option<i32>,
    pub cover_image: Option<&'a str>,
    pub video_link: Option<&'a str>,
    /// JSON array of the registration questions.
    pub questions: String,
    pub change_cutoff_hours: i32,
    pub start_every_minutes: Option<i32>,
    pub payment_window_hours: Option<i32>,
    pub retainer_minor: Option<i64>,
    pub retainer_percent: Option<i32>,
    pub full_refund_hours: i32,
    pub late_refund: &'static str,
    /// JSON array of the packages.
    pub packages: String,
    /// JSON array of a mini session's dates.
    pub mini_days: Option<String>,
    pub contract_id: Option<i64>,
    pub questionnaire_id: Option<i64>,
    pub collect_outside: bool,
}

impl<'a> SessionTypeValues<'a> {
    pub fn of(spec: &'a SessionTypeSpec) -> Result<Self, StoreError> {
        let (price, non_member) = match spec.pricing {
            Pricing::Flat(price) => (price, None),
            Pricing::MemberSplit { member, non_member } => (member, Some(non_member)),
        };
        let small = |value: u32| i32::try_from(value).unwrap_or(i32::MAX);
        Ok(SessionTypeValues {
            name: spec.name.as_str(),
            description: spec.description.as_str(),
            duration_minutes: i32::from(spec.duration.minutes()),
            capacity: small(spec.capacity.seats()),
            price_minor: price.minor_units(),
            currency: price.currency().code(),
            status: spec.status.as_str(),
            location: spec.location.as_ref().map(Location::as_str),
            non_member_price_minor: non_member.map(Money::minor_units),
            access_level: spec.access_override.map(AccessLevel::as_str),
            buffer_minutes: i32::from(spec.buffer.minutes()),
            min_lead_hours: small(spec.min_lead.hours()),
            max_lead_days: small(spec.max_lead.days()),
            max_per_day: spec.max_per_day.limit().map(small),
            cover_image: spec.cover_image.as_ref().map(CoverImage::as_str),
            video_link: spec.video_link.as_ref().map(VideoLink::as_str),
            questions: json_text(serde_json::to_string(&spec.questions))?,
            change_cutoff_hours: small(spec.change_cutoff.hours()),
            start_every_minutes: spec.start_interval.minutes().map(i32::from),
            payment_window_hours: spec.payment_window.map(|window| small(window.hours())),
            retainer_minor: match spec.card_collection {
                CardCollection::Retainer(Retainer::Fixed(amount)) => Some(amount.minor_units()),
                _ => None,
            },
            retainer_percent: match spec.card_collection {
                CardCollection::Retainer(Retainer::Percent(percent)) => {
                    Some(i32::from(percent.value()))
                }
                _ => None,
            },
            full_refund_hours: small(spec.refund_policy.full_refund_hours),
            late_refund: spec.refund_policy.late.as_str(),
            packages: packages_json(&spec.packages)?,
            mini_days: spec
                .mini
                .as_ref()
                .map(|mini| json_text(serde_json::to_string(&mini.days)))
                .transpose()?,
            contract_id: spec.forms.contract,
            questionnaire_id: spec.forms.questionnaire,
            collect_outside: spec.collect_outside,
        })
    }
}

/// A package as stored in a session type's `packages` JSON: its price in minor units of the
/// type's currency, so that a change of the studio's currency relabels it with the others.
#[derive(Debug, Serialize, Deserialize)]
struct StoredPackage {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    included: Vec<String>,
    price_minor: i64,
}

fn packages_json(packages: &Packages) -> Result<String, StoreError> {
    let stored: Vec<StoredPackage> = packages
        .as_slice()
        .iter()
        .map(|package| StoredPackage {
            name: package.name.as_str().to_owned(),
            description: package.description.clone(),
            included: package.included.clone(),
            price_minor: package.price.minor_units(),
        })
        .collect();
    json_text(serde_json::to_string(&stored))
}

fn stored_packages(json: &str) -> Result<Vec<StoredPackage>, StoreError> {
    serde_json::from_str(json).map_err(|error| corrupt(format!("packages: {error}")))
}

fn packages_of(json: &str, currency: Currency) -> Result<Packages, StoreError> {
    let packages = stored_packages(json)?
        .into_iter()
        .map(|stored| {
            Ok(Package {
                name: PackageName::parse("package", &stored.name).map_err(corrupt)?,
                description: stored.description,
                included: stored.included,
                price: Money::from_minor_units(stored.price_minor, currency)
                    .ok_or_else(|| corrupt(format!("package price {}", stored.price_minor)))?,
            })
        })
        .collect::<Result<Vec<Package>, StoreError>>()?;
    Packages::new(packages).map_err(corrupt)
}

/// A session type's stored packages relabelled for a new currency (prices times `multiply`
/// divided by `divide`); `None` when a price has cents that the new currency does not.
pub fn relabelled_packages(
    json: &str,
    multiply: i64,
    divide: i64,
) -> Result<Option<String>, StoreError> {
    let mut packages = stored_packages(json)?;
    if packages
        .iter()
        .any(|package| package.price_minor % divide != 0)
    {
        return Ok(None);
    }
    for package in &mut packages {
        package.price_minor = package.price_minor * multiply / divide;
    }
    json_text(serde_json::to_string(&packages)).map(Some)
}

impl TryFrom<SessionTypeRow> for SessionType {
    type Error = StoreError;
    fn try_from(row: SessionTypeRow) -> Result<Self, StoreError> {
        let currency = Currency::parse("currency", &row.currency).map_err(corrupt)?;
        let money = |minor: i64| {
            Money::from_minor_units(minor, currency)
                .ok_or_else(|| corrupt(format!("price {minor}")))
        };
        let number = |value: i32| value.to_string();
        let optional_number = |value: Option<i32>| value.map(|v| v.to_string()).unwrap_or_default();
        let price = money(row.price_minor)?;
        let pricing = match row.non_member_price_minor {
            Some(non_member) => Pricing::MemberSplit {
                member: price,
                non_member: money(non_member)?,
            },
            None => Pricing::Flat(price),
        };
        let spec = SessionTypeSpec {
            name: SessionTypeName::parse("name", &row.name).map_err(corrupt)?,
            description: Description::parse("description", &row.description).map_err(corrupt)?,
            duration: u16::try_from(row.duration_minutes)
                .ok()
                .and_then(SessionDuration::from_minutes)
                .ok_or_else(|| corrupt(format!("duration {}", row.duration_minutes)))?,
            capacity: u32::try_from(row.capacity)
                .ok()
                .and_then(Capacity::new)
                .ok_or_else(|| corrupt(format!("capacity {}", row.capacity)))?,
            pricing,
            status: SessionStatus::parse("status", &row.status).map_err(corrupt)?,
            location: row
                .location
                .as_deref()
                .map(|text| Location::parse("location", text))
                .transpose()
                .map_err(corrupt)?,
            access_override: row
                .access_level
                .as_deref()
                .map(|text| AccessLevel::parse("access_level", text))
                .transpose()
                .map_err(corrupt)?,
            buffer: BufferTime::parse("buffer_minutes", &number(row.buffer_minutes))
                .map_err(corrupt)?,
            min_lead: MinLeadHours::parse("min_lead_hours", &number(row.min_lead_hours))
                .map_err(corrupt)?,
            max_lead: MaxLeadDays::parse("max_lead_days", &number(row.max_lead_days))
                .map_err(corrupt)?,
            max_per_day: MaxPerDay::parse("max_per_day", &optional_number(row.max_per_day))
                .map_err(corrupt)?,
            change_cutoff: ChangeCutoffHours::parse(
                "change_cutoff_hours",
                &number(row.change_cutoff_hours),
            )
            .map_err(corrupt)?,
            payment_window: PaymentWindowHours::parse_optional(
                "payment_window_hours",
                &optional_number(row.payment_window_hours),
            )
            .map_err(corrupt)?,
            cover_image: row
                .cover_image
                .as_deref()
                .map(|text| CoverImage::parse("cover_image", text))
                .transpose()
                .map_err(corrupt)?,
            video_link: row
                .video_link
                .as_deref()
                .map(|text| VideoLink::parse("video_link", text))
                .transpose()
                .map_err(corrupt)?,
            questions: serde_json::from_str::<RegistrationQuestions>(&row.questions)
                .map_err(|error| corrupt(format!("registration questions: {error}")))?,
            packages: packages_of(&row.packages, currency)?,
            mini: row
                .mini_days
                .as_deref()
                .map(|json| {
                    serde_json::from_str(json)
                        .map(|days| domain::mini_session::MiniSession { days })
                        .map_err(|error| corrupt(format!("mini session dates: {error}")))
                })
                .transpose()?,
            forms: domain::forms::AttachedForms {
                contract: row.contract_id,
                questionnaire: row.questionnaire_id,
            },
            collect_outside: row.collect_outside,
            start_interval: match row.start_every_minutes {
                None => Some(StartInterval::Duration),
                Some(minutes) => u16::try_from(minutes)
                    .ok()
                    .and_then(|minutes| StartInterval::from_minutes(Some(minutes))),
            }
            .ok_or_else(|| corrupt(format!("start interval {:?}", row.start_every_minutes)))?,
            card_collection: match (row.retainer_minor, row.retainer_percent) {
                (None, None) => CardCollection::FullFee,
                (Some(minor), None) => CardCollection::Retainer(Retainer::Fixed(money(minor)?)),
                (None, Some(percent)) => u8::try_from(percent)
                    .ok()
                    .and_then(Percent::new)
                    .map(|percent| CardCollection::Retainer(Retainer::Percent(percent)))
                    .ok_or_else(|| corrupt(format!("retainer {percent}%")))?,
                (Some(_), Some(_)) => return Err(corrupt("two kinds of retainer")),
            },
            refund_policy: domain::refunds::RefundPolicy {
                full_refund_hours: u32::try_from(row.full_refund_hours)
                    .ok()
                    .filter(|hours| *hours <= domain::refunds::RefundPolicy::MAX_HOURS)
                    .ok_or_else(|| corrupt(format!("refund hours {}", row.full_refund_hours)))?,
                late: domain::refunds::LateCancellation::from_stored(&row.late_refund)
                    .ok_or_else(|| corrupt(format!("late refund {:?}", row.late_refund)))?,
            },
        };
        Ok(SessionType {
            id: row.id,
            studio_id: row.studio_id,
            spec,
            share_token: row.share_token,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct WeeklyRangeRow {
    pub weekday: i32,
    pub start_minute: i32,
    pub end_minute: i32,
}

fn stored_minute(value: i32) -> Result<WallMinute, StoreError> {
    u16::try_from(value)
        .ok()
        .and_then(WallMinute::new)
        .ok_or_else(|| corrupt(format!("minute {value}")))
}

pub fn weekly_hours_from_rows(rows: Vec<WeeklyRangeRow>) -> Result<WeeklyHours, StoreError> {
    let ranges = rows
        .into_iter()
        .map(|row| {
            let day = usize::try_from(row.weekday)
                .ok()
                .and_then(|index| WeeklyHours::WEEKDAYS.get(index).copied())
                .ok_or_else(|| corrupt(format!("weekday {}", row.weekday)))?;
            let range = TimeRange::new(
                stored_minute(row.start_minute)?,
                stored_minute(row.end_minute)?,
            )
            .ok_or_else(|| corrupt("empty time range"))?;
            Ok((day, range))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    WeeklyHours::from_ranges(ranges).map_err(corrupt)
}

#[derive(Debug, sqlx::FromRow)]
pub struct DateOverrideRow {
    pub date: chrono::NaiveDate,
    pub start_minute: Option<i32>,
    pub end_minute: Option<i32>,
}

/// Adds the date overrides, ordered by date, to the weekly hours.
pub fn opening_hours_from_rows(
    weekly: WeeklyHours,
    rows: Vec<DateOverrideRow>,
) -> Result<OpeningHours, StoreError> {
    let mut by_date: std::collections::BTreeMap<chrono::NaiveDate, Vec<TimeRange>> =
        Default::default();
    for row in rows {
        let ranges = by_date.entry(row.date).or_default();
        if let (Some(start), Some(end)) = (row.start_minute, row.end_minute) {
            ranges.push(
                TimeRange::new(stored_minute(start)?, stored_minute(end)?)
                    .ok_or_else(|| corrupt("empty time range"))?,
            );
        }
    }
    let mut hours = OpeningHours::weekly(weekly);
    for (date, ranges) in by_date {
        hours.set_date(date, ranges).map_err(corrupt)?;
    }
    Ok(hours)
}

#[derive(Debug, sqlx::FromRow)]
pub struct TakenSeatsRow {
    pub session_type_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub seats: i64,
    pub buffer_minutes: i32,
}

impl From<TakenSeatsRow> for TakenSeats {
    fn from(row: TakenSeatsRow) -> Self {
        TakenSeats {
            session_type_id: row.session_type_id,
            start: row.starts_at,
            end: row.ends_at,
            seats: u32::try_from(row.seats).unwrap_or(u32::MAX),
            buffer_minutes: u16::try_from(row.buffer_minutes).unwrap_or(0),
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub studio_id: i64,
    pub session_type_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub student_name: Option<String>,
    pub student_email: Option<String>,
    pub status: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<String>,
    pub public_token: String,
    pub created_at: DateTime<Utc>,
    /// JSON array of the student's answers.
    pub answers: String,
    pub payment_method: Option<String>,
    pub user_id: Option<i64>,
    pub message: Option<String>,
    pub moves: i32,
    pub student_zone: Option<String>,
    pub price_minor: Option<i64>,
    pub due_at_booking_minor: Option<i64>,
    pub price_currency: Option<String>,
    pub package_name: Option<String>,
    pub discount_minor: Option<i64>,
    pub discount_reason: Option<String>,
    pub preview: bool,
}

/// The columns a `BookingRow` reads, in order, from a table aliased `b`.
pub const BOOKING_COLUMNS: &str = "b.id, b.studio_id, b.session_type_id, b.starts_at, b.ends_at, \
     b.student_name, b.student_email, b.status, b.expires_at, b.ended_at, b.cancelled_by, \
     b.public_token, b.created_at, b.answers, b.payment_method, b.user_id, b.message, b.moves, \
     b.student_zone, b.price_minor, b.due_at_booking_minor, b.price_currency, b.package_name, \
     b.discount_minor, b.discount_reason, b.preview";

/// The same columns without the alias, for `RETURNING`.
pub fn booking_columns_unaliased() -> String {
    BOOKING_COLUMNS.replace("b.", "")
}

/// A state in the columns that store it, ready to bind.
pub struct StateValues {
    pub status: &'static str,
    pub expires_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<&'static str>,
}

impl StateValues {
    pub fn of(state: domain::lifecycle::BookingState) -> Self {
        let stored = StoredState::of(state);
        Self {
            status: stored.status.as_str(),
            expires_at: stored.expires_at,
            ended_at: stored.ended_at,
            cancelled_by: stored.cancelled_by.map(Party::as_str),
        }
    }
}

impl TryFrom<BookingRow> for Booking {
    type Error = StoreError;
    fn try_from(row: BookingRow) -> Result<Self, StoreError> {
        let status = BookingStatus::from_stored(&row.status)
            .ok_or_else(|| corrupt(format!("booking status {}", row.status)))?;
        let cancelled_by = row
            .cancelled_by
            .as_deref()
            .map(|text| Party::from_stored(text).ok_or_else(|| corrupt(format!("party {text}"))))
            .transpose()?;
        let state = StoredState {
            status,
            expires_at: row.expires_at,
            ended_at: row.ended_at,
            cancelled_by,
        }
        .state()
        .ok_or_else(|| corrupt(format!("booking {} lacks the times of its state", row.id)))?;
        let booker = match (&row.student_name, &row.student_email) {
            (Some(name), Some(email)) => Some(Booker::parse(name, email).map_err(corrupt)?),
            _ => None,
        };
        Ok(Booking {
            id: row.id,
            studio_id: row.studio_id,
            session_type_id: row.session_type_id,
            start: row.starts_at,
            end: row.ends_at,
            booker,
            state,
            public_token: row.public_token,
            created_at: row.created_at,
            answers: serde_json::from_str::<Answers>(&row.answers)
                .map_err(|error| corrupt(format!("booking answers: {error}")))?,
            payment: row
                .payment_method
                .as_deref()
                .map(|text| {
                    PaymentChoice::from_stored(text)
                        .ok_or_else(|| corrupt(format!("payment method {text}")))
                })
                .transpose()?,
            user_id: row.user_id,
            message: row.message,
            moves: u32::try_from(row.moves).unwrap_or(0),
            // A zone the time zone database no longer knows only costs the student's own time.
            student_zone: row
                .student_zone
                .as_deref()
                .and_then(|name| StudioTimezone::parse("student_zone", name).ok()),
            price: booking_price(
                row.id,
                row.price_minor,
                row.due_at_booking_minor,
                row.price_currency.as_deref(),
                row.discount_minor.zip(row.discount_reason.as_deref()),
            )?,
            package: row
                .package_name
                .as_deref()
                .map(|name| PackageName::parse("package", name))
                .transpose()
                .map_err(corrupt)?,
            preview: row.preview,
        })
    }
}

fn booking_price(
    id: i64,
    total: Option<i64>,
    due_at_booking: Option<i64>,
    currency: Option<&str>,
    discount: Option<(i64, &str)>,
) -> Result<Option<domain::fees::BookingPrice>, StoreError> {
    let (Some(total), Some(due_at_booking), Some(currency)) = (total, due_at_booking, currency)
    else {
        return Ok(None);
    };
    let currency = Currency::parse("currency", currency).map_err(corrupt)?;
    let money = |minor: i64| {
        Money::from_minor_units(minor, currency)
            .ok_or_else(|| corrupt(format!("price {minor} of booking {id}")))
    };
    Ok(Some(domain::fees::BookingPrice {
        total: money(total)?,
        due_at_booking: money(due_at_booking)?,
        discount: discount
            .map(|(minor, reason)| {
                Ok::<_, StoreError>(domain::fees::Reduction {
                    reason: domain::fees::DiscountReason::parse(reason)
                        .ok_or_else(|| corrupt(format!("discount reason {reason}")))?,
                    amount: money(minor)?,
                })
            })
            .transpose()?,
    }))
}

/// A booking's price in the columns that store it, ready to bind.
pub struct PriceValues {
    pub total: Option<i64>,
    pub due_at_booking: Option<i64>,
    pub currency: Option<&'static str>,
    pub discount: Option<i64>,
    pub discount_reason: Option<&'static str>,
}

impl PriceValues {
    pub fn of(price: Option<domain::fees::BookingPrice>) -> Self {
        let discount = price.and_then(|price| price.discount);
        Self {
            total: price.map(|price| price.total.minor_units()),
            due_at_booking: price.map(|price| price.due_at_booking.minor_units()),
            currency: price.map(|price| price.total.currency().code()),
            discount: discount.map(|discount| discount.amount.minor_units()),
            discount_reason: discount.map(|discount| discount.reason.as_str()),
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct BookingSummaryRow {
    #[sqlx(flatten)]
    pub booking: BookingRow,
    pub session_type_name: String,
    pub studio_name: String,
}

impl TryFrom<BookingSummaryRow> for BookingSummary {
    type Error = StoreError;
    fn try_from(row: BookingSummaryRow) -> Result<Self, StoreError> {
        Ok(BookingSummary {
            booking: row.booking.try_into()?,
            session_type_name: row.session_type_name,
            studio_name: row.studio_name,
        })
    }
}

/// Selects `BookingSummaryRow`s; callers add `WHERE …` and `ORDER BY`.
pub fn booking_summary_select() -> String {
    format!(
        "SELECT {BOOKING_COLUMNS}, t.name AS session_type_name, s.name AS studio_name FROM bookings b \
         JOIN session_types t ON t.id = b.session_type_id JOIN studios s ON s.id = b.studio_id"
    )
}

/// The statuses that keep a seat for good, as an SQL list.
pub const KEEPS_SEAT_SQL: &str = "('confirmed', 'completed', 'no_show')";

#[derive(Debug, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub studio_id: i64,
    pub booking_id: Option<i64>,
    pub kind: String,
    pub dedupe_key: String,
    pub payload: String,
    pub run_at: DateTime<Utc>,
    pub state: String,
    pub attempts: i32,
    pub locked_by: Option<String>,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// The columns a `JobRow` reads, in order; also usable in `RETURNING`.
pub const JOB_COLUMNS: &str = "id, studio_id, booking_id, kind, dedupe_key, payload, run_at, \
     state, attempts, locked_by, locked_until, last_error, created_at, done_at";

impl TryFrom<JobRow> for Job {
    type Error = StoreError;
    fn try_from(row: JobRow) -> Result<Self, StoreError> {
        Ok(Job {
            id: row.id,
            studio_id: row.studio_id,
            booking_id: row.booking_id,
            kind: JobKind::parse(&row.kind)
                .ok_or_else(|| corrupt(format!("job kind {}", row.kind)))?,
            dedupe_key: DedupeKey::parse(&row.dedupe_key)
                .map_err(|error| corrupt(format!("job {} dedupe key: {error}", row.id)))?,
            payload: row.payload,
            run_at: row.run_at,
            state: JobState::from_stored(&row.state)
                .ok_or_else(|| corrupt(format!("job state {}", row.state)))?,
            attempts: u32::try_from(row.attempts)
                .map_err(|_| corrupt(format!("job {} attempts {}", row.id, row.attempts)))?,
            locked_by: row.locked_by,
            locked_until: row.locked_until,
            last_error: row.last_error,
            created_at: row.created_at,
            done_at: row.done_at,
        })
    }
}

/// Converts job rows and orders them by `run_at`, then id (`RETURNING` keeps no order).
pub fn jobs_from_rows(rows: Vec<JobRow>) -> Result<Vec<Job>, StoreError> {
    let mut jobs: Vec<Job> = convert_all(rows)?;
    jobs.sort_by_key(|job| (job.run_at, job.id));
    Ok(jobs)
}

/// Converts fetched rows into records, failing on the first corrupt one.
pub fn convert_all<Row, Record>(rows: Vec<Row>) -> Result<Vec<Record>, StoreError>
where
    Record: TryFrom<Row, Error = StoreError>,
{
    rows.into_iter().map(Record::try_from).collect()
}

/// Wraps a backend error, keeping its source for the logs.
pub fn backend(error: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(error))
}

/// Whether the error is a unique-constraint violation.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session_type_row(video_link: Option<&str>, questions: &str) -> SessionTypeRow {
        SessionTypeRow {
            id: 1,
            studio_id: 1,
            name: "Lesson".into(),
            description: String::new(),
            duration_minutes: 60,
            capacity: 1,
            price_minor: 1000,
            currency: "EUR".into(),
            status: "active".into(),
            location: None,
            non_member_price_minor: None,
            access_level: None,
            buffer_minutes: 0,
            min_lead_hours: 0,
            max_lead_days: 60,
            max_per_day: None,
            cover_image: None,
            video_link: video_link.map(str::to_owned),
            questions: questions.into(),
            change_cutoff_hours: 24,
            start_every_minutes: None,
            share_token: String::new(),
            payment_window_hours: None,
            retainer_minor: None,
            retainer_percent: None,
            full_refund_hours: 24,
            late_refund: "keep_retainer".into(),
            packages: "[]".into(),
            mini_days: None,
            contract_id: None,
            questionnaire_id: None,
            collect_outside: false,
        }
    }

    fn booking_row(answers: &str) -> BookingRow {
        BookingRow {
            id: 1,
            studio_id: 1,
            session_type_id: 1,
            starts_at: DateTime::from_timestamp(1_900_000_000, 0).expect("instant"),
            ends_at: DateTime::from_timestamp(1_900_003_600, 0).expect("instant"),
            student_name: Some("Ada".into()),
            student_email: Some("ada@example.com".into()),
            status: "confirmed".into(),
            expires_at: None,
            ended_at: None,
            cancelled_by: None,
            public_token: "token".into(),
            created_at: DateTime::from_timestamp(1_800_000_000, 0).expect("instant"),
            answers: answers.into(),
            payment_method: None,
            user_id: None,
            message: None,
            moves: 0,
            student_zone: None,
            price_minor: None,
            due_at_booking_minor: None,
            price_currency: None,
            package_name: None,
            discount_minor: None,
            discount_reason: None,
            preview: false,
        }
    }

    fn offerings_row(at_session: bool, by_check: bool, stripe: bool) -> OfferingsRow {
        OfferingsRow {
            personal_sessions: true,
            show_on_landing: true,
            default_access_level: "public".into(),
            pay_at_session: at_session,
            pay_by_check: by_check,
            pay_with_stripe: stripe,
        }
    }

    #[test]
    fn the_default_column_values_read_as_no_link_and_no_questions() {
        let session_type = SessionType::try_from(session_type_row(None, "[]")).expect("valid");
        assert_eq!(session_type.spec.video_link, None);
        assert!(session_type.spec.questions.is_empty());
        let booking = Booking::try_from(booking_row("[]")).expect("valid");
        assert!(booking.answers.is_empty());
    }

    #[test]
    fn a_hold_without_its_expiry_is_reported_corrupt() {
        let held = BookingRow {
            status: "held".into(),
            student_name: None,
            student_email: None,
            ..booking_row("[]")
        };
        assert!(matches!(
            Booking::try_from(held),
            Err(StoreError::Corrupt(_))
        ));
        let unknown = BookingRow {
            status: "maybe".into(),
            ..booking_row("[]")
        };
        assert!(matches!(
            Booking::try_from(unknown),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn stored_questions_read_back() {
        let stored = r#"[{"prompt": "Level", "kind": {"kind": "single_choice", "options": ["Beginner", "Advanced"]}, "required": true}]"#;
        let session_type = SessionType::try_from(session_type_row(None, stored)).expect("valid");
        assert_eq!(session_type.spec.questions.len(), 1);
        let values = SessionTypeValues::of(&session_type.spec).expect("values");
        let again =
            SessionType::try_from(session_type_row(None, &values.questions)).expect("valid");
        assert_eq!(again.spec.questions, session_type.spec.questions);
    }

    #[test]
    fn questions_that_do_not_parse_are_corrupt() {
        for questions in [
            "not json",
            "{}",
            r#"[{"prompt": "", "kind": {"kind": "short_text"}, "required": true}]"#,
            r#"[{"prompt": "Level", "kind": {"kind": "single_choice", "options": ["Only one"]}, "required": true}]"#,
        ] {
            let result = SessionType::try_from(session_type_row(None, questions));
            assert!(matches!(result, Err(StoreError::Corrupt(_))), "{questions}");
        }
    }

    #[test]
    fn an_unsafe_stored_video_link_is_corrupt() {
        let result = SessionType::try_from(session_type_row(Some("http://zoom.us/j/1"), "[]"));
        assert!(matches!(result, Err(StoreError::Corrupt(_))), "{result:?}");
    }

    #[test]
    fn answers_that_do_not_parse_are_corrupt() {
        for answers in [
            "",
            "[1]",
            r#"[{"prompt": "Level", "value": "   "}]"#,
            r#"[{"prompt": "Level"}]"#,
        ] {
            let result = Booking::try_from(booking_row(answers));
            assert!(matches!(result, Err(StoreError::Corrupt(_))), "{answers}");
        }
    }

    #[test]
    fn stored_answers_read_back_as_written() {
        let answers: Answers =
            serde_json::from_str(r#"[{"prompt": "Level", "value": "Beginner"}]"#).expect("valid");
        let stored = answers_json(&answers).expect("json");
        let booking = Booking::try_from(booking_row(&stored)).expect("valid");
        assert_eq!(booking.answers, answers);
    }

    #[test]
    fn offerings_without_any_payment_method_are_corrupt() {
        let none = Offerings::try_from(offerings_row(false, false, false));
        assert!(matches!(none, Err(StoreError::Corrupt(_))), "{none:?}");
        let stripe_only = Offerings::try_from(offerings_row(false, false, true)).expect("valid");
        assert!(stripe_only.payments.stripe());
        let odd_access = Offerings::try_from(OfferingsRow {
            default_access_level: "everyone".into(),
            ..offerings_row(true, false, false)
        });
        assert!(matches!(odd_access, Err(StoreError::Corrupt(_))));
    }
}

/// A payment received or a refund made, as the backends' ledger query reads it. `kind` is
/// `card`, `late_refund`, a refund's reason or a recorded payment's method; `at` is set for
/// card payments and refunds, `on_day` for recorded payments.
#[derive(Debug, sqlx::FromRow)]
pub struct LedgerRow {
    pub kind: String,
    pub amount_minor: i64,
    pub currency: String,
    pub at: Option<DateTime<Utc>>,
    pub on_day: Option<chrono::NaiveDate>,
    pub note: Option<String>,
    pub booking_id: i64,
    pub student_name: String,
    pub student_email: String,
    pub session_type_name: String,
    pub session_start: DateTime<Utc>,
}

impl TryFrom<LedgerRow> for crate::LedgerItem {
    type Error = StoreError;
    fn try_from(row: LedgerRow) -> Result<Self, StoreError> {
        use domain::ledger::{EntryKind, RefundCause};
        let kind = match row.kind.as_str() {
            "card" => EntryKind::CardPayment,
            "late_refund" => EntryKind::Refund(RefundCause::LatePayment),
            text => domain::manual_payments::ManualMethod::from_stored(text)
                .map(EntryKind::Received)
                .or_else(|| {
                    domain::refunds::RefundReason::from_stored(text)
                        .map(|reason| EntryKind::Refund(reason.into()))
                })
                .ok_or_else(|| corrupt(format!("ledger entry kind {text:?}")))?,
        };
        let currency = Currency::parse("currency", &row.currency).map_err(|_| {
            corrupt(format!(
                "currency {:?} of a ledger entry of booking {}",
                row.currency, row.booking_id
            ))
        })?;
        let when = match (row.at, row.on_day) {
            (Some(at), _) => crate::LedgerWhen::At(at),
            (None, Some(day)) => crate::LedgerWhen::On(day),
            (None, None) => {
                return Err(corrupt(format!(
                    "a ledger entry of booking {} without a time",
                    row.booking_id
                )));
            }
        };
        Ok(Self {
            kind,
            amount: Money::from_minor_units(row.amount_minor, currency)
                .filter(|amount| !amount.is_zero())
                .ok_or_else(|| corrupt(format!("ledger entry amount {}", row.amount_minor)))?,
            when,
            booking_id: row.booking_id,
            student_name: row.student_name,
            student_email: row.student_email,
            session_type_name: row.session_type_name,
            session_start: row.session_start,
            note: row.note,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: i64,
    pub studio_id: i64,
    pub booking_id: i64,
    pub number: i64,
    pub source: String,
    pub source_id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub issued_at: DateTime<Utc>,
}

/// The columns an `InvoiceRow` reads.
pub const INVOICE_COLUMNS: &str =
    "id, studio_id, booking_id, number, source, source_id, amount_minor, currency, issued_at";

impl TryFrom<InvoiceRow> for crate::Invoice {
    type Error = StoreError;
    fn try_from(row: InvoiceRow) -> Result<Self, StoreError> {
        use domain::invoices::{InvoiceNumber, InvoiceSource};
        let currency = Currency::parse("currency", &row.currency)
            .map_err(|_| corrupt(format!("currency {:?} of invoice {}", row.currency, row.id)))?;
        Ok(Self {
            id: row.id,
            studio_id: row.studio_id,
            booking_id: row.booking_id,
            number: InvoiceNumber::new(row.number)
                .ok_or_else(|| corrupt(format!("invoice number {}", row.number)))?,
            source: InvoiceSource::from_stored(&row.source)
                .ok_or_else(|| corrupt(format!("invoice source {:?}", row.source)))?,
            source_id: row.source_id,
            amount: Money::from_minor_units(row.amount_minor, currency)
                .filter(|amount| !amount.is_zero())
                .ok_or_else(|| corrupt(format!("invoice amount {}", row.amount_minor)))?,
            issued_at: row.issued_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct LibraryFormRow {
    pub id: i64,
    pub studio_id: i64,
    pub kind: String,
    pub title: String,
    /// A contract's text, or a questionnaire's questions as JSON.
    pub content: String,
    pub updated_at: DateTime<Utc>,
}

pub const LIBRARY_FORM_COLUMNS: &str = "id, studio_id, kind, title, content, updated_at";

/// A library form as its `kind`, `title` and `content` columns store it.
pub fn library_form_columns(
    form: &domain::forms::LibraryForm,
) -> Result<(&'static str, &str, String), StoreError> {
    use domain::forms::LibraryForm;
    let content = match form {
        LibraryForm::Contract(contract) => contract.body.source().to_owned(),
        LibraryForm::Questionnaire(questionnaire) => {
            json_text(serde_json::to_string(&questionnaire.questions))?
        }
    };
    Ok((form.kind().as_str(), form.title().as_str(), content))
}

impl TryFrom<LibraryFormRow> for crate::StoredForm {
    type Error = StoreError;
    fn try_from(row: LibraryFormRow) -> Result<Self, StoreError> {
        use domain::forms::{Contract, ContractBody, FormKind, LibraryForm, Questionnaire};
        use domain::text::FormTitle;
        let title = FormTitle::parse("title", &row.title).map_err(corrupt)?;
        let form = match FormKind::parse(&row.kind) {
            Some(FormKind::Contract) => LibraryForm::Contract(Contract {
                title,
                body: ContractBody::parse("content", &row.content).map_err(corrupt)?,
            }),
            Some(FormKind::Questionnaire) => LibraryForm::Questionnaire(Questionnaire {
                title,
                questions: serde_json::from_str(&row.content)
                    .map_err(|error| corrupt(format!("questionnaire {}: {error}", row.id)))?,
            }),
            None => return Err(corrupt(format!("form kind {}", row.kind))),
        };
        Ok(Self {
            id: row.id,
            studio_id: row.studio_id,
            form,
            updated_at: row.updated_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct SignedContractRow {
    pub title: String,
    pub signed_text: String,
    pub text_sha256: String,
    pub signed_name: String,
    pub signed_at: DateTime<Utc>,
    pub ip: String,
    pub user_agent: String,
}

pub const SIGNED_CONTRACT_COLUMNS: &str =
    "title, signed_text, text_sha256, signed_name, signed_at, ip, user_agent";

impl From<SignedContractRow> for crate::SignedContract {
    fn from(row: SignedContractRow) -> Self {
        Self {
            title: row.title,
            text: row.signed_text,
            text_sha256: row.text_sha256,
            signed_name: row.signed_name,
            signed_at: row.signed_at,
            ip: row.ip,
            user_agent: row.user_agent,
        }
    }
}
