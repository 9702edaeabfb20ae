//! Booking states and which of them hold a seat.

use crate::FieldErrors;
use crate::text::{Email, PersonName};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BookingStatus {
    Confirmed,
    Cancelled,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        match text {
            "confirmed" => Some(BookingStatus::Confirmed),
            "cancelled" => Some(BookingStatus::Cancelled),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BookingStatus::Confirmed => "Confirmed",
            BookingStatus::Cancelled => "Cancelled",
        }
    }

    /// Whether a booking in this state keeps its seat from others.
    pub fn occupies_seat(self) -> bool {
        matches!(self, BookingStatus::Confirmed)
    }
}

/// The person booking, as typed in the booking form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booker {
    pub name: PersonName,
    pub email: Email,
}

impl Booker {
    pub fn parse(name: &str, email: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take(PersonName::parse("student_name", name));
        let email = errors.take(Email::parse("student_email", email));
        match (name, email) {
            (Some(name), Some(email)) => Ok(Self { name, email }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_confirmed_bookings_hold_a_seat() {
        assert!(BookingStatus::Confirmed.occupies_seat());
        assert!(!BookingStatus::Cancelled.occupies_seat());
    }

    #[test]
    fn stored_states_round_trip() {
        for status in [BookingStatus::Confirmed, BookingStatus::Cancelled] {
            assert_eq!(BookingStatus::from_stored(status.as_str()), Some(status));
        }
        assert_eq!(BookingStatus::from_stored("maybe"), None);
    }

    #[test]
    fn a_booker_needs_a_name_and_a_valid_email() {
        let errors = Booker::parse(" ", "not-an-email").unwrap_err();
        assert!(errors.message_for("student_name").is_some());
        assert!(errors.message_for("student_email").is_some());
    }
}
