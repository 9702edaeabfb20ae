//! The life of a booking, from a 15-minute hold to attendance.
//!
//! ```text
//! Held ──details──▶ PaymentPending ──paid──▶ Confirmed ──▶ Completed | NoShow
//!   │     (or straight to Confirmed when nothing is due now)
//!   ├──expire──▶ Expired ◀──deadline── PaymentPending ──reject──▶ Rejected
//!   └──cancel──▶ Cancelled ◀──cancel── PaymentPending, Confirmed
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long a hold keeps its seat while the student fills in the booking.
pub const HOLD_LENGTH_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    Student,
    Instructor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BookingState {
    Held { expires_at: DateTime<Utc> },
    PaymentPending { deadline: DateTime<Utc> },
    Confirmed,
    Completed,
    NoShow,
    Cancelled { by: Party, at: DateTime<Utc> },
    Rejected { at: DateTime<Utc> },
    Expired { at: DateTime<Utc> },
}

/// Something that happens to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BookingEvent {
    /// The student finished the form; `payment_deadline` is set when money is due before confirming.
    DetailsSubmitted {
        payment_deadline: Option<DateTime<Utc>>,
    },
    PaymentReceived,
    /// The hold or the payment deadline ran out.
    Expire,
    Cancel {
        by: Party,
    },
    /// The instructor turns down a pending booking.
    Reject,
    MarkCompleted,
    MarkNoShow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum IllegalTransition {
    #[error("the hold has expired; the seat was released")]
    HoldExpired,
    #[error("the payment arrived after its deadline; it must be refunded")]
    PaymentAfterDeadline,
    #[error("it has not expired yet")]
    NotYetExpired,
    #[error("attendance can be recorded only once the session has started")]
    SessionNotStarted,
    #[error("the session has already started; it can no longer be cancelled by the student")]
    SessionAlreadyStarted,
    #[error("the booking is no longer open; the payment must be refunded")]
    PaymentForClosedBooking,
    #[error("the time for changing this booking online has passed; contact the studio")]
    PastChangeCutoff,
    #[error("a payment deadline must be after now and no later than the session's start")]
    InvalidDeadline,
    #[error("a {state} booking cannot be {action}")]
    NotAllowed {
        state: &'static str,
        action: &'static str,
    },
}

/// When an event happens, and when the session starts.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub now: DateTime<Utc>,
    pub session_start: DateTime<Utc>,
}

/// What the instructor may do to a booking now, as its detail page offers it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructorActions {
    pub cancel: bool,
    pub reject: bool,
    /// Mark completed or no-show.
    pub record_attendance: bool,
    /// Record money received outside the app: it confirms a pending booking, and keeps a
    /// balance on one that goes ahead.
    pub record_payment: bool,
    pub move_to_another_time: bool,
}

impl InstructorActions {
    /// The actions the booking's state allows at `at.now`, by the same rules as
    /// [`BookingState::apply`].
    pub fn of(state: BookingState, at: Moment) -> Self {
        let allows = |event| state.apply(event, at).is_ok();
        let open = matches!(
            state,
            BookingState::Confirmed | BookingState::PaymentPending { .. }
        );
        Self {
            cancel: allows(BookingEvent::Cancel {
                by: Party::Instructor,
            }) && open,
            reject: allows(BookingEvent::Reject),
            record_attendance: allows(BookingEvent::MarkCompleted)
                || allows(BookingEvent::MarkNoShow),
            record_payment: state.after_payment_received(at).is_ok(),
            move_to_another_time: open && at.session_start > at.now,
        }
    }
}

impl BookingState {
    /// The state a booking made in one step starts in: waiting for its payment until
    /// `payment_deadline` when money is due before confirming, otherwise confirmed.
    pub fn first(payment_deadline: Option<DateTime<Utc>>) -> Self {
        match payment_deadline {
            Some(deadline) => BookingState::PaymentPending { deadline },
            None => BookingState::Confirmed,
        }
    }

