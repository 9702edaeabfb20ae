//! Durable background jobs (emails, reminders): what kinds exist, how a job is told apart from
//! its duplicates, and when a failed attempt is retried. The queue itself is the store's.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What a job does when it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Tells the student their booking is confirmed.
    Confirmation,
    /// Tells the instructor about a new, changed or cancelled booking.
    InstructorNotice,
    /// Reminds the student a day before the session.
    #[serde(rename = "reminder_24h")]
    Reminder24h,
    /// Reminds the student an hour before the session.
    #[serde(rename = "reminder_1h")]
    Reminder1h,
    /// Asks the student about the session once it is over.
    Survey,
    /// Reminds the student of a payment still due.
    PaymentNudge,
    /// Tells the student their booking was moved, cancelled or rejected.
    ChangeNotice,
}

impl JobKind {
    pub const ALL: [Self; 7] = [
        Self::Confirmation,
        Self::InstructorNotice,
        Self::Reminder24h,
        Self::Reminder1h,
        Self::Survey,
        Self::PaymentNudge,
        Self::ChangeNotice,
    ];

    /// The stored name, the same as the serde one.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation",
            Self::InstructorNotice => "instructor_notice",
            Self::Reminder24h => "reminder_24h",
            Self::Reminder1h => "reminder_1h",
            Self::Survey => "survey",
            Self::PaymentNudge => "payment_nudge",
            Self::ChangeNotice => "change_notice",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

impl std::fmt::Display for JobKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a text is not a dedupe key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DedupeKeyError {
    #[error("a dedupe key cannot be empty")]
    Empty,
    #[error("a dedupe key is at most {} characters long", DedupeKey::MAX_CHARS)]
    TooLong,
    #[error("a dedupe key cannot contain whitespace")]
    Whitespace,
}

/// Names a job so that enqueueing it twice keeps one: the store ignores a job whose key exists.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DedupeKey(String);

impl DedupeKey {
    pub const MAX_CHARS: usize = 200;

    /// A non-empty key of at most [`MAX_CHARS`](Self::MAX_CHARS) characters without whitespace.
    pub fn parse(text: &str) -> Result<Self, DedupeKeyError> {
        if text.is_empty() {
            return Err(DedupeKeyError::Empty);
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(DedupeKeyError::TooLong);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(DedupeKeyError::Whitespace);
        }
        Ok(Self(text.to_owned()))
    }

