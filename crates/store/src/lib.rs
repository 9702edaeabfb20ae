//! The persistence contract. Each backend (SQLite, PostgreSQL) implements [`Store`] with its own
//! migrations, and both must pass the same [`conformance`] suite.

use async_trait::async_trait;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use domain::availability::{OpeningHours, Refusal, TakenSeats, TimeRange, WeeklyHours};
use domain::booking::{Booker, BookingStatus, PaymentChoice};
use domain::jobs::{DedupeKey, JobKind, MessageSettings};
use domain::lifecycle::BookingState;
use domain::members::NewMember;
use domain::money::Currency;
use domain::offerings::Offerings;
use domain::questions::Answers;
use domain::session_type::SessionTypeSpec;
use domain::stripe_keys::{StripeMode, StripePublishableKey};
use domain::studio::StudioSettings;
use domain::survey::{RatingTally, SurveyAnswer};
use domain::templates::MessageTemplate;
use domain::text::{Email, PersonName, Slug};
use domain::timezone::StudioTimezone;

#[cfg(feature = "conformance")]
pub mod conformance;
#[cfg(feature = "sql")]
pub mod rows;

pub type UserId = i64;
pub type StudioId = i64;
pub type SessionTypeId = i64;
pub type BookingId = i64;
pub type MemberId = i64;
pub type JobId = i64;

/// A studio's own Stripe account: its secrets sealed by the server's key, never as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeAccount {
    pub studio_id: StudioId,
    pub mode: StripeMode,
    pub publishable_key: StripePublishableKey,
    pub secret_key_sealed: String,
    /// The secret key as Stripe masks it, `sk_test_…WXYZ`: what the settings page shows.
    pub secret_key_hint: String,
    pub webhook_secret_sealed: String,
    pub connected_at: DateTime<Utc>,
}

/// One PaymentIntent of a booking, as our books keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPayment {
    pub id: i64,
    pub studio_id: StudioId,
    pub booking_id: BookingId,
    /// 1 for the booking's first PaymentIntent; part of its idempotency key.
    pub attempt: u32,
    pub payment_intent: String,
    pub amount: domain::money::Money,
    pub status: domain::card_payments::CardPaymentStatus,
    pub created_at: DateTime<Utc>,
    pub settled_at: Option<DateTime<Utc>>,
    /// How often refunding it failed (for a payment due a refund).
    pub refund_tries: u32,
    /// The card that paid, once Stripe has said it.
    pub card: Option<CardOnFile>,
}

/// A card as Stripe names it: its brand ("visa") and last four digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardOnFile {
    pub brand: String,
    pub last4: String,
}

/// Money given back to a student's card, as our books keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub id: i64,
    pub studio_id: StudioId,
    pub booking_id: BookingId,
    /// The card payment it gives back part or all of.
    pub card_payment_id: i64,
    pub amount: domain::money::Money,
    pub reason: domain::refunds::RefundReason,
    pub status: domain::refunds::RefundStatus,
    /// How often Stripe did not make it.
    pub tries: u32,
    pub created_at: DateTime<Utc>,
    pub refunded_at: Option<DateTime<Utc>>,
}

/// Money the instructor received outside the app and recorded on a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualPayment {
    pub id: i64,
    pub studio_id: StudioId,
    pub booking_id: BookingId,
    pub amount: domain::money::Money,
    pub method: domain::manual_payments::ManualMethod,
    pub received_on: chrono::NaiveDate,
    pub note: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// A payment to record on a booking, and the state it moves the booking from and to (the same
/// one when the booking already went ahead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewManualPayment {
    pub booking_id: BookingId,
    pub from: BookingState,
    pub to: BookingState,
    pub payment: domain::manual_payments::ReceivedPayment,
    pub recorded_at: DateTime<Utc>,
}

/// Which of a studio's money to read: what moved from `from` up to (not including) `to`, and
/// what the instructor recorded as received from `first_day` to `last_day` (the same days in
/// the studio's zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerQuery {
    pub studio_id: StudioId,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub first_day: chrono::NaiveDate,
    pub last_day: chrono::NaiveDate,
}

/// When money moved: the instant Stripe took or gave it back, or the day the instructor says
/// it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerWhen {
    At(DateTime<Utc>),
    On(chrono::NaiveDate),
}

/// A payment received or a refund made, with the booking it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerItem {
    pub kind: domain::ledger::EntryKind,
    /// Never negative: a refund's amount is what went back.
    pub amount: domain::money::Money,
    pub when: LedgerWhen,
    pub booking_id: BookingId,
    pub student_name: String,
    pub student_email: String,
    pub session_type_name: String,
    pub session_start: DateTime<Utc>,
    pub note: Option<String>,
}

