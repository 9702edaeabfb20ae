//! Session types: the templates students book (seed 000).

use crate::money::{Currency, Money};
use crate::text::{Description, Location, SessionTypeName};
use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// How long a session lasts; only the lengths the product offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct SessionDuration(u16);

impl SessionDuration {
    pub const ALLOWED_MINUTES: [u16; 8] = [15, 30, 45, 60, 75, 90, 105, 120];

    pub fn from_minutes(minutes: u16) -> Option<Self> {
        Self::ALLOWED_MINUTES
            .contains(&minutes)
            .then_some(Self(minutes))
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let refuse = || {
            FieldError::new(
                field,
                "Choose a duration of 15, 30, 45, 60, 75, 90, 105 or 120 minutes.",
            )
        };
        raw.trim()
            .parse::<u16>()
            .ok()
            .and_then(Self::from_minutes)
            .ok_or_else(refuse)
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.0))
    }

    /// "1 h 15 min", "45 min".
    pub fn label(self) -> String {
        match (self.0 / 60, self.0 % 60) {
            (0, minutes) => format!("{minutes} min"),
            (hours, 0) => format!("{hours} h"),
            (hours, minutes) => format!("{hours} h {minutes} min"),
        }
    }
}

impl TryFrom<u16> for SessionDuration {
    type Error = String;
    fn try_from(minutes: u16) -> Result<Self, Self::Error> {
        Self::from_minutes(minutes).ok_or_else(|| format!("{minutes} is not an offered duration"))
    }
}

impl From<SessionDuration> for u16 {
    fn from(value: SessionDuration) -> u16 {
        value.0
    }
}

/// Students per session: 1 is a private lesson, 2 or more a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Capacity(u32);

impl Capacity {
    pub const MAX: u32 = 500;

    pub fn new(seats: u32) -> Option<Self> {
        (1..=Self::MAX).contains(&seats).then_some(Self(seats))
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let refuse = || {
            FieldError::new(
                field,
                format!(
                    "Capacity must be a whole number from 1 (private) to {}.",
                    Self::MAX
                ),
            )
        };
        raw.trim()
            .parse::<u32>()
            .ok()
            .and_then(Self::new)
            .ok_or_else(refuse)
    }

    pub fn seats(self) -> u32 {
        self.0
    }

    pub fn is_private(self) -> bool {
        self.0 == 1
    }
}

impl TryFrom<u32> for Capacity {
    type Error = String;
    fn try_from(seats: u32) -> Result<Self, Self::Error> {
        Self::new(seats).ok_or_else(|| format!("{seats} is not a valid capacity"))
    }
}

impl From<Capacity> for u32 {
    fn from(value: Capacity) -> u32 {
        value.0
    }
}

/// Only Active session types are visible to students and bookable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SessionStatus {
    Draft,
    Active,
    Paused,
    Archived,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 4] = [
        SessionStatus::Draft,
        SessionStatus::Active,
        SessionStatus::Paused,
        SessionStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Draft => "draft",
            SessionStatus::Active => "active",
            SessionStatus::Paused => "paused",
            SessionStatus::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionStatus::Draft => "Draft",
            SessionStatus::Active => "Active",
            SessionStatus::Paused => "Paused",
            SessionStatus::Archived => "Archived",
        }
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == wanted)
            .ok_or_else(|| FieldError::new(field, "Choose Draft, Active, Paused or Archived."))
    }

    pub fn is_bookable(self) -> bool {
        self == SessionStatus::Active
    }
}

/// A session type form as typed, before parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTypeInput {
    pub name: String,
    pub description: String,
    pub duration_minutes: String,
    pub capacity: String,
    pub price: String,
    pub status: String,
    pub location: String,
}

/// A session type whose every field is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTypeSpec {
    pub name: SessionTypeName,
    pub description: Description,
    pub duration: SessionDuration,
    pub capacity: Capacity,
    pub price: Money,
    pub status: SessionStatus,
    pub location: Option<Location>,
}

