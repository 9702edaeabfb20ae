//! Booking states as stored and listed, the person booking, and how they pay.

use crate::FieldErrors;
use crate::lifecycle::{BookingState, Party};
use crate::offerings::PaymentMethods;
use crate::text::{Email, PersonName};
use crate::{FieldError, lifecycle::IllegalTransition};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The name of a [`BookingState`] without its times: what lists filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Held,
    PaymentPending,
    Confirmed,
    Completed,
    NoShow,
    Cancelled,
    Rejected,
    Expired,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 8] = [
        BookingStatus::Held,
        BookingStatus::PaymentPending,
        BookingStatus::Confirmed,
        BookingStatus::Completed,
        BookingStatus::NoShow,
        BookingStatus::Cancelled,
        BookingStatus::Rejected,
        BookingStatus::Expired,
    ];

    /// States that keep a seat for good (holds and pending payments keep one until they run out).
    pub const KEEP_SEAT: [BookingStatus; 3] = [
        BookingStatus::Confirmed,
        BookingStatus::Completed,
        BookingStatus::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Held => "held",
            BookingStatus::PaymentPending => "payment_pending",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Completed => "completed",
            BookingStatus::NoShow => "no_show",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Rejected => "rejected",
            BookingStatus::Expired => "expired",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            BookingStatus::Held => "Held",
            BookingStatus::PaymentPending => "Payment pending",
            BookingStatus::Confirmed => "Confirmed",
            BookingStatus::Completed => "Completed",
            BookingStatus::NoShow => "No-show",
            BookingStatus::Cancelled => "Cancelled",
            BookingStatus::Rejected => "Rejected",
            BookingStatus::Expired => "Expired",
        }
    }

    pub fn of(state: BookingState) -> Self {
        match state {
            BookingState::Held { .. } => BookingStatus::Held,
            BookingState::PaymentPending { .. } => BookingStatus::PaymentPending,
            BookingState::Confirmed => BookingStatus::Confirmed,
            BookingState::Completed => BookingStatus::Completed,
            BookingState::NoShow => BookingStatus::NoShow,
            BookingState::Cancelled { .. } => BookingStatus::Cancelled,
            BookingState::Rejected { .. } => BookingStatus::Rejected,
            BookingState::Expired { .. } => BookingStatus::Expired,
        }
    }
}

/// A state in the columns that store it: its status, the time it runs out (holds and pending
/// payments), when it ended (cancelled, rejected, expired) and who cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredState {
    pub status: BookingStatus,
    pub expires_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<Party>,
}

impl StoredState {
    pub fn of(state: BookingState) -> Self {
        let mut stored = Self {
            status: BookingStatus::of(state),
            expires_at: None,
            ended_at: None,
            cancelled_by: None,
        };
        match state {
            BookingState::Held { expires_at } => stored.expires_at = Some(expires_at),
            BookingState::PaymentPending { deadline } => stored.expires_at = Some(deadline),
            BookingState::Cancelled { by, at } => {
                stored.ended_at = Some(at);
                stored.cancelled_by = Some(by);
            }
            BookingState::Rejected { at } | BookingState::Expired { at } => {
                stored.ended_at = Some(at);
            }
            BookingState::Confirmed | BookingState::Completed | BookingState::NoShow => {}
        }
        stored
    }

    /// The state these columns hold; `None` when a needed time is missing.
    pub fn state(self) -> Option<BookingState> {
        Some(match self.status {
            BookingStatus::Held => BookingState::Held {
                expires_at: self.expires_at?,
            },
            BookingStatus::PaymentPending => BookingState::PaymentPending {
                deadline: self.expires_at?,
            },
            BookingStatus::Confirmed => BookingState::Confirmed,
            BookingStatus::Completed => BookingState::Completed,
            BookingStatus::NoShow => BookingState::NoShow,
            BookingStatus::Cancelled => BookingState::Cancelled {
                by: self.cancelled_by?,
                at: self.ended_at?,
            },
            BookingStatus::Rejected => BookingState::Rejected { at: self.ended_at? },
            BookingStatus::Expired => BookingState::Expired { at: self.ended_at? },
        })
    }
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Student => "student",
            Party::Instructor => "instructor",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        [Party::Student, Party::Instructor]
            .into_iter()
            .find(|party| party.as_str() == text)
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

/// How the student pays, among the methods the studio accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentChoice {
    AtSession,
    ByCheck,
    /// By card through the studio's Stripe account, on the booking's page.
    Card,
}