/// The invoice of a payment received or a refund made: one each, numbered per studio in the
/// order they were issued, in the transaction that recorded the money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub id: i64,
    pub studio_id: StudioId,
    pub booking_id: BookingId,
    pub number: domain::invoices::InvoiceNumber,
    pub source: domain::invoices::InvoiceSource,
    /// The card payment's, refund's or recorded payment's id.
    pub source_id: i64,
    pub amount: domain::money::Money,
    pub issued_at: DateTime<Utc>,
}

/// The student's receipt of an invoice just issued: enqueued in the transaction that issues it.
pub fn receipt_job(
    invoice_id: i64,
    studio_id: StudioId,
    booking_id: BookingId,
    now: DateTime<Utc>,
) -> NewJob {
    NewJob {
        studio_id,
        booking_id: Some(booking_id),
        kind: JobKind::Receipt,
        dedupe_key: domain::jobs::DedupeKey::for_receipt(invoice_id),
        payload: domain::jobs::JobPayload {
            to: domain::jobs::Recipient::Student,
            version: 0,
            previous_start: None,
            step: None,
            refund: None,
            invoice: Some(invoice_id),
        }
        .to_json(),
        run_at: now,
        created_at: now,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRefund {
    pub card_payment_id: i64,
    pub amount: domain::money::Money,
    pub reason: domain::refunds::RefundReason,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCardPayment {
    pub studio_id: StudioId,
    pub booking_id: BookingId,
    pub attempt: u32,
    pub payment_intent: String,
    pub amount: domain::money::Money,
    pub created_at: DateTime<Utc>,
}

/// A PaymentIntent Stripe reports as succeeded: by a webhook (with its event's id), by the
/// student's return to the page, or by the reconciliation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidIntent<'a> {
    pub studio_id: StudioId,
    pub payment_intent: &'a str,
    pub event_id: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// What settling a paid PaymentIntent did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettleOutcome {
    /// The event was taken before: nothing changed.
    RepeatedEvent,
    /// No booking of the studio is paid by this PaymentIntent: acknowledged, nothing changed.
    UnknownPaymentIntent,
    Settled {
        settlement: domain::card_payments::Settlement,
        booking: Box<Booking>,
    },
}

/// Someone on a studio's member list: members get member prices and members-only types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: MemberId,
    pub studio_id: StudioId,
    pub name: PersonName,
    pub email: Email,
}

/// What adding members did: emails already on the list are left as they were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MembersAdded {
    pub added: usize,
    pub already_members: Vec<Email>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Studio {
    pub id: StudioId,
    pub owner_id: UserId,
    pub settings: StudioSettings,
}

/// A contract or questionnaire of a studio's library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredForm {
    pub id: i64,
    pub studio_id: StudioId,
    pub form: domain::forms::LibraryForm,
    pub updated_at: DateTime<Utc>,
}

/// What a client signed at booking, word for word, kept with the booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedContract {
    pub title: String,
    /// The contract's text as the client read it, placeholders filled in.
    pub text: String,
    /// SHA-256 of `text` in hex, to show the text was not changed since.
    pub text_sha256: String,
    /// The full name the client typed to sign.
    pub signed_name: String,
    pub signed_at: DateTime<Utc>,
    /// The address and browser the signature came from.
    pub ip: String,
    pub user_agent: String,
}

/// A spot of a mini session kept for one client, bookable only through its direct link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpotReservation {
    pub id: i64,
    pub studio_id: StudioId,
    pub session_type_id: SessionTypeId,
    pub reservation: domain::mini_session::Reservation,
    /// The secret of the direct link.
    pub token: String,
    /// The booking made through the link, while it keeps its seat.
    pub used_by: Option<BookingId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionType {
    pub id: SessionTypeId,
    pub studio_id: StudioId,
    pub spec: SessionTypeSpec,
    /// Signed into a private type's share link; a new one makes every older link stop working.
    pub share_token: String,
}

/// A seat held while the student fills in the booking form; it has no booker yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHold {
    pub studio_id: StudioId,
    pub session_type_id: SessionTypeId,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Unguessable; the calendar event's identity and part of the student's signed links.
    pub public_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The signed-in student, if any.
    pub user_id: Option<UserId>,
    /// The studio's instructor trying the booking steps through Client View.
    pub preview: bool,
}