impl SessionTypeSpec {
    /// Parses every field and reports all problems at once, each under its field name.
    pub fn parse(input: &SessionTypeInput, currency: Currency) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take(SessionTypeName::parse("name", &input.name));
        let description = errors.take(Description::parse("description", &input.description));
        let duration = errors.take(SessionDuration::parse(
            "duration_minutes",
            &input.duration_minutes,
        ));
        let capacity = errors.take(Capacity::parse("capacity", &input.capacity));
        let price = errors.take(Money::parse("price", &input.price, currency));
        let status = errors.take(SessionStatus::parse("status", &input.status));
        let location = if input.location.trim().is_empty() {
            Some(None)
        } else {
            errors.take(Location::parse("location", &input.location).map(Some))
        };
        match (
            name,
            description,
            duration,
            capacity,
            price,
            status,
            location,
        ) {
            (
                Some(name),
                Some(description),
                Some(duration),
                Some(capacity),
                Some(price),
                Some(status),
                Some(location),
            ) if errors.is_empty() => Ok(Self {
                name,
                description,
                duration,
                capacity,
                price,
                status,
                location,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_input() -> SessionTypeInput {
        SessionTypeInput {
            name: "Private Mahjong Lesson".into(),
            description: "Learn the basics.".into(),
            duration_minutes: "60".into(),
            capacity: "1".into(),
            price: "45".into(),
            status: "active".into(),
            location: "Studio A".into(),
        }
    }

    #[test]
    fn only_the_offered_durations_exist() {
        for minutes in SessionDuration::ALLOWED_MINUTES {
            assert!(SessionDuration::from_minutes(minutes).is_some());
        }
        for minutes in [0, 10, 20, 50, 61, 135, 240] {
            assert!(
                SessionDuration::from_minutes(minutes).is_none(),
                "{minutes}"
            );
        }
        assert_eq!(
            SessionDuration::parse("duration_minutes", "50")
                .unwrap_err()
                .field,
            "duration_minutes"
        );
    }

    #[test]
    fn durations_have_readable_labels() {
        assert_eq!(SessionDuration::from_minutes(45).unwrap().label(), "45 min");
        assert_eq!(SessionDuration::from_minutes(60).unwrap().label(), "1 h");
        assert_eq!(
            SessionDuration::from_minutes(75).unwrap().label(),
            "1 h 15 min"
        );
    }

    #[test]
    fn capacity_is_at_least_one() {
        assert!(Capacity::parse("capacity", "0").is_err());
        assert!(Capacity::parse("capacity", "-2").is_err());
        assert!(Capacity::parse("capacity", "1.5").is_err());
        assert!(Capacity::parse("capacity", "1").unwrap().is_private());
        assert_eq!(Capacity::parse("capacity", "12").unwrap().seats(), 12);
    }

    #[test]
    fn a_valid_form_parses() {
        let spec = SessionTypeSpec::parse(&valid_input(), Currency::Usd).unwrap();
        assert_eq!(spec.name.as_str(), "Private Mahjong Lesson");
        assert_eq!(spec.price.minor_units(), 4500);
        assert_eq!(spec.status, SessionStatus::Active);
    }

    #[test]
    fn every_bad_field_is_reported_by_name() {
        let input = SessionTypeInput {
            name: String::new(),
            description: String::new(),
            duration_minutes: "50".into(),
            capacity: "0".into(),
            price: "-3".into(),
            status: "live".into(),
            location: String::new(),
        };
        let errors = SessionTypeSpec::parse(&input, Currency::Usd).unwrap_err();
        for field in ["name", "duration_minutes", "capacity", "price", "status"] {
            assert!(errors.message_for(field).is_some(), "{field} not reported");
        }
        assert!(errors.message_for("description").is_none());
        assert!(errors.message_for("location").is_none());
    }

    #[test]
    fn only_active_types_are_bookable() {
        assert!(SessionStatus::Active.is_bookable());
        for status in [
            SessionStatus::Draft,
            SessionStatus::Paused,
            SessionStatus::Archived,
        ] {
            assert!(!status.is_bookable());
        }
    }
}