impl PaymentChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentChoice::AtSession => "at_session",
            PaymentChoice::ByCheck => "by_check",
            PaymentChoice::Card => "card",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentChoice::AtSession => PaymentMethods::AT_SESSION_LABEL,
            PaymentChoice::ByCheck => PaymentMethods::BY_CHECK_LABEL,
            PaymentChoice::Card => "Pay online by card",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        [
            PaymentChoice::AtSession,
            PaymentChoice::ByCheck,
            PaymentChoice::Card,
        ]
        .into_iter()
        .find(|choice| choice.as_str() == text)
    }

    /// The choices a student is offered.
    pub fn offered(methods: PaymentMethods) -> Vec<PaymentChoice> {
        let mut offered = Vec::new();
        if methods.at_session() {
            offered.push(PaymentChoice::AtSession);
        }
        if methods.by_check() {
            offered.push(PaymentChoice::ByCheck);
        }
        if methods.stripe() {
            offered.push(PaymentChoice::Card);
        }
        offered
    }

    /// Reads the form's `payment_method`. With one method on offer it needs no choosing.
    pub fn parse(methods: PaymentMethods, raw: &str) -> Result<Self, FieldError> {
        let offered = Self::offered(methods);
        let raw = raw.trim();
        if raw.is_empty()
            && let [only] = offered.as_slice()
        {
            return Ok(*only);
        }
        offered
            .into_iter()
            .find(|choice| choice.as_str() == raw)
            .ok_or_else(|| FieldError::new("payment_method", "Choose how you will pay."))
    }

    /// A check or a card payment has to arrive before the session, and within the type's
    /// payment window of the booking when it has one; until the instructor records the check
    /// or Stripe confirms the card, the booking waits as "payment pending" and keeps its seat
    /// up to that deadline.
    pub fn payment_deadline(
        self,
        booked_at: DateTime<Utc>,
        session_start: DateTime<Utc>,
        window: Option<crate::session_type::PaymentWindowHours>,
    ) -> Option<DateTime<Utc>> {
        match self {
            PaymentChoice::AtSession => None,
            PaymentChoice::ByCheck | PaymentChoice::Card => {
                Some(window.map_or(session_start, |window| {
                    (booked_at + window.as_chrono()).min(session_start)
                }))
            }
        }
    }
}

/// A pending payment's deadline once its session moves from `old_start` to `new_start`: one due
/// by the start follows the start; one due earlier (a payment window after booking) keeps its
/// time, by the new start at the latest. A move never brings a deadline forward to the past.
pub fn moved_payment_deadline(
    deadline: DateTime<Utc>,
    old_start: DateTime<Utc>,
    new_start: DateTime<Utc>,
) -> DateTime<Utc> {
    if deadline >= old_start {
        new_start
    } else {
        deadline.min(new_start)
    }
}

/// Until when a student may still cancel or reschedule on their own.
pub fn change_deadline(session_start: DateTime<Utc>, cutoff: Duration) -> DateTime<Utc> {
    session_start - cutoff
}