/// What the booking form adds to a hold, and the state it moves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingDetails {
    pub booker: Booker,
    /// The student's answers to the type's registration questions.
    pub answers: Answers,
    /// `None` for free sessions.
    pub payment: Option<PaymentChoice>,
    /// `Confirmed`, or `PaymentPending` while money is due.
    pub state: BookingState,
    pub user_id: Option<UserId>,
    /// The student's own time zone, as their browser gave it.
    pub student_zone: Option<StudioTimezone>,
    /// What the booking costs and what is due at booking, kept as they are now.
    pub price: Option<domain::fees::BookingPrice>,
    /// The package picked, when the type offers packages.
    pub package: Option<domain::packages::PackageName>,
    /// The contract signed with the booking form, when the type asks for one.
    pub signature: Option<SignedContract>,
}

/// Where a booking moves: from the start it was read at to a new (start, end), in `state` (a
/// pending payment's deadline follows the start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingMove {
    pub from_start: DateTime<Utc>,
    pub to: (DateTime<Utc>, DateTime<Utc>),
    pub state: BookingState,
}

/// A booking made in one step, without a hold first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBooking {
    pub studio_id: StudioId,
    pub session_type_id: SessionTypeId,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub public_token: String,
    pub created_at: DateTime<Utc>,
    pub details: BookingDetails,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: BookingId,
    pub studio_id: StudioId,
    pub session_type_id: SessionTypeId,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `None` while the booking is a hold the student has not filled in.
    pub booker: Option<Booker>,
    pub state: BookingState,
    pub public_token: String,
    pub created_at: DateTime<Utc>,
    pub answers: Answers,
    pub payment: Option<PaymentChoice>,
    pub user_id: Option<UserId>,
    /// The instructor's words to the student when cancelling or rejecting.
    pub message: Option<String>,
    /// How many times the booking was moved; calendars use it to replace older copies.
    pub moves: u32,
    /// The student's own time zone, when their browser gave it: their emails show their time.
    pub student_zone: Option<StudioTimezone>,
    /// The price as it was when booked; `None` for bookings made before prices were kept.
    pub price: Option<domain::fees::BookingPrice>,
    /// The package picked, as it was named when booked.
    pub package: Option<domain::packages::PackageName>,
    /// Made by the studio's instructor through Client View: never a sale, released when
    /// completed.
    pub preview: bool,
}

impl Booking {
    pub fn status(&self) -> BookingStatus {
        BookingStatus::of(self.state)
    }
}

/// A booking with the names of its session type and studio, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingSummary {
    pub booking: Booking,
    pub session_type_name: String,
    pub studio_name: String,
}

/// Which of a studio's bookings to list. Holds not yet filled in are never listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingQuery {
    pub status: Option<BookingStatus>,
    pub session_type_id: Option<SessionTypeId>,
    /// Sessions starting at or after.
    pub from: Option<DateTime<Utc>>,
    /// Sessions starting before.
    pub to: Option<DateTime<Utc>>,
    /// Part of the student's name or email, any case.
    pub search: Option<String>,
}

/// A background job to enqueue; ignored when a job with its dedupe key exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub studio_id: StudioId,
    pub booking_id: Option<BookingId>,
    pub kind: JobKind,
    pub dedupe_key: DedupeKey,
    /// JSON the job's handler reads; `{}` when it needs nothing beyond the booking.
    pub payload: String,
    /// Not run before then.
    pub run_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// What a booking change does to the booking's jobs: its pending jobs of the `cancel` kinds
/// are cancelled, then `enqueue` is enqueued (skipping existing dedupe keys).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobPlan {
    pub cancel: Vec<JobKind>,
    pub enqueue: Vec<NewJob>,
}

/// Plans, from a booking as a change wrote it, the jobs the change brings (the emails it
/// causes); the store applies the plan in the change's own transaction, so a booking never
/// commits without its emails and a rolled-back one never sends any.
pub type FollowUps<'a> = &'a (dyn Fn(&Booking) -> JobPlan + Send + Sync);

/// For changes that bring no jobs.
pub const NO_FOLLOW_UPS: FollowUps<'static> = &|_: &Booking| JobPlan {
    cancel: Vec::new(),
    enqueue: Vec::new(),
};

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Waiting for its `run_at`, or for a retry.
    Pending,
    /// Claimed by a worker whose lease has not been given back.
    Running,
    Done,
    /// Cancelled before it ran, e.g. a reminder of a cancelled booking.
    Cancelled,
    /// Gave up after its last attempt.
    Failed,
}