    /// A new hold, taken at `now`.
    pub fn hold(now: DateTime<Utc>, length: Duration) -> Self {
        BookingState::Held {
            expires_at: now + length,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            BookingState::Held { .. } => "held",
            BookingState::PaymentPending { .. } => "payment_pending",
            BookingState::Confirmed => "confirmed",
            BookingState::Completed => "completed",
            BookingState::NoShow => "no_show",
            BookingState::Cancelled { .. } => "cancelled",
            BookingState::Rejected { .. } => "rejected",
            BookingState::Expired { .. } => "expired",
        }
    }

    /// The state after the instructor records money received outside the app: a pending booking
    /// is confirmed (before its deadline only, as a card payment would be); one that went ahead
    /// stays as it is and only its balance changes. Closed bookings take no payment.
    pub fn after_payment_received(self, at: Moment) -> Result<BookingState, IllegalTransition> {
        if self.is_settled() {
            Ok(self)
        } else {
            self.apply(BookingEvent::PaymentReceived, at)
        }
    }

    /// Whether the booking went ahead as booked: confirmed, and later completed or missed.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            BookingState::Confirmed | BookingState::Completed | BookingState::NoShow
        )
    }

    /// Whether the booking keeps its seat from others at `now`. Holds and pending payments keep
    /// it only until they run out, even before a sweeper marks them expired.
    pub fn occupies_seat_at(self, now: DateTime<Utc>) -> bool {
        match self {
            BookingState::Held { expires_at } => now < expires_at,
            BookingState::PaymentPending { deadline } => now < deadline,
            BookingState::Confirmed | BookingState::Completed | BookingState::NoShow => true,
            BookingState::Cancelled { .. }
            | BookingState::Rejected { .. }
            | BookingState::Expired { .. } => false,
        }
    }

    pub fn apply(self, event: BookingEvent, at: Moment) -> Result<BookingState, IllegalTransition> {
        use BookingEvent as E;
        use BookingState as S;
        let now = at.now;
        let refuse = |action: &'static str| IllegalTransition::NotAllowed {
            state: self.name(),
            action,
        };
        match (self, event) {
            (S::Held { expires_at }, E::DetailsSubmitted { payment_deadline }) => {
                if now >= expires_at {
                    return Err(IllegalTransition::HoldExpired);
                }
                if payment_deadline
                    .is_some_and(|deadline| deadline <= now || deadline > at.session_start)
                {
                    return Err(IllegalTransition::InvalidDeadline);
                }
                Ok(match payment_deadline {
                    Some(deadline) => S::PaymentPending { deadline },
                    None => S::Confirmed,
                })
            }
            (S::PaymentPending { deadline }, E::PaymentReceived) => {
                if now >= deadline {
                    Err(IllegalTransition::PaymentAfterDeadline)
                } else {
                    Ok(S::Confirmed)
                }
            }
            (S::Expired { .. }, E::PaymentReceived) => Err(IllegalTransition::PaymentAfterDeadline),
            (S::Cancelled { .. } | S::Rejected { .. }, E::PaymentReceived) => {
                Err(IllegalTransition::PaymentForClosedBooking)
            }
            (
                S::Held { .. } | S::PaymentPending { .. } | S::Confirmed,
                E::Cancel { by: Party::Student },
            ) if now >= at.session_start => Err(IllegalTransition::SessionAlreadyStarted),
            (S::Held { expires_at: until }, E::Expire)
            | (S::PaymentPending { deadline: until }, E::Expire) => {
                if now >= until {
                    Ok(S::Expired { at: now })
                } else {
                    Err(IllegalTransition::NotYetExpired)
                }
            }
            (S::Held { .. } | S::PaymentPending { .. } | S::Confirmed, E::Cancel { by }) => {
                Ok(S::Cancelled { by, at: now })
            }
            (S::PaymentPending { .. }, E::Reject) => Ok(S::Rejected { at: now }),
            (S::Confirmed, E::MarkCompleted | E::MarkNoShow) if now < at.session_start => {
                Err(IllegalTransition::SessionNotStarted)
            }
            (S::Confirmed | S::NoShow, E::MarkCompleted) => Ok(S::Completed),
            (S::Confirmed | S::Completed, E::MarkNoShow) => Ok(S::NoShow),
            (_, E::DetailsSubmitted { .. }) => Err(refuse("submitted")),
            (_, E::PaymentReceived) => Err(refuse("paid")),
            (_, E::Expire) => Err(refuse("expired")),
            (_, E::Cancel { .. }) => Err(refuse("cancelled")),
            (_, E::Reject) => Err(refuse("rejected")),
            (_, E::MarkCompleted) => Err(refuse("marked completed")),
            (_, E::MarkNoShow) => Err(refuse("marked as a no-show")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn at(now: &str) -> Moment {
        Moment {
            now: utc(now),
            session_start: utc("2026-12-01T10:00:00Z"),
        }
    }

    #[test]
    fn the_instructors_actions_follow_the_state_and_the_clock() {
        let before = at("2026-12-01T09:00:00Z");
        let after = at("2026-12-01T11:00:00Z");
        let confirmed = InstructorActions::of(BookingState::Confirmed, before);
        assert!(confirmed.cancel && confirmed.move_to_another_time);
        assert!(!confirmed.reject && !confirmed.record_attendance);
        assert!(
            confirmed.record_payment,
            "a balance can be paid on a confirmed booking"
        );
        let started = InstructorActions::of(BookingState::Confirmed, after);
        assert!(started.record_attendance && !started.move_to_another_time);
        let pending = InstructorActions::of(
            BookingState::PaymentPending {
                deadline: utc("2026-12-01T10:00:00Z"),
            },
            before,
        );
        assert!(pending.reject && pending.record_payment && pending.cancel);
        let overdue = InstructorActions::of(
            BookingState::PaymentPending {
                deadline: utc("2026-12-01T08:00:00Z"),
            },
            before,
        );
        assert!(
            !overdue.record_payment,
            "a payment after its deadline is not recorded"
        );
        let cancelled = InstructorActions::of(
            BookingState::Cancelled {
                by: Party::Student,
                at: utc("2026-11-30T00:00:00Z"),
            },
            before,
        );
        assert_eq!(cancelled, InstructorActions::default());
    }

    #[test]
    fn money_received_confirms_a_pending_booking_and_leaves_one_that_went_ahead_as_it_is() {
        let before = at("2026-12-01T09:00:00Z");
        let pending = BookingState::PaymentPending {
            deadline: utc("2026-12-01T10:00:00Z"),
        };
        assert_eq!(
            pending.after_payment_received(before),
            Ok(BookingState::Confirmed)
        );
        for settled in [
            BookingState::Confirmed,
            BookingState::Completed,
            BookingState::NoShow,
        ] {
            assert_eq!(settled.after_payment_received(before), Ok(settled));
        }
        let expired = BookingState::Expired {
            at: utc("2026-12-01T08:00:00Z"),
        };
        assert_eq!(
            expired.after_payment_received(before),
            Err(IllegalTransition::PaymentAfterDeadline)
        );
        let held = BookingState::hold(utc("2026-12-01T08:55:00Z"), Duration::minutes(15));
        assert!(held.after_payment_received(before).is_err());
    }

    #[test]
    fn a_booking_made_in_one_step_waits_for_its_payment_only_when_money_is_due() {
        let deadline = utc("2026-12-01T10:00:00Z");
        assert_eq!(
            BookingState::first(Some(deadline)),
            BookingState::PaymentPending { deadline }
        );
        assert_eq!(BookingState::first(None), BookingState::Confirmed);
    }

    #[test]
    fn a_hold_lasts_fifteen_minutes_and_then_frees_its_seat() {
        let held = BookingState::hold(
            utc("2026-11-20T10:00:00Z"),
            Duration::minutes(HOLD_LENGTH_MINUTES),
        );
        assert!(held.occupies_seat_at(utc("2026-11-20T10:14:59Z")));
        assert!(!held.occupies_seat_at(utc("2026-11-20T10:15:00Z")));
        assert_eq!(
            held.apply(BookingEvent::Expire, at("2026-11-20T10:10:00Z")),
            Err(IllegalTransition::NotYetExpired)
        );
        assert_eq!(
            held.apply(BookingEvent::Expire, at("2026-11-20T10:15:00Z")),
            Ok(BookingState::Expired {
                at: utc("2026-11-20T10:15:00Z")
            })
        );
    }

    #[test]
    fn submitting_details_confirms_or_waits_for_payment() {
        let held = BookingState::hold(utc("2026-11-20T10:00:00Z"), Duration::minutes(15));
        let moment = at("2026-11-20T10:05:00Z");
        assert_eq!(
            held.apply(
                BookingEvent::DetailsSubmitted {
                    payment_deadline: None
                },
                moment
            ),
            Ok(BookingState::Confirmed)
        );
        let deadline = utc("2026-11-21T10:00:00Z");
        let pending = held
            .apply(
                BookingEvent::DetailsSubmitted {
                    payment_deadline: Some(deadline),
                },
                moment,
            )
            .unwrap();
        assert_eq!(pending, BookingState::PaymentPending { deadline });
        assert!(pending.occupies_seat_at(utc("2026-11-21T09:59:00Z")));
        assert!(!pending.occupies_seat_at(deadline));
    }

    #[test]
    fn details_after_the_hold_ran_out_are_refused() {
        let held = BookingState::hold(utc("2026-11-20T10:00:00Z"), Duration::minutes(15));
        assert_eq!(
            held.apply(
                BookingEvent::DetailsSubmitted {
                    payment_deadline: None
                },
                at("2026-11-20T10:16:00Z")
            ),
            Err(IllegalTransition::HoldExpired)
        );
    }

    #[test]
    fn a_payment_after_the_deadline_must_be_refunded() {
        let pending = BookingState::PaymentPending {
            deadline: utc("2026-11-21T10:00:00Z"),
        };
        assert_eq!(
            pending.apply(BookingEvent::PaymentReceived, at("2026-11-21T09:00:00Z")),
            Ok(BookingState::Confirmed)
        );
        assert_eq!(
            pending.apply(BookingEvent::PaymentReceived, at("2026-11-21T10:00:00Z")),
            Err(IllegalTransition::PaymentAfterDeadline)
        );
        let expired = BookingState::Expired {
            at: utc("2026-11-21T10:00:00Z"),
        };
        assert_eq!(
            expired.apply(BookingEvent::PaymentReceived, at("2026-11-21T11:00:00Z")),
            Err(IllegalTransition::PaymentAfterDeadline)
        );
    }

    #[test]
    fn the_instructor_can_reject_only_pending_bookings() {
        let pending = BookingState::PaymentPending {
            deadline: utc("2026-11-21T10:00:00Z"),
        };
        assert_eq!(
            pending.apply(BookingEvent::Reject, at("2026-11-20T12:00:00Z")),
            Ok(BookingState::Rejected {
                at: utc("2026-11-20T12:00:00Z")
            })
        );
        assert!(matches!(
            BookingState::Confirmed.apply(BookingEvent::Reject, at("2026-11-20T12:00:00Z")),
            Err(IllegalTransition::NotAllowed {
                state: "confirmed",
                action: "rejected"
            })
        ));
    }

    #[test]
    fn cancelling_records_who_and_when_and_frees_the_seat() {
        let cancelled = BookingState::Confirmed
            .apply(
                BookingEvent::Cancel { by: Party::Student },
                at("2026-11-25T08:00:00Z"),
            )
            .unwrap();
        assert_eq!(
            cancelled,
            BookingState::Cancelled {
                by: Party::Student,
                at: utc("2026-11-25T08:00:00Z")
            }
        );
        assert!(!cancelled.occupies_seat_at(utc("2026-11-25T08:00:00Z")));
        assert!(
            cancelled
                .apply(
                    BookingEvent::Cancel {
                        by: Party::Instructor
                    },
                    at("2026-11-25T09:00:00Z")
                )
                .is_err()
        );
    }

    #[test]
    fn students_cannot_cancel_once_the_session_started_but_the_instructor_can() {
        let started = at("2026-12-01T10:30:00Z");
        assert_eq!(
            BookingState::Confirmed.apply(BookingEvent::Cancel { by: Party::Student }, started),
            Err(IllegalTransition::SessionAlreadyStarted)
        );
        assert!(
            BookingState::Confirmed
                .apply(
                    BookingEvent::Cancel {
                        by: Party::Instructor
                    },
                    started
                )
                .is_ok()
        );
    }

    #[test]
    fn a_payment_for_a_cancelled_or_rejected_booking_must_be_refunded() {
        let moment = at("2026-11-21T09:00:00Z");
        for closed in [
            BookingState::Cancelled {
                by: Party::Student,
                at: utc("2026-11-20T09:00:00Z"),
            },
            BookingState::Rejected {
                at: utc("2026-11-20T09:00:00Z"),
            },
        ] {
            assert_eq!(
                closed.apply(BookingEvent::PaymentReceived, moment),
                Err(IllegalTransition::PaymentForClosedBooking)
            );
        }
    }

    #[test]
    fn a_payment_deadline_must_lie_between_now_and_the_session() {
        let held = BookingState::hold(utc("2026-11-20T10:00:00Z"), Duration::minutes(15));
        let moment = at("2026-11-20T10:05:00Z");
        for deadline in ["2026-11-20T10:00:00Z", "2026-12-02T00:00:00Z"] {
            assert_eq!(
                held.apply(
                    BookingEvent::DetailsSubmitted {
                        payment_deadline: Some(utc(deadline))
                    },
                    moment
                ),
                Err(IllegalTransition::InvalidDeadline),
                "{deadline}"
            );
        }
    }

    #[test]
    fn attendance_is_recorded_only_after_the_start() {
        assert_eq!(
            BookingState::Confirmed.apply(BookingEvent::MarkCompleted, at("2026-12-01T09:00:00Z")),
            Err(IllegalTransition::SessionNotStarted)
        );
        assert_eq!(
            BookingState::Confirmed.apply(BookingEvent::MarkNoShow, at("2026-12-01T10:05:00Z")),
            Ok(BookingState::NoShow)
        );
        assert_eq!(
            BookingState::NoShow.apply(BookingEvent::MarkCompleted, at("2026-12-01T12:00:00Z")),
            Ok(BookingState::Completed)
        );
        assert!(
            BookingState::Cancelled {
                by: Party::Student,
                at: utc("2026-11-25T08:00:00Z")
            }
            .apply(BookingEvent::MarkCompleted, at("2026-12-01T12:00:00Z"))
            .is_err()
        );
    }

    #[test]
    fn every_event_on_every_state_answers_without_panicking() {
        let now = utc("2026-11-20T10:00:00Z");
        let states = [
            BookingState::Held { expires_at: now },
            BookingState::PaymentPending { deadline: now },
            BookingState::Confirmed,
            BookingState::Completed,
            BookingState::NoShow,
            BookingState::Cancelled {
                by: Party::Instructor,
                at: now,
            },
            BookingState::Rejected { at: now },
            BookingState::Expired { at: now },
        ];
        let events = [
            BookingEvent::DetailsSubmitted {
                payment_deadline: None,
            },
            BookingEvent::PaymentReceived,
            BookingEvent::Expire,
            BookingEvent::Cancel { by: Party::Student },
            BookingEvent::Reject,
            BookingEvent::MarkCompleted,
            BookingEvent::MarkNoShow,
        ];
        let mut allowed = 0;
        for state in states {
            for event in events {
                if state.apply(event, at("2026-12-02T00:00:00Z")).is_ok() {
                    allowed += 1;
                }
            }
        }
        // After the session started: Held: expire. Pending: expire, reject. Confirmed: complete,
        // no-show. Completed: no-show. NoShow: complete. (Students can no longer cancel.)
        assert_eq!(allowed, 7);
    }
}