/// Whether the student may still change a booking themselves at `now`.
pub fn student_may_change(
    state: BookingState,
    session_start: DateTime<Utc>,
    cutoff: Duration,
    now: DateTime<Utc>,
) -> Result<(), IllegalTransition> {
    match state {
        BookingState::Confirmed | BookingState::PaymentPending { .. } => {
            if now < change_deadline(session_start, cutoff) {
                Ok(())
            } else {
                Err(IllegalTransition::PastChangeCutoff)
            }
        }
        other => Err(IllegalTransition::NotAllowed {
            state: other.name(),
            action: "changed",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0).unwrap()
    }

    #[test]
    fn every_state_round_trips_through_its_stored_columns() {
        let states = [
            BookingState::Held { expires_at: at(9) },
            BookingState::PaymentPending { deadline: at(10) },
            BookingState::Confirmed,
            BookingState::Completed,
            BookingState::NoShow,
            BookingState::Cancelled {
                by: Party::Instructor,
                at: at(11),
            },
            BookingState::Rejected { at: at(12) },
            BookingState::Expired { at: at(13) },
        ];
        for state in states {
            assert_eq!(StoredState::of(state).state(), Some(state));
        }
    }

    #[test]
    fn stored_statuses_round_trip() {
        for status in BookingStatus::ALL {
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

    #[test]
    fn the_only_method_on_offer_needs_no_choosing() {
        let cash_only = PaymentMethods::new(true, false, false, false).unwrap();
        assert_eq!(
            PaymentChoice::parse(cash_only, ""),
            Ok(PaymentChoice::AtSession)
        );
        assert!(PaymentChoice::parse(cash_only, "by_check").is_err());
    }

    #[test]
    fn with_two_methods_the_student_must_choose_one_on_offer() {
        let both = PaymentMethods::new(true, true, false, false).unwrap();
        let error = PaymentChoice::parse(both, "").unwrap_err();
        assert_eq!(error.field, "payment_method");
        assert_eq!(
            PaymentChoice::parse(both, "by_check"),
            Ok(PaymentChoice::ByCheck)
        );
        assert!(PaymentChoice::parse(both, "stripe").is_err());
    }

    #[test]
    fn a_check_keeps_the_booking_pending_until_the_session_starts() {
        assert_eq!(
            PaymentChoice::ByCheck.payment_deadline(at(9), at(15), None),
            Some(at(15))
        );
        assert_eq!(
            PaymentChoice::AtSession.payment_deadline(at(9), at(15), None),
            None
        );
    }

    #[test]
    fn a_moved_booking_keeps_its_payment_deadline_unless_it_was_due_by_the_start() {
        assert_eq!(
            moved_payment_deadline(at(15), at(15), at(17)),
            at(17),
            "due by the start: follows it"
        );
        assert_eq!(
            moved_payment_deadline(at(11), at(15), at(17)),
            at(11),
            "due within a window: keeps its time"
        );
        assert_eq!(
            moved_payment_deadline(at(11), at(15), at(10)),
            at(10),
            "never after the new start"
        );
    }

    #[test]
    fn a_payment_window_brings_the_deadline_forward_but_never_past_the_start() {
        let window = |raw: &str| {
            crate::session_type::PaymentWindowHours::parse_optional("payment_due_hours", raw)
                .expect("valid")
        };
        assert_eq!(
            PaymentChoice::ByCheck.payment_deadline(at(9), at(15), window("2")),
            Some(at(11))
        );
        assert_eq!(
            PaymentChoice::ByCheck.payment_deadline(at(9), at(15), window("48")),
            Some(at(15)),
            "by the start at the latest"
        );
        assert_eq!(window(" "), None, "blank: by the start");
        for refused in ["0", "721", "two"] {
            let error = crate::session_type::PaymentWindowHours::parse_optional(
                "payment_due_hours",
                refused,
            )
            .expect_err(refused);
            assert_eq!(error.field, "payment_due_hours");
        }
    }

    #[test]
    fn students_change_bookings_only_before_the_cutoff() {
        let cutoff = Duration::hours(24);
        let start = at(20) + Duration::days(2);
        assert!(student_may_change(BookingState::Confirmed, start, cutoff, at(20)).is_ok());
        assert_eq!(
            student_may_change(
                BookingState::Confirmed,
                start,
                cutoff,
                start - Duration::hours(23)
            ),
            Err(IllegalTransition::PastChangeCutoff)
        );
        assert!(
            student_may_change(
                BookingState::Cancelled {
                    by: Party::Student,
                    at: at(1)
                },
                start,
                cutoff,
                at(1)
            )
            .is_err()
        );
    }
}
