//! Durable background jobs (emails, reminders): what kinds exist, how a job is told apart from
//! its duplicates, and when a failed attempt is retried. The queue itself is the store's.

use crate::lifecycle::BookingState;
use crate::text::Email;
use crate::{FieldError, FieldErrors};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What a job does when it runs: the message it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// The student's confirmation of a new booking, or the instructor's notice of it.
    Confirmation,
    /// A day before the session.
    #[serde(rename = "reminder_24h")]
    Reminder24h,
    /// An hour before the session.
    #[serde(rename = "reminder_1h")]
    Reminder1h,
    /// Asks the student about the session once it is over.
    Survey,
    /// Reminds the student of a payment still due.
    PaymentNudge,
    /// The booking moved to another time.
    Moved,
    /// The student or the instructor cancelled the booking.
    Cancelled,
    /// The instructor turned down a booking waiting for payment.
    Rejected,
    /// The instructor recorded the payment: the booking is confirmed.
    PaymentConfirmed,
    /// The payment deadline passed: the booking expired and its seat is free again.
    Expired,
    /// A card payment arrived after its booking had ended, and was refunded in full.
    LatePaymentRefunded,
    /// Money went back to the student's card (a cancellation's refund, or the instructor's).
    Refunded,
    /// The student's receipt of a payment or a refund, with its invoice's link.
    Receipt,
}

impl JobKind {
    pub const ALL: [Self; 13] = [
        Self::Confirmation,
        Self::Reminder24h,
        Self::Reminder1h,
        Self::Survey,
        Self::PaymentNudge,
        Self::Moved,
        Self::Cancelled,
        Self::Rejected,
        Self::PaymentConfirmed,
        Self::Expired,
        Self::LatePaymentRefunded,
        Self::Refunded,
        Self::Receipt,
    ];

    /// The stored name, the same as the serde one.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation",
            Self::Reminder24h => "reminder_24h",
            Self::Reminder1h => "reminder_1h",
            Self::Survey => "survey",
            Self::PaymentNudge => "payment_nudge",
            Self::Moved => "moved",
            Self::Cancelled => "cancelled",
            Self::Rejected => "rejected",
            Self::PaymentConfirmed => "payment_confirmed",
            Self::Expired => "expired",
            Self::LatePaymentRefunded => "late_payment_refunded",
            Self::Refunded => "refunded",
            Self::Receipt => "receipt",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// What the message is, as the instructor's lists name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Confirmation => "Booking confirmation",
            Self::Reminder24h => "Reminder a day before",
            Self::Reminder1h => "Reminder an hour before",
            Self::Survey => "Survey after the session",
            Self::PaymentNudge => "Payment reminder",
            Self::Moved => "Moved",
            Self::Cancelled => "Cancelled",
            Self::Rejected => "Declined",
            Self::PaymentConfirmed => "Payment received",
            Self::Expired => "Expired",
            Self::LatePaymentRefunded => "Late payment refunded",
            Self::Refunded => "Refund made",
            Self::Receipt => "Receipt",
        }
    }

    /// Whether the message is about the session still to come, and so is sent only while the
    /// booking keeps its seat at the time it was planned for.
    pub fn is_reminder(self) -> bool {
        matches!(self, Self::Reminder24h | Self::Reminder1h)
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

    /// The key of a booking's job of `kind` to `to`, e.g. `reminder_1h:student:42:0`.
    /// `version` tells apart the jobs of successive versions of the booking (its number of
    /// moves), so that a moved booking gets new reminders while each version gets at most one.
    pub fn for_booking(kind: JobKind, to: Recipient, booking_id: i64, version: u32) -> Self {
        Self(format!(
            "{}:{}:{booking_id}:{version}",
            kind.as_str(),
            to.as_str()
        ))
    }

    /// The key of the receipt of invoice `invoice_id`: one per invoice, whoever issues it.
    pub fn for_receipt(invoice_id: i64) -> Self {
        Self(format!(
            "{}:{}:{invoice_id}",
            JobKind::Receipt.as_str(),
            Recipient::Student.as_str()
        ))
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

/// Who a message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    Student,
    Instructor,
}

impl Recipient {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Student => "student",
            Self::Instructor => "instructor",
        }
    }
}

/// What a booking's job needs beyond the booking itself, stored as the job's payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobPayload {
    pub to: Recipient,
    /// The version of the booking (its number of moves) the job was planned for.
    pub version: u32,
    /// Where a moved session was before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_start: Option<DateTime<Utc>>,
    /// Which of the booking's payment nudges this is, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
    /// The refund a refund message tells of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<i64>,
    /// The invoice a receipt sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice: Option<i64>,
}

/// A stored payload that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable job payload: {0}")]
pub struct PayloadError(String);

impl JobPayload {
    pub fn to_json(&self) -> String {
        // A struct of plain fields always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Self, PayloadError> {
        serde_json::from_str(text).map_err(|error| PayloadError(error.to_string()))
    }
}