    /// The key of a booking's job of `kind`, e.g. `reminder_1h:42:0`. `version` tells apart the
    /// jobs of successive versions of the booking (e.g. its number of moves), so that a moved
    /// booking gets new reminders while each version gets at most one.
    pub fn for_booking(kind: JobKind, booking_id: i64, version: u32) -> Self {
        Self(format!("{}:{booking_id}:{version}", kind.as_str()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DedupeKey {
    type Error = DedupeKeyError;
    fn try_from(text: String) -> Result<Self, DedupeKeyError> {
        Self::parse(&text)
    }
}

impl From<DedupeKey> for String {
    fn from(key: DedupeKey) -> Self {
        key.0
    }
}

impl std::fmt::Display for DedupeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Attempts a job gets, the first included, before it is marked failed.
pub const MAX_ATTEMPTS: u32 = 8;

/// The first retry waits this long; each further one twice as long as the one before.
const FIRST_BACKOFF_SECONDS: i64 = 30;

/// No retry waits longer than this.
const MAX_BACKOFF_SECONDS: i64 = 60 * 60;

/// When a job whose `attempts_made`-th attempt just failed at `now` runs again: after 30 s ×
/// 2^(attempts_made − 1), at most an hour; `None` once [`MAX_ATTEMPTS`] were made (the job has
/// failed for good). Zero attempts made waits as one.
pub fn next_attempt_at(attempts_made: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if attempts_made >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = attempts_made.saturating_sub(1);
    let seconds = 2_i64
        .checked_pow(doublings)
        .and_then(|factor| factor.checked_mul(FIRST_BACKOFF_SECONDS))
        .map_or(MAX_BACKOFF_SECONDS, |seconds| {
            seconds.min(MAX_BACKOFF_SECONDS)
        });
    Some(now + Duration::seconds(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 6, 3, 9, 0, 0)
            .single()
            .expect("valid instant")
    }

    fn wait_after(attempts_made: u32) -> Option<i64> {
        next_attempt_at(attempts_made, now()).map(|at| (at - now()).num_seconds())
    }

    #[test]
    fn every_kind_reads_back_from_its_stored_name() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(JobKind::parse("reminder"), None);
        assert_eq!(JobKind::parse(""), None);
    }

    #[test]
    fn the_serde_name_of_a_kind_is_its_stored_name() {
        for kind in JobKind::ALL {
            let json = serde_json::to_string(&kind).expect("serializes");
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            let back: JobKind = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, kind);
        }
    }

    #[test]
    fn a_bookings_key_names_the_kind_the_booking_and_its_version() {
        let key = DedupeKey::for_booking(JobKind::Reminder1h, 42, 0);
        assert_eq!(key.as_str(), "reminder_1h:42:0");
        assert_eq!(DedupeKey::parse(key.as_str()), Ok(key));
        assert_eq!(
            DedupeKey::for_booking(JobKind::PaymentNudge, 7, 3).as_str(),
            "payment_nudge:7:3"
        );
    }

    #[test]
    fn a_key_is_non_empty_short_and_without_whitespace() {
        assert_eq!(DedupeKey::parse(""), Err(DedupeKeyError::Empty));
        assert_eq!(DedupeKey::parse("a b"), Err(DedupeKeyError::Whitespace));
        assert_eq!(DedupeKey::parse("a\tb"), Err(DedupeKeyError::Whitespace));
        assert_eq!(DedupeKey::parse(" ab"), Err(DedupeKeyError::Whitespace));
        let longest = "k".repeat(DedupeKey::MAX_CHARS);
        assert!(DedupeKey::parse(&longest).is_ok());
        assert_eq!(
            DedupeKey::parse(&format!("{longest}k")),
            Err(DedupeKeyError::TooLong)
        );
        let wide = "é".repeat(DedupeKey::MAX_CHARS);
        assert!(
            DedupeKey::parse(&wide).is_ok(),
            "the limit counts characters"
        );
    }

    #[test]
    fn a_key_that_does_not_parse_does_not_deserialize() {
        assert!(serde_json::from_str::<DedupeKey>("\"a b\"").is_err());
        let key: DedupeKey = serde_json::from_str("\"survey:1:0\"").expect("deserializes");
        assert_eq!(key.as_str(), "survey:1:0");
    }

    #[test]
    fn the_first_retry_waits_thirty_seconds_and_each_next_one_twice_as_long() {
        assert_eq!(wait_after(1), Some(30));
        assert_eq!(wait_after(2), Some(60));
        assert_eq!(wait_after(3), Some(120));
        assert_eq!(wait_after(4), Some(240));
        assert_eq!(wait_after(7), Some(30 * 64));
    }

    #[test]
    fn no_attempt_made_yet_waits_like_the_first() {
        assert_eq!(wait_after(0), Some(30));
    }

    #[test]
    fn a_job_fails_for_good_once_it_made_its_last_attempt() {
        assert!(wait_after(MAX_ATTEMPTS - 1).is_some());
        assert_eq!(wait_after(MAX_ATTEMPTS), None);
        assert_eq!(wait_after(MAX_ATTEMPTS + 1), None);
        assert_eq!(wait_after(u32::MAX), None);
    }

    #[test]
    fn no_wait_is_longer_than_an_hour() {
        for attempts_made in 0..MAX_ATTEMPTS {
            let wait = wait_after(attempts_made).expect("retried");
            assert!((30..=3600).contains(&wait), "{attempts_made}: {wait}");
        }
    }
}
