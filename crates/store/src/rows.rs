//! Row shapes shared by the SQL backends, and their conversion into records.
//! Every stored value is parsed again through the domain types, so a corrupt row
//! surfaces as [`StoreError::Corrupt`] instead of an invalid value.

use crate::{Booking, BookingSummary, SessionType, StoreError, Studio, User};
use chrono::{DateTime, Utc};
use domain::availability::{OpeningHours, TakenSeats, TimeRange, WallMinute, WeeklyHours};
use domain::booking::{Booker, BookingStatus};
use domain::money::{Currency, Money};
use domain::session_type::{
    AccessLevel, BufferTime, Capacity, CoverImage, MaxLeadDays, MaxPerDay, MinLeadHours, Pricing,
    SessionDuration, SessionStatus, SessionTypeSpec,
};
use domain::studio::StudioSettings;
use domain::text::{Description, Email, Location, SessionTypeName, Slug, StudioName};
use domain::timezone::StudioTimezone;

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
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
}

/// The columns a `SessionTypeRow` reads, in order.
pub const SESSION_TYPE_COLUMNS: &str = "id, studio_id, name, description, duration_minutes, capacity, \
     price_minor, currency, status, location, non_member_price_minor, access_level, buffer_minutes, \
     min_lead_hours, max_lead_days, max_per_day, cover_image";

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
}

impl<'a> SessionTypeValues<'a> {
    pub fn of(spec: &'a SessionTypeSpec) -> Self {
        let (price, non_member) = match spec.pricing {
            Pricing::Flat(price) => (price, None),
            Pricing::MemberSplit { member, non_member } => (member, Some(non_member)),
        };
        let small = |value: u32| i32::try_from(value).unwrap_or(i32::MAX);
        SessionTypeValues {
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
        }
    }
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
            cover_image: row
                .cover_image
                .as_deref()
                .map(|text| CoverImage::parse("cover_image", text))
                .transpose()
                .map_err(corrupt)?,
        };
        Ok(SessionType {
            id: row.id,
            studio_id: row.studio_id,
            spec,
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
    pub student_name: String,
    pub student_email: String,
    pub status: String,
    pub public_token: String,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<BookingRow> for Booking {
    type Error = StoreError;
    fn try_from(row: BookingRow) -> Result<Self, StoreError> {
        Ok(Booking {
            id: row.id,
            studio_id: row.studio_id,
            session_type_id: row.session_type_id,
            start: row.starts_at,
            end: row.ends_at,
            booker: Booker::parse(&row.student_name, &row.student_email).map_err(corrupt)?,
            status: BookingStatus::from_stored(&row.status)
                .ok_or_else(|| corrupt(format!("booking status {}", row.status)))?,
            public_token: row.public_token,
            created_at: row.created_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct BookingSummaryRow {
    #[sqlx(flatten)]
    pub booking: BookingRow,
    pub session_type_name: String,
}

impl TryFrom<BookingSummaryRow> for BookingSummary {
    type Error = StoreError;
    fn try_from(row: BookingSummaryRow) -> Result<Self, StoreError> {
        Ok(BookingSummary {
            booking: row.booking.try_into()?,
            session_type_name: row.session_type_name,
        })
    }
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