/// A change to a booking that both sides are told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingChange {
    /// Booked, by filling in a hold or in one step.
    Booked,
    Moved {
        previous_start: DateTime<Utc>,
    },
    Cancelled,
    Rejected,
    PaymentConfirmed,
    /// Its payment deadline passed.
    Expired,
    /// A card payment that arrived after it had ended was refunded.
    LatePaymentRefunded,
    /// One of its refunds was made at Stripe.
    Refunded {
        refund_id: i64,
    },
}

/// A booking as its messages are planned, after the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedBooking {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Its number of moves.
    pub version: u32,
    /// When it was booked, which payment nudges count from.
    pub booked_at: DateTime<Utc>,
    /// Set while it waits for a payment due by then.
    pub payment_deadline: Option<DateTime<Utc>>,
}

/// The studio's choices about its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSettings {
    /// Where the instructor's messages go and students' replies reach; the account's email
    /// when unset.
    pub contact_email: Option<Email>,
    /// The instructor gets the reminders too.
    pub remind_instructor: bool,
    /// How long after a session ends its student is asked about it; `None` asks nothing.
    pub survey_after: Option<SurveyDelay>,
    /// When a booking waiting for its payment is nudged.
    pub nudges: NudgeSteps,
}

impl Default for MessageSettings {
    fn default() -> Self {
        Self {
            contact_email: None,
            remind_instructor: false,
            survey_after: Some(SurveyDelay::default()),
            nudges: NudgeSteps::default(),
        }
    }
}

/// Settings > Emails as submitted.
#[derive(Debug, Clone, Copy, Default)]
pub struct MessageSettingsForm<'a> {
    /// Blank means the account's email.
    pub contact_email: &'a str,
    pub remind_instructor: bool,
    pub send_survey: bool,
    /// Whole hours after the end, e.g. "1".
    pub survey_delay_hours: &'a str,
    /// Hours after the booking, e.g. "1, 24".
    pub nudge_after_booking: &'a str,
    /// Hours before the payment deadline, e.g. "24".
    pub nudge_before_deadline: &'a str,
}

impl MessageSettings {
    /// Settings > Emails as submitted, each mistake named by its field.
    pub fn parse(form: MessageSettingsForm<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let contact_email = errors.take(match form.contact_email.trim() {
            "" => Ok(None),
            text => Email::parse("contact_email", text).map(Some),
        });
        // An unticked survey asks nothing, whatever its delay field holds.
        let survey_after = errors.take(if form.send_survey {
            SurveyDelay::parse("survey_delay_hours", form.survey_delay_hours).map(Some)
        } else {
            Ok(None)
        });
        let after = errors.take(parse_hours_list(
            "nudge_after_booking",
            form.nudge_after_booking,
        ));
        let before = errors.take(parse_hours_list(
            "nudge_before_deadline",
            form.nudge_before_deadline,
        ));
        match (contact_email, survey_after, after, before) {
            (
                Some(contact_email),
                Some(survey_after),
                Some(after_booking),
                Some(before_deadline),
            ) => Ok(Self {
                contact_email,
                remind_instructor: form.remind_instructor,
                survey_after,
                nudges: NudgeSteps {
                    after_booking,
                    before_deadline,
                },
            }),
            _ => Err(errors),
        }
    }
}

/// Whole hours between a session's end and its survey, 0 to a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SurveyDelay(u32);

impl Default for SurveyDelay {
    /// An hour after the end.
    fn default() -> Self {
        Self(1)
    }
}

impl SurveyDelay {
    pub const MAX_HOURS: u32 = 168;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        raw.trim()
            .parse::<u32>()
            .ok()
            .and_then(Self::from_hours)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!(
                        "Enter a whole number of hours from 0 to {} (a week).",
                        Self::MAX_HOURS
                    ),
                )
            })
    }

    pub fn from_hours(hours: u32) -> Option<Self> {
        (hours <= Self::MAX_HOURS).then_some(Self(hours))
    }

    pub fn hours(self) -> u32 {
        self.0
    }
}

/// When a booking waiting for payment is nudged: hours after it was booked, and hours before
/// its payment deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NudgeSteps {
    pub after_booking: Vec<u32>,
    pub before_deadline: Vec<u32>,
}

impl Default for NudgeSteps {
    /// An hour and a day after booking, and a day before the deadline.
    fn default() -> Self {
        Self {
            after_booking: vec![1, 24],
            before_deadline: vec![24],
        }
    }
}

impl NudgeSteps {
    /// Each list holds at most this many steps.
    pub const MAX_STEPS: usize = 5;
    /// No step is further than this many hours (30 days) from its reference.
    pub const MAX_HOURS: u32 = 720;

