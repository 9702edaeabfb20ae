//! The persistence contract. Each backend (SQLite, PostgreSQL) implements [`Store`] with its own
//! migrations, and both must pass the same [`conformance`] suite.

use async_trait::async_trait;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use domain::availability::{OpeningHours, Refusal, TakenSeats, TimeRange, WeeklyHours};
use domain::booking::{Booker, BookingStatus};
use domain::members::NewMember;
use domain::money::Currency;
use domain::offerings::Offerings;
use domain::questions::Answers;
use domain::session_type::SessionTypeSpec;
use domain::studio::StudioSettings;
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionType {
    pub id: SessionTypeId,
    pub studio_id: StudioId,
    pub spec: SessionTypeSpec,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBooking {
    pub studio_id: StudioId,
    pub session_type_id: SessionTypeId,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub booker: Booker,
    /// Unguessable token that names the booking in the student's links.
    pub public_token: String,
    pub created_at: DateTime<Utc>,
    /// The student's answers to the type's registration questions.
    pub answers: Answers,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: BookingId,
    pub studio_id: StudioId,
    pub session_type_id: SessionTypeId,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub booker: Booker,
    pub status: BookingStatus,
    pub public_token: String,
    pub created_at: DateTime<Utc>,
    pub answers: Answers,
}

/// A booking with its session type's name, as the instructor's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingSummary {
    pub booking: Booking,
    pub session_type_name: String,
}

/// A record that would break a uniqueness rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("this URL slug is taken by another studio")]
    SlugTaken,
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
    /// Creates the owner's studio or updates its settings.
    async fn save_studio(
        &self,
        owner_id: UserId,
        settings: &StudioSettings,
    ) -> Result<Studio, StoreError>;
    async fn studio_by_slug(&self, slug: &Slug) -> Result<Option<Studio>, StoreError>;
    async fn studio(&self, id: StudioId) -> Result<Option<Studio>, StoreError>;

    /// The studio's offering settings; the defaults until first saved.
    async fn offerings(&self, studio_id: StudioId) -> Result<Offerings, StoreError>;
    /// Saves Settings > Offerings with the studio's time zone and currency, in one statement;
    /// the studio's name and address are left as they are.
    async fn save_offerings(
        &self,
        studio_id: StudioId,
        offerings: &Offerings,
        timezone: StudioTimezone,
        currency: Currency,
    ) -> Result<(), StoreError>;

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
    async fn session_type(
        &self,
        studio_id: StudioId,
        id: SessionTypeId,
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

    /// Seats held by bookings that overlap `[from, to)`.
    async fn taken_seats(
        &self,
        studio_id: StudioId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TakenSeats>, StoreError>;

    /// Stores the booking if `check` accepts the seats taken around it, atomically: no other
    /// booking of the studio can be written between the check and the insert.
    async fn book(&self, new: &NewBooking, check: SeatCheck<'_>) -> Result<Booking, BookingError>;

    /// The studio's bookings, soonest first.
    async fn bookings(&self, studio_id: StudioId) -> Result<Vec<BookingSummary>, StoreError>;
    async fn booking_by_token(&self, public_token: &str) -> Result<Option<Booking>, StoreError>;
}

/// How far around a requested booking the transaction looks for overlapping seats.
pub fn seat_window(start: DateTime<Utc>, end: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    // 26 hours: a fall-back day is 25 hours long, and the daily maximum counts the whole day.
    let margin = chrono::Duration::hours(26);
    (start - margin, end + margin)
}
