//! Row shapes shared by the SQL backends, and their conversion into records.
//! Every stored value is parsed again through the domain types, so a corrupt row
//! surfaces as [`StoreError::Corrupt`] instead of an invalid value.

use crate::{Booking, BookingSummary, SessionType, StoreError, Studio, User};
use chrono::{DateTime, Utc};
use domain::availability::{TakenSeats, TimeRange, WallMinute, WeeklyHours};
use domain::booking::{Booker, BookingStatus};
use domain::money::{Currency, Money};
use domain::session_type::{Capacity, SessionDuration, SessionStatus, SessionTypeSpec};
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
}

impl TryFrom<SessionTypeRow> for SessionType {
    type Error = StoreError;
    fn try_from(row: SessionTypeRow) -> Result<Self, StoreError> {
        let currency = Currency::parse("currency", &row.currency).map_err(corrupt)?;
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
            price: Money::from_minor_units(row.price_minor, currency)
                .ok_or_else(|| corrupt(format!("price {}", row.price_minor)))?,
            status: SessionStatus::parse("status", &row.status).map_err(corrupt)?,
            location: row
                .location
                .as_deref()
                .map(|text| Location::parse("location", text))
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

pub fn weekly_hours_from_rows(rows: Vec<WeeklyRangeRow>) -> Result<WeeklyHours, StoreError> {
    let minute = |value: i32| {
        u16::try_from(value)
            .ok()
            .and_then(WallMinute::new)
            .ok_or_else(|| corrupt(format!("minute {value}")))
    };
    let ranges = rows
        .into_iter()
        .map(|row| {
            let day = usize::try_from(row.weekday)
                .ok()
                .and_then(|index| WeeklyHours::WEEKDAYS.get(index).copied())
                .ok_or_else(|| corrupt(format!("weekday {}", row.weekday)))?;
            let range = TimeRange::new(minute(row.start_minute)?, minute(row.end_minute)?)
                .ok_or_else(|| corrupt("empty time range"))?;
            Ok((day, range))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    WeeklyHours::from_ranges(ranges).map_err(corrupt)
}

#[derive(Debug, sqlx::FromRow)]
pub struct TakenSeatsRow {
    pub session_type_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub seats: i64,
}

impl From<TakenSeatsRow> for TakenSeats {
    fn from(row: TakenSeatsRow) -> Self {
        TakenSeats {
            session_type_id: row.session_type_id,
            start: row.starts_at,
            end: row.ends_at,
            seats: u32::try_from(row.seats).unwrap_or(u32::MAX),
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