    /// "1, 24" as stored and shown.
    pub fn label(hours: &[u32]) -> String {
        hours
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// "1, 24": whole hours from 1 to 720 apart by commas, at most five, in any order; blank is
/// none. Kept sorted, without repeats.
fn parse_hours_list(field: &str, raw: &str) -> Result<Vec<u32>, FieldError> {
    let mut hours = Vec::new();
    for part in raw
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let value = part
            .parse::<u32>()
            .ok()
            .filter(|value| (1..=NudgeSteps::MAX_HOURS).contains(value))
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!(
                        "\"{part}\" is not a number of hours from 1 to {}. Separate hours with commas, like 1, 24.",
                        NudgeSteps::MAX_HOURS
                    ),
                )
            })?;
        hours.push(value);
    }
    hours.sort_unstable();
    hours.dedup();
    if hours.len() > NudgeSteps::MAX_STEPS {
        return Err(FieldError::new(
            field,
            format!("Choose at most {} times.", NudgeSteps::MAX_STEPS),
        ));
    }
    Ok(hours)
}

/// One message to send at `run_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedMessage {
    pub kind: JobKind,
    pub run_at: DateTime<Utc>,
    pub payload: JobPayload,
}

impl PlannedMessage {
    pub fn dedupe_key(&self, booking_id: i64) -> DedupeKey {
        let key =
            DedupeKey::for_booking(self.kind, self.payload.to, booking_id, self.payload.version);
        match (self.payload.step, self.payload.refund) {
            (Some(step), _) => DedupeKey(format!("{key}:{step}")),
            (None, Some(refund)) => DedupeKey(format!("{key}:refund-{refund}")),
            (None, None) => key,
        }
    }
}

/// What a change does to a booking's messages, in the change's own transaction: the pending
/// jobs of the `cancel` kinds are dropped, then the `send` ones enqueued.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessagePlan {
    pub cancel: Vec<JobKind>,
    pub send: Vec<PlannedMessage>,
}

const REMINDERS: [(JobKind, i64); 2] = [(JobKind::Reminder24h, 24), (JobKind::Reminder1h, 1)];

/// When a booking waiting for its payment is nudged, at the studio's steps (by default an hour
/// and a day after it was booked, and a day before the deadline); each only while still ahead
/// and before the deadline, and never two at the same time.
pub fn nudge_times(
    steps: &NudgeSteps,
    booked_at: DateTime<Utc>,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let after = steps
        .after_booking
        .iter()
        .map(|hours| booked_at + Duration::hours(i64::from(*hours)));
    let before = steps
        .before_deadline
        .iter()
        .map(|hours| deadline - Duration::hours(i64::from(*hours)));
    let mut times: Vec<DateTime<Utc>> = after
        .chain(before)
        .filter(|at| *at > now && *at < deadline)
        .collect();
    times.sort_unstable();
    times.dedup();
    times
}

/// The messages a change to a booking brings at `now`. Both sides hear of every change. A new
/// or moved booking gets a reminder 24 hours and one an hour before its start, each only when
/// that time is still ahead (a booking made 3 hours ahead gets the 1-hour one alone); a move
/// replaces the pending reminders, and an ending (cancelled, rejected, expired) drops them.
pub fn plan_messages(
    change: BookingChange,
    booking: PlannedBooking,
    now: DateTime<Utc>,
    settings: &MessageSettings,
) -> MessagePlan {
    let message = |kind: JobKind, to: Recipient, run_at: DateTime<Utc>| PlannedMessage {
        kind,
        run_at,
        payload: JobPayload {
            to,
            version: booking.version,
            previous_start: match change {
                BookingChange::Moved { previous_start } => Some(previous_start),
                _ => None,
            },
            step: None,
            refund: match change {
                BookingChange::Refunded { refund_id } => Some(refund_id),
                _ => None,
            },
            invoice: None,
        },
    };
    let both = |kind: JobKind| {
        [Recipient::Student, Recipient::Instructor].map(|to| message(kind, to, now))
    };
    let reminders = || {
        let mut reminders = Vec::new();
        for (kind, hours) in REMINDERS {
            let run_at = booking.start - Duration::hours(hours);
            if run_at <= now {
                continue;
            }
            reminders.push(message(kind, Recipient::Student, run_at));
            if settings.remind_instructor {
                reminders.push(message(kind, Recipient::Instructor, run_at));
            }
        }
        reminders
    };
    // Nudges are numbered by their place in the booking's whole schedule (first, second,
    // third), whatever part of it is still ahead when planned.
    let nudges = || {
        let Some(deadline) = booking.payment_deadline else {
            return Vec::new();
        };
        let steps = &settings.nudges;
        let all = nudge_times(steps, booking.booked_at, deadline, booking.booked_at);
        nudge_times(steps, booking.booked_at, deadline, now)
            .into_iter()
            .map(|run_at| {
                let step = all
                    .iter()
                    .position(|at| *at == run_at)
                    .map_or(0, |at| at + 1);
                let mut nudge = message(JobKind::PaymentNudge, Recipient::Student, run_at);
                nudge.payload.step = u32::try_from(step).ok();
                nudge
            })
            .collect::<Vec<_>>()
    };
    let survey = || {
        settings
            .survey_after
            .map(|delay| booking.end + Duration::hours(i64::from(delay.hours())))
            .filter(|run_at| *run_at > now)
            .map(|run_at| message(JobKind::Survey, Recipient::Student, run_at))
    };
    let ending = |kind: JobKind| MessagePlan {
        cancel: vec![
            JobKind::Reminder24h,
            JobKind::Reminder1h,
            JobKind::PaymentNudge,
            JobKind::Survey,
        ],
        send: both(kind).to_vec(),
    };
    match change {
        BookingChange::Booked => MessagePlan {
            cancel: Vec::new(),
            send: both(JobKind::Confirmation)
                .into_iter()
                .chain(reminders())
                .chain(nudges())
                .chain(survey())
                .collect(),
        },
        BookingChange::Moved { .. } => MessagePlan {
            cancel: vec![
                JobKind::Reminder24h,
                JobKind::Reminder1h,
                JobKind::PaymentNudge,
                JobKind::Survey,
            ],
            send: both(JobKind::Moved)
                .into_iter()
                .chain(reminders())
                .chain(nudges())
                .chain(survey())
                .collect(),
        },
        BookingChange::Cancelled => ending(JobKind::Cancelled),
        BookingChange::Rejected => ending(JobKind::Rejected),
        BookingChange::Expired => ending(JobKind::Expired),
        BookingChange::PaymentConfirmed => MessagePlan {
            cancel: vec![JobKind::PaymentNudge],
            send: vec![message(JobKind::PaymentConfirmed, Recipient::Student, now)],
        },
        BookingChange::LatePaymentRefunded => MessagePlan {
            cancel: Vec::new(),
            send: both(JobKind::LatePaymentRefunded).to_vec(),
        },
        BookingChange::Refunded { .. } => MessagePlan {
            cancel: Vec::new(),
            send: vec![message(JobKind::Refunded, Recipient::Student, now)],
        },
    }
}