impl JobState {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Running,
        Self::Done,
        Self::Cancelled,
        Self::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
            Self::Failed => "failed",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    pub studio_id: StudioId,
    pub booking_id: Option<BookingId>,
    pub kind: JobKind,
    pub dedupe_key: DedupeKey,
    pub payload: String,
    pub run_at: DateTime<Utc>,
    pub state: JobState,
    /// Attempts started so far, the running one included.
    pub attempts: u32,
    /// The worker that claimed it last.
    pub locked_by: Option<String>,
    /// When a running job's lease runs out and another worker may claim it.
    pub locked_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// A record that would break a uniqueness rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("this URL slug is taken by another studio")]
    SlugTaken,
    /// A new currency without cents cannot hold prices that have them.
    #[error("some prices have cents, which the new currency does not")]
    PricesNeedCents,
    /// Stripe cannot be disconnected while card payments are the studio's only way to pay.
    #[error("card payments are the studio's only payment method")]
    StripeIsTheOnlyPaymentMethod,
    /// Stripe cannot be disconnected while a card payment is open or due a refund: finishing
    /// it needs the keys.
    #[error("card payments are still open or due a refund")]
    CardPaymentsInProgress,
    /// A refund would give back more than its card payment took and has not given back (or
    /// the payment is not a paid one of the booking).
    #[error("the refund is more than the payment has left to give back")]
    RefundExceedsPayment,
    /// A recorded payment would take the booking past its price, counting its card payments
    /// less their refunds.
    #[error("the payment is more than the booking still owes")]
    PaymentExceedsBalance,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Conflict(#[from] Conflict),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("this person already holds a seat at that time")]
    AlreadyBooked,
    /// The hold ran out or was already used, or the booking changed meanwhile.
    #[error("the booking is no longer in the state it was read in")]
    Changed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Decides, inside the booking transaction, whether the seats already taken leave room.
pub type SeatCheck<'a> = &'a (dyn Fn(&[TakenSeats]) -> Result<(), Refusal> + Send + Sync);

#[async_trait]
pub trait Store: Send + Sync + 'static {
    async fn create_user(
        &self,
        email: &Email,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<User, StoreError>;
    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;
    async fn user(&self, id: UserId) -> Result<Option<User>, StoreError>;

    async fn create_auth_session(
        &self,
        user_id: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The user a session token belongs to, while the session has not expired.
    async fn user_for_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError>;
    async fn delete_auth_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Records an emailed password-reset link (by its token's hash).
    async fn create_password_reset(
        &self,
        user_id: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Uses a reset link to set a new password, once: in one transaction the link is marked
    /// used and the password replaced as [`replace_password`](Store::replace_password) does.
    /// A second use, an expired link or an unknown one gives `None` and changes nothing, also
    /// when two requests race.
    async fn reset_password(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        password_hash: &str,
    ) -> Result<Option<UserId>, StoreError>;
    /// Sets a new password hash and ends every session and reset link of the user, together.
    async fn replace_password(
        &self,
        user_id: UserId,
        password_hash: &str,
    ) -> Result<(), StoreError>;

    async fn studio_of_owner(&self, owner_id: UserId) -> Result<Option<Studio>, StoreError>;
    /// Creates the owner's studio, or updates its name and address: an existing studio's time
    /// zone and currency change only through [`save_offerings`](Store::save_offerings).
    async fn save_studio(
        &self,
        owner_id: UserId,
        settings: &StudioSettings,
    ) -> Result<Studio, StoreError>;
    async fn studio_by_slug(&self, slug: &Slug) -> Result<Option<Studio>, StoreError>;
    async fn studio(&self, id: StudioId) -> Result<Option<Studio>, StoreError>;

    /// The studio's offering settings; the defaults until first saved.
    async fn offerings(&self, studio_id: StudioId) -> Result<Offerings, StoreError>;
    /// Saves Settings > Offerings with the studio's time zone and currency, in one transaction;
    /// the studio's name and address are left as they are. A new currency relabels the prices
    /// of every session type of the studio, keeping their figures (45.50 USD becomes 45.50
    /// EUR); `Conflict::PricesNeedCents` (and nothing saved) when it has no cents and a price
    /// has them.
    async fn save_offerings(
        &self,
        studio_id: StudioId,
        offerings: &Offerings,
        timezone: StudioTimezone,
        currency: Currency,
    ) -> Result<(), StoreError>;

    /// The studio's Settings > Emails; the defaults until first saved.
    async fn message_settings(&self, studio_id: StudioId) -> Result<MessageSettings, StoreError>;
    async fn save_message_settings(
        &self,
        studio_id: StudioId,
        settings: &MessageSettings,
    ) -> Result<(), StoreError>;

    /// The studio's Stripe account, once connected.
    async fn stripe_account(
        &self,
        studio_id: StudioId,
    ) -> Result<Option<StripeAccount>, StoreError>;
    /// Connects the studio's Stripe account, or replaces its keys.
    async fn save_stripe_account(&self, account: &StripeAccount) -> Result<(), StoreError>;
    /// Forgets the studio's Stripe keys and stops offering card payments, in one transaction;
    /// `Conflict::StripeIsTheOnlyPaymentMethod` (and nothing changed) when card payments are
    /// the only way its students can pay, `Conflict::CardPaymentsInProgress` while one of its
    /// card payments is pending or due a refund. `false` when it was not connected.
    async fn disconnect_stripe(&self, studio_id: StudioId) -> Result<bool, StoreError>;

    /// Records a booking's PaymentIntent; the same booking and attempt again answer the one
    /// recorded first (a repeated request made the same PaymentIntent at Stripe).
    async fn add_card_payment(&self, new: &NewCardPayment) -> Result<CardPayment, StoreError>;
    /// A booking's card payments, first attempt first.
    async fn card_payments_of_booking(
        &self,
        booking_id: BookingId,
    ) -> Result<Vec<CardPayment>, StoreError>;
    /// Payments still pending whose next check is due by `due_by`, the longest due first: what
    /// the reconciliation asks Stripe about, so a lost webhook cannot leave a booking pending.
    /// A new payment's first check is due when it is made.
    async fn pending_card_payments(
        &self,
        due_by: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<CardPayment>, StoreError>;
    /// Puts a pending payment's next check off to `next_check_at`.
    async fn check_card_payment_later(
        &self,
        payment_id: i64,
        next_check_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Closes a pending payment cancelled at Stripe; `false` when it was no longer pending.
    async fn cancel_card_payment(
        &self,
        payment_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Payments marked for refund (paid after their booking ended) whose next try is due by
    /// `due_by`, the longest due first. A payment is due at once when it is marked.
    async fn card_payments_due_refund(
        &self,
        due_by: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<CardPayment>, StoreError>;
    /// Counts a failed refund of a payment marked for refund and puts its next try off to
    /// `next_try_at`.
    async fn put_off_refund(
        &self,
        payment_id: i64,
        next_try_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Records that a payment marked for refund was refunded, with its booking's follow-ups, in
    /// one transaction; `false` (and nothing planned) when it was recorded before.
    async fn record_card_refund(
        &self,
        payment_id: i64,
        now: DateTime<Utc>,
        follow_ups: FollowUps<'_>,
    ) -> Result<bool, StoreError>;
    /// Settles a succeeded PaymentIntent in one transaction: the event is recorded (a repeat
    /// changes nothing), the payment and its booking are read and changed as
    /// `domain::card_payments::settle_succeeded` says, and a booking it confirms gets
    /// `follow_ups` (its emails). However many webhooks, returns and reconciliations race, one
    /// settles it.
    async fn settle_paid_intent(
        &self,
        paid: &PaidIntent<'_>,
        follow_ups: FollowUps<'_>,
    ) -> Result<SettleOutcome, StoreError>;
    /// A booking's refunds, first made first.
    async fn refunds_of_booking(&self, booking_id: BookingId) -> Result<Vec<Refund>, StoreError>;
    /// Records refunds owed from a booking's card payments (due at once), in one transaction;
    /// `Conflict::RefundExceedsPayment` (and nothing recorded) when one would give back more
    /// than its payment took and has not given back, whoever else refunds it at the same time.
    async fn add_refunds(
        &self,
        booking_id: BookingId,
        refunds: &[NewRefund],
    ) -> Result<Vec<Refund>, StoreError>;
    /// [`Store::change_state`] with the refunds the change gives (a cancellation's, by its
    /// policy) recorded in the same transaction, as [`Store::add_refunds`] records them.
    async fn change_state_with_refunds(
        &self,
        id: BookingId,
        from: BookingState,
        to: BookingState,
        message: Option<&str>,
        refunds: &[NewRefund],
        follow_ups: FollowUps<'_>,
    ) -> Result<bool, StoreError>;
    /// Records money received outside the app on a booking still in `new.from`, moving it to
    /// `new.to` with `follow_ups`, in one transaction; `None` (and nothing recorded) when the
    /// booking changed meanwhile. `Conflict::PaymentExceedsBalance` when it would take the
    /// booking past its kept price, whoever records at the same time.
    async fn record_manual_payment(
        &self,
        new: &NewManualPayment,
        follow_ups: FollowUps<'_>,
    ) -> Result<Option<ManualPayment>, StoreError>;
    /// A booking's recorded payments, first recorded first.
    async fn manual_payments_of_booking(
        &self,
        booking_id: BookingId,
    ) -> Result<Vec<ManualPayment>, StoreError>;
    /// Keeps the card that paid a card payment, as Stripe named it.
    async fn save_card_on_file(&self, payment_id: i64, card: &CardOnFile)
    -> Result<(), StoreError>;
    /// A booking's invoices, by number.
    async fn invoices_of_booking(&self, booking_id: BookingId) -> Result<Vec<Invoice>, StoreError>;
    async fn invoice_by_id(&self, invoice_id: i64) -> Result<Option<Invoice>, StoreError>;
    /// The address and contact at the head of the studio's invoices (blank until saved).
    async fn invoice_details(
        &self,
        studio_id: StudioId,
    ) -> Result<domain::invoices::InvoiceDetails, StoreError>;
    async fn save_invoice_details(
        &self,
        studio_id: StudioId,
        details: &domain::invoices::InvoiceDetails,
    ) -> Result<(), StoreError>;
    /// The studio's card payments Stripe took, refunds it made (a late payment's included) and
    /// payments the instructor recorded, in the query's window, in no particular order.
    async fn ledger(&self, query: &LedgerQuery) -> Result<Vec<LedgerItem>, StoreError>;
    /// Refunds still to be made at Stripe whose next try is due by `due_by`, the longest due
    /// first.
    async fn refunds_due(
        &self,
        due_by: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Refund>, StoreError>;
    /// Counts a try Stripe refused and puts the next off to `next_try_at`.
    async fn put_off_refund_try(
        &self,
        refund_id: i64,
        next_try_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Records that Stripe made a due refund, with its booking's follow-ups, in one
    /// transaction; `false` (and nothing planned) when it was recorded before.
    async fn record_refund_made(
        &self,
        refund_id: i64,
        now: DateTime<Utc>,
        follow_ups: FollowUps<'_>,
    ) -> Result<bool, StoreError>;
    /// Records an event that changes nothing (e.g. a declined card); `false` when it was
    /// recorded before.
    async fn record_stripe_event(
        &self,
        studio_id: StudioId,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// The studio's members by name (ignoring case), then email.
    async fn members(&self, studio_id: StudioId) -> Result<Vec<Member>, StoreError>;
    /// Adds members in one transaction; an email already on the list (emails are stored
    /// lower-cased) is skipped and reported, never duplicated or overwritten.
    async fn add_members(
        &self,
        studio_id: StudioId,
        members: &[NewMember],
        now: DateTime<Utc>,
    ) -> Result<MembersAdded, StoreError>;
    /// `false` when the studio has no such member.
    async fn remove_member(&self, studio_id: StudioId, id: MemberId) -> Result<bool, StoreError>;
    async fn is_member(&self, studio_id: StudioId, email: &Email) -> Result<bool, StoreError>;

    async fn create_session_type(
        &self,
        studio_id: StudioId,
        spec: &SessionTypeSpec,
    ) -> Result<SessionType, StoreError>;
    /// The studio's session types, oldest first.
    async fn session_types(&self, studio_id: StudioId) -> Result<Vec<SessionType>, StoreError>;

    /// A mini session's reservations in spot order, each `used_by` the booking that keeps its
    /// seat at `now`.
    async fn reservations(
        &self,
        studio_id: StudioId,
        session_type_id: SessionTypeId,
        now: DateTime<Utc>,
    ) -> Result<Vec<SpotReservation>, StoreError>;
    /// The reservation behind a direct link.
    async fn reservation_by_token(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SpotReservation>, StoreError>;
    /// Adds a reservation to a type of the studio with its link's `token`.
    async fn add_reservation(
        &self,
        studio_id: StudioId,
        session_type_id: SessionTypeId,
        reservation: &domain::mini_session::Reservation,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<SpotReservation, StoreError>;
    /// Changes a reservation of the studio (its link stays); `None` when it is gone.
    async fn update_reservation(
        &self,
        studio_id: StudioId,
        id: i64,
        reservation: &domain::mini_session::Reservation,
        now: DateTime<Utc>,
    ) -> Result<Option<SpotReservation>, StoreError>;
    async fn remove_reservation(&self, studio_id: StudioId, id: i64) -> Result<bool, StoreError>;
    /// Notes the booking made through a reservation's link.
    async fn use_reservation(&self, id: i64, booking_id: BookingId) -> Result<(), StoreError>;

    /// The studio's contracts and questionnaires: contracts first, each kind by title.
    async fn library_forms(&self, studio_id: StudioId) -> Result<Vec<StoredForm>, StoreError>;
    async fn library_form(
        &self,
        studio_id: StudioId,
        id: i64,
    ) -> Result<Option<StoredForm>, StoreError>;
    async fn add_library_form(
        &self,
        studio_id: StudioId,
        form: &domain::forms::LibraryForm,
        now: DateTime<Utc>,
    ) -> Result<StoredForm, StoreError>;
    /// Rewrites a form of the studio, keeping its kind; `None` when the studio has no such
    /// form of that kind.
    async fn update_library_form(
        &self,
        studio_id: StudioId,
        id: i64,
        form: &domain::forms::LibraryForm,
        now: DateTime<Utc>,
    ) -> Result<Option<StoredForm>, StoreError>;
    /// Removes a form: the types that asked for it stop asking; signed copies stay.
    async fn remove_library_form(&self, studio_id: StudioId, id: i64) -> Result<bool, StoreError>;
    /// What the client signed with the booking form, when it asked for a contract.
    async fn signed_contract(
        &self,
        booking_id: BookingId,
    ) -> Result<Option<SignedContract>, StoreError>;
    async fn session_type(
        &self,
        studio_id: StudioId,
        id: SessionTypeId,
    ) -> Result<Option<SessionType>, StoreError>;

    /// Gives a type a new share token; `None` when the studio has no such type.
    async fn renew_share_token(
        &self,
        studio_id: StudioId,
        id: SessionTypeId,
        token: &str,
    ) -> Result<Option<SessionType>, StoreError>;

    /// Replaces a session type's settings; `None` when the studio has no such type.
    async fn update_session_type(
        &self,
        studio_id: StudioId,
        id: SessionTypeId,
        spec: &SessionTypeSpec,
    ) -> Result<Option<SessionType>, StoreError>;

    async fn save_weekly_hours(
        &self,
        studio_id: StudioId,
        hours: &WeeklyHours,
    ) -> Result<(), StoreError>;
    async fn weekly_hours(&self, studio_id: StudioId) -> Result<WeeklyHours, StoreError>;

    /// Gives a date its own ranges; no ranges closes it. Replaces any earlier override.
    async fn save_date_override(
        &self,
        studio_id: StudioId,
        date: NaiveDate,
        ranges: &[TimeRange],
    ) -> Result<(), StoreError>;
    async fn remove_date_override(
        &self,
        studio_id: StudioId,
        date: NaiveDate,
    ) -> Result<(), StoreError>;
    /// The weekly hours with every date override.
    async fn opening_hours(&self, studio_id: StudioId) -> Result<OpeningHours, StoreError>;

    /// Seats kept at `now` by bookings that overlap `[from, to)`: confirmed and attended ones,
    /// and holds and pending payments that have not run out.
    async fn taken_seats(
        &self,
        studio_id: StudioId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<TakenSeats>, StoreError>;

    /// Takes a seat for the student filling in the form, if `check` accepts the seats taken
    /// around it at the hold's creation time, atomically (as [`book`](Store::book)).
    async fn hold(&self, new: &NewHold, check: SeatCheck<'_>) -> Result<Booking, BookingError>;

    /// Fills in a hold that has not run out at `now`. `Changed` when it ran out or was used;
    /// `AlreadyBooked` when the email already keeps a seat of that session.
    async fn complete_hold(
        &self,
        id: BookingId,
        details: &BookingDetails,
        now: DateTime<Utc>,
        follow_ups: FollowUps<'_>,
    ) -> Result<Booking, BookingError>;

    /// Stores the booking if `check` accepts the seats taken around it, atomically: no other
    /// booking of the studio can be written between the check and the insert.
    async fn book(
        &self,
        new: &NewBooking,
        check: SeatCheck<'_>,
        follow_ups: FollowUps<'_>,
    ) -> Result<Booking, BookingError>;

    /// Moves a booking from the state it was read in to `to`, with an optional message to the
    /// student; `false` (and nothing written) when it is no longer in state `from`.
    async fn change_state(
        &self,
        id: BookingId,
        from: BookingState,
        to: BookingState,
        message: Option<&str>,
        follow_ups: FollowUps<'_>,
    ) -> Result<bool, StoreError>;

    /// Moves a confirmed or pending booking as `change` says (it must still start at
    /// `change.from_start`), if `check` accepts the seats the other bookings take there,
    /// atomically. `Changed` when it was moved or ended meanwhile.
    async fn move_booking(
        &self,
        id: BookingId,
        change: &BookingMove,
        now: DateTime<Utc>,
        check: SeatCheck<'_>,
        follow_ups: FollowUps<'_>,
    ) -> Result<Booking, BookingError>;

    /// Marks every hold and pending payment that ran out by `now` as expired, with each one's
    /// follow-ups, and returns them. Each is returned by exactly one caller, however many
    /// processes sweep at once.
    async fn expire_overdue(
        &self,
        now: DateTime<Utc>,
        follow_ups: FollowUps<'_>,
    ) -> Result<Vec<Booking>, StoreError>;

    /// The studio's bookings that match, soonest first.
    async fn bookings(
        &self,
        studio_id: StudioId,
        query: &BookingQuery,
    ) -> Result<Vec<BookingSummary>, StoreError>;
    async fn booking(
        &self,
        studio_id: StudioId,
        id: BookingId,
    ) -> Result<Option<BookingSummary>, StoreError>;
    async fn booking_by_id(&self, id: BookingId) -> Result<Option<Booking>, StoreError>;
    /// A signed-in student's bookings in every studio, soonest first.
    async fn bookings_of_user(&self, user_id: UserId) -> Result<Vec<BookingSummary>, StoreError>;

    /// The secret called `name`, created as `candidate` by the first caller; every process
    /// sharing the database gets the same one.
    async fn secret(&self, name: &str, candidate: &str) -> Result<String, StoreError>;

    /// Records an emailed sign-in link for a student (by its token's hash).
    async fn create_sign_in_link(
        &self,
        email: &Email,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Uses a sign-in link once, before it expires, and gives the email it was sent to.
    async fn use_sign_in_link(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Email>, StoreError>;
    /// Enqueues jobs in one transaction, skipping those whose dedupe key exists (also within
    /// `jobs`); returns how many were new.
    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> Result<usize, StoreError>;
    /// Claims up to `limit` jobs, earliest `run_at` first, for `worker` until `now + lease`:
    /// pending jobs due at `now`, and running jobs whose lease ran out before `now`. Each claim
    /// counts an attempt. Racing workers never claim the same job at once.
    async fn claim_jobs(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: u32,
    ) -> Result<Vec<Job>, StoreError>;
    /// Marks a job `worker` is running as done; `false` (and nothing written) when the worker
    /// no longer holds it, e.g. because its lease ran out and another worker claimed it.
    async fn finish_job(
        &self,
        id: JobId,
        worker: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Records a failed attempt of a job `worker` is running: pending again at `retry_at`, or
    /// failed for good with `None`. `false` (and nothing written) as for
    /// [`finish_job`](Store::finish_job).
    async fn fail_job(
        &self,
        id: JobId,
        worker: &str,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError>;
    /// Cancels the booking's pending jobs of these kinds (none when `kinds` is empty); running
    /// and finished ones are left alone. Returns how many were cancelled. Changes to a booking
    /// do this in their own transaction through their [`FollowUps`].
    async fn cancel_jobs_of_booking(
        &self,
        booking_id: BookingId,
        kinds: &[JobKind],
    ) -> Result<usize, StoreError>;
    /// The booking's jobs in every state, by `run_at`, then id.
    async fn jobs_of_booking(&self, booking_id: BookingId) -> Result<Vec<Job>, StoreError>;

    /// Stores the student's survey answer for a booking, once: `false` (and the first answer
    /// kept) when the booking was answered already, also when two answers race.
    async fn answer_survey(
        &self,
        booking_id: BookingId,
        answer: &SurveyAnswer,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// The booking's survey answer and when it was given.
    async fn survey_answer(
        &self,
        booking_id: BookingId,
    ) -> Result<Option<(SurveyAnswer, DateTime<Utc>)>, StoreError>;
    /// The survey answers of the studio's bookings, tallied per session type that has any.
    async fn rating_tallies(
        &self,
        studio_id: StudioId,
    ) -> Result<Vec<(SessionTypeId, RatingTally)>, StoreError>;

    /// The session type's own wordings of its emails to students, by message kind.
    async fn message_templates(
        &self,
        session_type_id: SessionTypeId,
    ) -> Result<Vec<(JobKind, MessageTemplate)>, StoreError>;
    /// Saves the type's wording of `kind`, replacing an earlier one.
    async fn save_message_template(
        &self,
        session_type_id: SessionTypeId,
        kind: JobKind,
        template: &MessageTemplate,
    ) -> Result<(), StoreError>;
    /// Goes back to the standard text of `kind`: `false` when the type had no wording of it.
    async fn reset_message_template(
        &self,
        session_type_id: SessionTypeId,
        kind: JobKind,
    ) -> Result<bool, StoreError>;
}

/// How far around a requested booking the transaction looks for overlapping seats.
pub fn seat_window(start: DateTime<Utc>, end: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    // 26 hours: a fall-back day is 25 hours long, and the daily maximum counts the whole day.
    let margin = chrono::Duration::hours(26);
    (start - margin, end + margin)
}