/// Whether a claimed job still has something to say when it runs: a reminder only while the
/// booking keeps its seat at the version it was planned for (a cancelled or moved booking's
/// reminder is dropped, even one a racing change did not cancel in time); a survey only for a
/// session that took place at the time it was planned for, while the studio still asks; every
/// other message tells of a change that happened, and always goes.
pub fn still_worth_sending(
    kind: JobKind,
    payload: &JobPayload,
    state: BookingState,
    moves: u32,
    now: DateTime<Utc>,
    settings: &MessageSettings,
) -> bool {
    if kind == JobKind::PaymentNudge {
        return matches!(state, BookingState::PaymentPending { .. }) && state.occupies_seat_at(now);
    }
    if kind == JobKind::Survey {
        // A studio that turned the survey off meanwhile sends none of those still queued.
        return settings.survey_after.is_some()
            && payload.version == moves
            && matches!(state, BookingState::Confirmed | BookingState::Completed);
    }
    if !kind.is_reminder() {
        return true;
    }
    payload.version == moves
        && matches!(
            state,
            BookingState::Confirmed | BookingState::PaymentPending { .. }
        )
        && state.occupies_seat_at(now)
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

    /// Whether a job is still worth sending under the default settings.
    fn worth(
        kind: JobKind,
        payload: &JobPayload,
        state: BookingState,
        moves: u32,
        now: DateTime<Utc>,
    ) -> bool {
        still_worth_sending(
            kind,
            payload,
            state,
            moves,
            now,
            &MessageSettings::default(),
        )
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
    fn a_bookings_key_names_the_kind_the_recipient_the_booking_and_its_version() {
        let key = DedupeKey::for_booking(JobKind::Reminder1h, Recipient::Student, 42, 0);
        assert_eq!(key.as_str(), "reminder_1h:student:42:0");
        assert_eq!(DedupeKey::parse(key.as_str()), Ok(key));
        assert_eq!(
            DedupeKey::for_booking(JobKind::Moved, Recipient::Instructor, 7, 3).as_str(),
            "moved:instructor:7:3"
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
    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("instant")
            .with_timezone(&Utc)
    }

    fn plan_for(change: BookingChange, start: &str, now_text: &str) -> MessagePlan {
        plan_messages(
            change,
            PlannedBooking {
                start: at(start),
                end: at(start) + Duration::hours(1),
                version: 0,
                booked_at: at("2030-06-01T00:00:00Z"),
                payment_deadline: None,
            },
            at(now_text),
            &MessageSettings::default(),
        )
    }

    fn sent(plan: &MessagePlan) -> Vec<(JobKind, Recipient, DateTime<Utc>)> {
        plan.send
            .iter()
            .map(|message| (message.kind, message.payload.to, message.run_at))
            .collect()
    }

    #[test]
    fn a_booking_days_ahead_is_confirmed_to_both_and_reminded_a_day_and_an_hour_before() {
        let plan = plan_for(
            BookingChange::Booked,
            "2030-06-06T15:00:00Z",
            "2030-06-03T09:00:00Z",
        );
        assert!(plan.cancel.is_empty());
        assert_eq!(
            sent(&plan),
            [
                (
                    JobKind::Confirmation,
                    Recipient::Student,
                    at("2030-06-03T09:00:00Z")
                ),
                (
                    JobKind::Confirmation,
                    Recipient::Instructor,
                    at("2030-06-03T09:00:00Z")
                ),
                (
                    JobKind::Reminder24h,
                    Recipient::Student,
                    at("2030-06-05T15:00:00Z")
                ),
                (
                    JobKind::Reminder1h,
                    Recipient::Student,
                    at("2030-06-06T14:00:00Z")
                ),
                (
                    JobKind::Survey,
                    Recipient::Student,
                    at("2030-06-06T17:00:00Z")
                ),
            ]
        );
    }

    #[test]
    fn a_booking_made_less_than_a_day_ahead_gets_no_day_before_reminder() {
        let kinds = |now_text: &str| -> Vec<JobKind> {
            plan_for(BookingChange::Booked, "2030-06-06T15:00:00Z", now_text)
                .send
                .iter()
                .map(|message| message.kind)
                .filter(|kind| kind.is_reminder())
                .collect()
        };
        assert_eq!(kinds("2030-06-05T15:00:00Z"), [JobKind::Reminder1h]);
        assert_eq!(kinds("2030-06-06T14:30:00Z"), []);
    }

    #[test]
    fn the_instructor_is_reminded_too_when_the_studio_asks_for_it() {
        let plan = plan_messages(
            BookingChange::Booked,
            PlannedBooking {
                start: at("2030-06-06T15:00:00Z"),
                end: at("2030-06-06T15:00:00Z") + Duration::hours(1),
                version: 0,
                booked_at: at("2030-06-01T00:00:00Z"),
                payment_deadline: None,
            },
            at("2030-06-03T09:00:00Z"),
            &MessageSettings {
                remind_instructor: true,
                ..MessageSettings::default()
            },
        );
        let instructor_reminders = plan
            .send
            .iter()
            .filter(|message| message.kind.is_reminder())
            .filter(|message| message.payload.to == Recipient::Instructor)
            .count();
        assert_eq!(instructor_reminders, 2);
    }

    #[test]
    fn a_move_replaces_the_reminders_with_ones_for_the_new_time_and_version() {
        let plan = plan_messages(
            BookingChange::Moved {
                previous_start: at("2030-06-06T15:00:00Z"),
            },
            PlannedBooking {
                start: at("2030-06-08T10:00:00Z"),
                end: at("2030-06-08T10:00:00Z") + Duration::hours(1),
                version: 1,
                booked_at: at("2030-06-01T00:00:00Z"),
                payment_deadline: None,
            },
            at("2030-06-04T09:00:00Z"),
            &MessageSettings::default(),
        );
        assert_eq!(
            plan.cancel,
            [
                JobKind::Reminder24h,
                JobKind::Reminder1h,
                JobKind::PaymentNudge,
                JobKind::Survey
            ]
        );
        assert_eq!(
            sent(&plan),
            [
                (
                    JobKind::Moved,
                    Recipient::Student,
                    at("2030-06-04T09:00:00Z")
                ),
                (
                    JobKind::Moved,
                    Recipient::Instructor,
                    at("2030-06-04T09:00:00Z")
                ),
                (
                    JobKind::Reminder24h,
                    Recipient::Student,
                    at("2030-06-07T10:00:00Z")
                ),
                (
                    JobKind::Reminder1h,
                    Recipient::Student,
                    at("2030-06-08T09:00:00Z")
                ),
                (
                    JobKind::Survey,
                    Recipient::Student,
                    at("2030-06-08T12:00:00Z")
                ),
            ]
        );
        assert!(plan.send.iter().all(|message| message.payload.version == 1
            && message.payload.previous_start == Some(at("2030-06-06T15:00:00Z"))));
        let keys: Vec<String> = plan
            .send
            .iter()
            .map(|message| message.dedupe_key(9).to_string())
            .collect();
        assert!(
            keys.contains(&"reminder_1h:student:9:1".to_owned()),
            "{keys:?}"
        );
    }

    #[test]
    fn a_refunded_late_payment_is_told_to_both_sides_at_once() {
        let plan = plan_for(
            BookingChange::LatePaymentRefunded,
            "2030-06-06T15:00:00Z",
            "2030-06-04T09:00:00Z",
        );
        assert!(plan.cancel.is_empty());
        assert_eq!(
            sent(&plan),
            [
                (
                    JobKind::LatePaymentRefunded,
                    Recipient::Student,
                    at("2030-06-04T09:00:00Z")
                ),
                (
                    JobKind::LatePaymentRefunded,
                    Recipient::Instructor,
                    at("2030-06-04T09:00:00Z")
                ),
            ]
        );
    }

    #[test]
    fn each_refund_made_is_told_to_the_student_once() {
        let plan = plan_for(
            BookingChange::Refunded { refund_id: 7 },
            "2030-06-06T15:00:00Z",
            "2030-06-04T09:00:00Z",
        );
        assert_eq!(
            sent(&plan),
            [(
                JobKind::Refunded,
                Recipient::Student,
                at("2030-06-04T09:00:00Z")
            )]
        );
        let second = plan_for(
            BookingChange::Refunded { refund_id: 8 },
            "2030-06-06T15:00:00Z",
            "2030-06-04T09:00:00Z",
        );
        assert_ne!(
            plan.send[0].dedupe_key(1),
            second.send[0].dedupe_key(1),
            "a second refund is told of too"
        );
        assert_eq!(plan.send[0].payload.refund, Some(7));
    }

    #[test]
    fn an_ending_tells_both_sides_and_drops_everything_still_to_come() {
        for (change, kind) in [
            (BookingChange::Cancelled, JobKind::Cancelled),
            (BookingChange::Rejected, JobKind::Rejected),
            (BookingChange::Expired, JobKind::Expired),
        ] {
            let plan = plan_for(change, "2030-06-06T15:00:00Z", "2030-06-04T09:00:00Z");
            assert_eq!(
                plan.cancel,
                [
                    JobKind::Reminder24h,
                    JobKind::Reminder1h,
                    JobKind::PaymentNudge,
                    JobKind::Survey
                ]
            );
            assert_eq!(
                sent(&plan),
                [
                    (kind, Recipient::Student, at("2030-06-04T09:00:00Z")),
                    (kind, Recipient::Instructor, at("2030-06-04T09:00:00Z")),
                ]
            );
        }
    }

    #[test]
    fn a_confirmed_payment_tells_the_student_and_stops_the_nudges() {
        let plan = plan_for(
            BookingChange::PaymentConfirmed,
            "2030-06-06T15:00:00Z",
            "2030-06-04T09:00:00Z",
        );
        assert_eq!(plan.cancel, [JobKind::PaymentNudge]);
        assert_eq!(
            sent(&plan),
            [(
                JobKind::PaymentConfirmed,
                Recipient::Student,
                at("2030-06-04T09:00:00Z")
            )]
        );
    }

    #[test]
    fn every_planned_message_of_a_change_has_its_own_key() {
        let plan = plan_messages(
            BookingChange::Booked,
            PlannedBooking {
                start: at("2030-06-06T15:00:00Z"),
                end: at("2030-06-06T15:00:00Z") + Duration::hours(1),
                version: 0,
                booked_at: at("2030-06-01T00:00:00Z"),
                payment_deadline: None,
            },
            at("2030-06-03T09:00:00Z"),
            &MessageSettings {
                remind_instructor: true,
                ..MessageSettings::default()
            },
        );
        let keys: std::collections::HashSet<DedupeKey> = plan
            .send
            .iter()
            .map(|message| message.dedupe_key(1))
            .collect();
        assert_eq!(keys.len(), plan.send.len());
    }

    fn form(contact_email: &str) -> MessageSettingsForm<'_> {
        MessageSettingsForm {
            contact_email,
            remind_instructor: true,
            send_survey: true,
            survey_delay_hours: "1",
            nudge_after_booking: "1, 24",
            nudge_before_deadline: "24",
        }
    }

    fn refused_fields(form: MessageSettingsForm<'_>) -> Vec<String> {
        MessageSettings::parse(form)
            .expect_err("refused")
            .0
            .into_iter()
            .map(|error| error.field)
            .collect()
    }

    #[test]
    fn a_blank_contact_email_means_the_accounts_and_a_bad_one_is_refused_by_field() {
        assert_eq!(
            MessageSettings::parse(form("  ")),
            Ok(MessageSettings {
                contact_email: None,
                remind_instructor: true,
                ..MessageSettings::default()
            })
        );
        let set = MessageSettings::parse(form(" Hello@Maple.example ")).expect("valid");
        assert_eq!(
            set.contact_email.as_ref().map(Email::as_str),
            Some("hello@maple.example")
        );
        assert_eq!(refused_fields(form("hello at maple")), ["contact_email"]);
    }

    #[test]
    fn the_survey_goes_an_hour_after_the_end_unless_the_studio_says_otherwise() {
        assert_eq!(
            MessageSettings::default().survey_after,
            SurveyDelay::from_hours(1)
        );
        let later = MessageSettings::parse(MessageSettingsForm {
            survey_delay_hours: " 48 ",
            ..form("")
        })
        .expect("valid");
        assert_eq!(later.survey_after.map(SurveyDelay::hours), Some(48));
        let off = MessageSettings::parse(MessageSettingsForm {
            send_survey: false,
            survey_delay_hours: "whenever",
            ..form("")
        })
        .expect("an unticked survey ignores its delay");
        assert_eq!(off.survey_after, None);
        for delay in ["", "-1", "169", "1.5", "soon"] {
            let fields = refused_fields(MessageSettingsForm {
                survey_delay_hours: delay,
                ..form("")
            });
            assert_eq!(fields, ["survey_delay_hours"], "{delay}");
        }
    }

    #[test]
    fn nudge_steps_are_hours_apart_by_commas_kept_in_order_and_bounded() {
        let set = MessageSettings::parse(MessageSettingsForm {
            nudge_after_booking: "48, 2,2 ,",
            nudge_before_deadline: "",
            ..form("")
        })
        .expect("valid");
        assert_eq!(set.nudges.after_booking, [2, 48]);
        assert!(set.nudges.before_deadline.is_empty(), "blank is no nudge");
        assert_eq!(NudgeSteps::label(&set.nudges.after_booking), "2, 48");
        for steps in ["0", "721", "1;24", "one", "1, 2, 3, 4, 5, 6"] {
            let fields = refused_fields(MessageSettingsForm {
                nudge_after_booking: steps,
                nudge_before_deadline: steps,
                ..form("")
            });
            assert_eq!(
                fields,
                ["nudge_after_booking", "nudge_before_deadline"],
                "{steps}"
            );
        }
        let message = MessageSettings::parse(MessageSettingsForm {
            nudge_after_booking: "1, soon",
            ..form("")
        })
        .expect_err("refused")
        .0
        .remove(0)
        .message;
        assert_eq!(
            message,
            "\"soon\" is not a number of hours from 1 to 720. Separate hours with commas, like 1, 24."
        );
    }

    #[test]
    fn the_studios_own_nudge_steps_decide_when_a_pending_payment_is_nudged() {
        let booked = at("2030-06-03T09:00:00Z");
        let deadline = at("2030-06-08T15:00:00Z");
        let steps = NudgeSteps {
            after_booking: vec![6],
            before_deadline: vec![2, 48],
        };
        assert_eq!(
            nudge_times(&steps, booked, deadline, booked),
            [
                at("2030-06-03T15:00:00Z"),
                at("2030-06-06T15:00:00Z"),
                at("2030-06-08T13:00:00Z")
            ]
        );
        let none = NudgeSteps {
            after_booking: Vec::new(),
            before_deadline: Vec::new(),
        };
        assert!(nudge_times(&none, booked, deadline, booked).is_empty());
    }

    #[test]
    fn a_survey_is_planned_after_the_end_and_dropped_when_the_studio_asks_none() {
        let booking = PlannedBooking {
            start: at("2030-06-06T15:00:00Z"),
            end: at("2030-06-06T16:30:00Z"),
            version: 0,
            booked_at: at("2030-06-01T00:00:00Z"),
            payment_deadline: None,
        };
        let survey_at = |settings: &MessageSettings| -> Vec<DateTime<Utc>> {
            plan_messages(
                BookingChange::Booked,
                booking,
                at("2030-06-03T09:00:00Z"),
                settings,
            )
            .send
            .iter()
            .filter(|message| message.kind == JobKind::Survey)
            .map(|message| message.run_at)
            .collect()
        };
        assert_eq!(
            survey_at(&MessageSettings::default()),
            [at("2030-06-06T17:30:00Z")]
        );
        let next_day = MessageSettings {
            survey_after: SurveyDelay::from_hours(24),
            ..MessageSettings::default()
        };
        assert_eq!(survey_at(&next_day), [at("2030-06-07T16:30:00Z")]);
        let off = MessageSettings {
            survey_after: None,
            ..MessageSettings::default()
        };
        assert!(survey_at(&off).is_empty());
    }

    #[test]
    fn a_survey_goes_only_for_a_session_that_took_place_at_its_planned_version() {
        let now = at("2030-06-06T17:30:00Z");
        let payload = JobPayload {
            to: Recipient::Student,
            version: 0,
            previous_start: None,
            step: None,
            refund: None,
            invoice: None,
        };
        let survey = JobKind::Survey;
        assert!(worth(survey, &payload, BookingState::Confirmed, 0, now));
        assert!(worth(survey, &payload, BookingState::Completed, 0, now));
        assert!(!worth(survey, &payload, BookingState::Completed, 1, now));
        assert!(!worth(survey, &payload, BookingState::NoShow, 0, now));
        let cancelled = BookingState::Cancelled {
            by: crate::lifecycle::Party::Instructor,
            at: now,
        };
        assert!(!worth(survey, &payload, cancelled, 0, now));
        let turned_off = MessageSettings {
            survey_after: None,
            ..MessageSettings::default()
        };
        assert!(
            !still_worth_sending(
                survey,
                &payload,
                BookingState::Completed,
                0,
                now,
                &turned_off
            ),
            "a survey queued before the studio turned it off is dropped"
        );
    }

    #[test]
    fn a_booking_waiting_for_payment_is_nudged_an_hour_and_a_day_after_and_a_day_before_the_deadline()
     {
        let booked = at("2030-06-03T09:00:00Z");
        let deadline = at("2030-06-08T15:00:00Z");
        assert_eq!(
            nudge_times(&NudgeSteps::default(), booked, deadline, booked),
            [
                at("2030-06-03T10:00:00Z"),
                at("2030-06-04T09:00:00Z"),
                at("2030-06-07T15:00:00Z")
            ]
        );
        assert_eq!(
            nudge_times(
                &NudgeSteps::default(),
                booked,
                at("2030-06-04T08:00:00Z"),
                booked
            ),
            [at("2030-06-03T08:00:00Z") + Duration::hours(2)],
            "only those after now and before the deadline"
        );
        assert!(
            nudge_times(
                &NudgeSteps::default(),
                booked,
                at("2030-06-03T09:30:00Z"),
                booked
            )
            .is_empty(),
            "a deadline within the hour leaves no time to nudge"
        );
        let plan = plan_messages(
            BookingChange::Booked,
            PlannedBooking {
                start: deadline,
                end: deadline + Duration::hours(1),
                version: 0,
                booked_at: booked,
                payment_deadline: Some(deadline),
            },
            booked,
            &MessageSettings::default(),
        );
        let keys: Vec<String> = plan
            .send
            .iter()
            .filter(|message| message.kind == JobKind::PaymentNudge)
            .map(|message| message.dedupe_key(5).to_string())
            .collect();
        assert_eq!(
            keys,
            [
                "payment_nudge:student:5:0:1",
                "payment_nudge:student:5:0:2",
                "payment_nudge:student:5:0:3"
            ]
        );
    }

    #[test]
    fn a_move_replans_the_nudges_still_ahead_and_a_payment_or_an_ending_stops_them() {
        let booked = at("2030-06-03T09:00:00Z");
        let moved = plan_messages(
            BookingChange::Moved {
                previous_start: at("2030-06-08T15:00:00Z"),
            },
            PlannedBooking {
                start: at("2030-06-10T15:00:00Z"),
                end: at("2030-06-10T15:00:00Z") + Duration::hours(1),
                version: 1,
                booked_at: booked,
                payment_deadline: Some(at("2030-06-10T15:00:00Z")),
            },
            at("2030-06-03T12:00:00Z"),
            &MessageSettings::default(),
        );
        assert!(moved.cancel.contains(&JobKind::PaymentNudge));
        let nudges: Vec<(Option<u32>, DateTime<Utc>)> = moved
            .send
            .iter()
            .filter(|message| message.kind == JobKind::PaymentNudge)
            .map(|message| (message.payload.step, message.run_at))
            .collect();
        assert_eq!(
            nudges,
            [
                (Some(2), at("2030-06-04T09:00:00Z")),
                (Some(3), at("2030-06-09T15:00:00Z"))
            ]
        );
        let now = at("2030-06-04T09:00:00Z");
        let payload = JobPayload {
            to: Recipient::Student,
            version: 0,
            previous_start: None,
            step: Some(2),
            refund: None,
            invoice: None,
        };
        let pending = BookingState::PaymentPending {
            deadline: at("2030-06-08T15:00:00Z"),
        };
        assert!(worth(JobKind::PaymentNudge, &payload, pending, 0, now));
        assert!(
            !worth(
                JobKind::PaymentNudge,
                &payload,
                BookingState::Confirmed,
                0,
                now
            ),
            "a paid booking is not nudged, even by a nudge its payment did not cancel in time"
        );
    }

    #[test]
    fn a_payload_reads_back_from_its_json() {
        let payload = JobPayload {
            to: Recipient::Instructor,
            version: 2,
            previous_start: Some(at("2030-06-06T15:00:00Z")),
            step: None,
            refund: None,
            invoice: None,
        };
        assert_eq!(JobPayload::from_json(&payload.to_json()), Ok(payload));
        let plain = JobPayload {
            previous_start: None,
            ..payload
        };
        assert_eq!(plain.to_json(), r#"{"to":"instructor","version":2}"#);
        assert!(JobPayload::from_json("{}").is_err());
    }

    #[test]
    fn a_reminder_goes_only_while_the_booking_keeps_its_seat_at_the_planned_version() {
        let now = at("2030-06-05T15:00:00Z");
        let payload = JobPayload {
            to: Recipient::Student,
            version: 1,
            previous_start: None,
            step: None,
            refund: None,
            invoice: None,
        };
        let reminder = JobKind::Reminder24h;
        assert!(worth(reminder, &payload, BookingState::Confirmed, 1, now));
        assert!(!worth(reminder, &payload, BookingState::Confirmed, 2, now));
        let pending = BookingState::PaymentPending {
            deadline: at("2030-06-06T15:00:00Z"),
        };
        assert!(worth(reminder, &payload, pending, 1, now));
        let overdue = BookingState::PaymentPending {
            deadline: at("2030-06-05T14:00:00Z"),
        };
        assert!(!worth(reminder, &payload, overdue, 1, now));
        let cancelled = BookingState::Cancelled {
            by: crate::lifecycle::Party::Student,
            at: now,
        };
        assert!(!worth(reminder, &payload, cancelled, 1, now));
        assert!(
            worth(JobKind::Cancelled, &payload, cancelled, 1, now),
            "news of a change always goes"
        );
    }
}
