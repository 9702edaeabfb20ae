//! A card payment taken through Stripe (a PaymentIntent) and what it does to its booking once
//! Stripe says how it went: the rule the webhook, the student's return to the page and the
//! periodic reconciliation all apply, so whichever arrives first settles it and the others
//! find it settled.

use crate::FieldError;
use crate::booking::PaymentChoice;
use crate::lifecycle::BookingState;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a card payment is in our books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardPaymentStatus {
    /// Created at Stripe; the student has not paid (or their card was declined: they may try
    /// again on the same PaymentIntent).
    Pending,
    /// Paid, and counted for its booking.
    Succeeded,
    /// Paid after its booking had ended (expired, rejected, cancelled): the money goes back.
    RefundDue,
    Refunded,
    /// Never paid, and cancelled at Stripe once its booking ended, so it cannot be paid later.
    Canceled,
}

impl CardPaymentStatus {
    pub const ALL: [CardPaymentStatus; 5] = [
        CardPaymentStatus::Pending,
        CardPaymentStatus::Succeeded,
        CardPaymentStatus::RefundDue,
        CardPaymentStatus::Refunded,
        CardPaymentStatus::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardPaymentStatus::Pending => "pending",
            CardPaymentStatus::Succeeded => "succeeded",
            CardPaymentStatus::RefundDue => "refund_due",
            CardPaymentStatus::Refunded => "refunded",
            CardPaymentStatus::Canceled => "canceled",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// What settling a PaymentIntent that Stripe reports as succeeded does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settlement {
    /// The booking was waiting for this payment: it is confirmed, and the payment counted.
    ConfirmsBooking,
    /// The booking is already confirmed (e.g. the instructor recorded cash meanwhile): the
    /// payment is counted and the booking left as it is.
    CountsTowardsConfirmedBooking,
    /// The booking ended (or its payment deadline passed, which ends it) before the money
    /// arrived: its seat may be someone else's now, so it is not confirmed and the payment is
    /// refunded.
    RefundsLatePayment,
    /// An earlier webhook, return or reconciliation settled it already: nothing changes.
    AlreadySettled,
}

impl Settlement {
    /// The payment's status once settled.
    pub fn payment_status(self, current: CardPaymentStatus) -> CardPaymentStatus {
        match self {
            Settlement::ConfirmsBooking | Settlement::CountsTowardsConfirmedBooking => {
                CardPaymentStatus::Succeeded
            }
            Settlement::RefundsLatePayment => CardPaymentStatus::RefundDue,
            Settlement::AlreadySettled => current,
        }
    }
}

/// How a succeeded PaymentIntent settles at `now`, given its payment's status and its
/// booking's state as they are read inside the settling transaction.
pub fn settle_succeeded(
    payment: CardPaymentStatus,
    booking: BookingState,
    now: DateTime<Utc>,
) -> Settlement {
    if payment != CardPaymentStatus::Pending {
        return Settlement::AlreadySettled;
    }
    match booking {
        BookingState::PaymentPending { deadline } if now < deadline => Settlement::ConfirmsBooking,
        BookingState::Confirmed | BookingState::Completed | BookingState::NoShow => {
            Settlement::CountsTowardsConfirmedBooking
        }
        BookingState::PaymentPending { .. }
        | BookingState::Held { .. }
        | BookingState::Cancelled { .. }
        | BookingState::Rejected { .. }
        | BookingState::Expired { .. } => Settlement::RefundsLatePayment,
    }
}

/// Why a booking cannot be paid by card now: what its payment link says instead of a card form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PayRefusal {
    #[error("This booking is not paid by card.")]
    NotByCard,
    #[error("This booking is paid already.")]
    AlreadyPaid,
    #[error(
        "The time to pay for this booking ran out, and its spot was released for others. Pick a time again."
    )]
    DeadlinePassed,
    #[error("The studio declined this booking, so it can no longer be paid.")]
    Rejected,
    #[error("This booking was cancelled, so it can no longer be paid.")]
    Cancelled,
    #[error("Fill in your details to book this time first.")]
    NotBooked,
}

/// Whether a booking may be paid by card at `now`: only one waiting for a card payment,
/// before its deadline. The same rule closes the payment link once the booking is paid,
/// rejected, cancelled or past its deadline (even before the sweeper records the expiry).
pub fn may_pay_by_card(
    choice: Option<PaymentChoice>,
    state: BookingState,
    now: DateTime<Utc>,
) -> Result<(), PayRefusal> {
    match state {
        BookingState::PaymentPending { .. } if choice != Some(PaymentChoice::Card) => {
            Err(PayRefusal::NotByCard)
        }
        BookingState::PaymentPending { deadline } if now < deadline => Ok(()),
        BookingState::PaymentPending { .. } | BookingState::Expired { .. } => {
            Err(PayRefusal::DeadlinePassed)
        }
        BookingState::Confirmed | BookingState::Completed | BookingState::NoShow => {
            Err(PayRefusal::AlreadyPaid)
        }
        BookingState::Rejected { .. } => Err(PayRefusal::Rejected),
        BookingState::Cancelled { .. } => Err(PayRefusal::Cancelled),
        BookingState::Held { .. } => Err(PayRefusal::NotBooked),
    }
}

/// Which PaymentIntent a card payment goes through, given the booking's payments so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntentPlan {
    /// The latest attempt is still open at Stripe: a declined card is tried again on it.
    Reuse { attempt: u32 },
    /// None is open: a new one, with the next attempt number (and so a new idempotency key).
    Create { attempt: u32 },
}

/// Reuses the latest pending payment, or plans the next attempt.
pub fn intent_plan(payments: &[(u32, CardPaymentStatus)]) -> IntentPlan {
    let latest = payments.iter().max_by_key(|(attempt, _)| *attempt);
    match latest {
        Some((attempt, CardPaymentStatus::Pending)) => IntentPlan::Reuse { attempt: *attempt },
        Some((attempt, _)) => IntentPlan::Create {
            attempt: attempt + 1,
        },
        None => IntentPlan::Create { attempt: 1 },
    }
}

/// A card token made by Stripe.js in the student's browser (`tok_…`): the card's number never
/// reaches our server, only this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardToken(String);

impl CardToken {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        let well_formed = raw.len() <= 255
            && raw
                .strip_prefix("tok_")
                .is_some_and(|rest| !rest.is_empty())
            && raw
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
        if well_formed {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FieldError::new(
                "card",
                "Your card details did not reach Stripe. Enter them again.",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A pending payment's PaymentIntent as the reconciliation finds it at Stripe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntentSeen {
    Succeeded,
    /// Waiting for a card, a confirmation or 3-D Secure: it could still be paid.
    Open,
    /// Stripe is still deciding.
    Processing,
    Canceled,
}

/// What the periodic reconciliation does with a payment still pending in our books.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reconciliation {
    /// Paid: settle it as a webhook would have (its webhook was lost or is late).
    Settle,
    /// Its booking can no longer be paid: cancel it at Stripe, so no card is charged later.
    CancelAtStripe,
    /// Cancelled at Stripe: close it in our books too.
    MarkCanceled,
    /// Nothing yet: ask again at the time `next_check` gives.
    CheckLater,
}

pub fn reconcile(seen: IntentSeen, booking_still_payable: bool) -> Reconciliation {
    match seen {
        IntentSeen::Succeeded => Reconciliation::Settle,
        IntentSeen::Canceled => Reconciliation::MarkCanceled,
        IntentSeen::Open if !booking_still_payable => Reconciliation::CancelAtStripe,
        IntentSeen::Open | IntentSeen::Processing => Reconciliation::CheckLater,
    }
}

/// When a pending payment is next asked about: soon after it is made (a student's webhook
/// lost minutes ago matters most), then less and less often as it ages, at least every six
/// hours, so a studio's forgotten payments never crowd out fresh ones. A booking waiting for
/// its payment until `deadline` is asked about once more just before it: a payment Stripe took
/// in time, whose webhook was lost, confirms the booking instead of being refunded as late.
pub fn next_check(
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
    deadline: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let age = (now - created_at).max(chrono::Duration::zero());
    let wait = (age / 4).clamp(chrono::Duration::minutes(1), chrono::Duration::hours(6));
    let last_call = deadline
        .map(|deadline| deadline - LAST_CHECK_BEFORE_DEADLINE)
        .filter(|last_call| *last_call > now);
    match last_call {
        Some(last_call) => (now + wait).min(last_call),
        None => now + wait,
    }
}

/// How long before a payment deadline the last check of its payment is made.
pub const LAST_CHECK_BEFORE_DEADLINE: chrono::Duration = chrono::Duration::minutes(2);

/// When a refund Stripe did not make is tried again, `attempts` tries after the first: a
/// minute, then doubling, at most every six hours. It is never given up: the payments page
/// shows it as due until Stripe takes it.
pub fn next_refund_try(attempts: u32, now: DateTime<Utc>) -> DateTime<Utc> {
    let minutes = 1_i64 << attempts.min(9);
    now + chrono::Duration::minutes(minutes).min(chrono::Duration::hours(6))
}

/// The idempotency key of a booking's `attempt`-th PaymentIntent in one installation (its
/// database): the same booking and attempt make the same key, so a repeated create (a retry
/// after a timeout, a double tap) gets the same PaymentIntent back from Stripe (which keeps
/// keys for 24 hours) instead of a second charge; another installation on the same Stripe
/// account never shares a key.
pub fn payment_intent_key(installation: &str, booking_id: i64, attempt: u32) -> String {
    format!("bookable-{installation}-booking-{booking_id}-payment-{attempt}")
}

/// The idempotency key of the refund of a card payment: refunding it again (a retry after a
/// lost answer, two processes at once) never returns the money twice.
pub fn refund_key(installation: &str, payment_id: i64) -> String {
    format!("bookable-{installation}-refund-{payment_id}")
}

/// The idempotency key of one recorded refund (by policy or by the instructor): the same
/// refund asked of Stripe again is made once.
pub fn refund_key_of(installation: &str, refund_id: i64) -> String {
    format!("bookable-{installation}-refund-record-{refund_id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::Party;
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_pending_payment_confirms_the_booking_waiting_for_it() {
        let deadline = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        let settled = settle_succeeded(
            CardPaymentStatus::Pending,
            BookingState::PaymentPending { deadline },
            deadline - chrono::Duration::seconds(1),
        );
        assert_eq!(settled, Settlement::ConfirmsBooking);
        assert_eq!(
            settled.payment_status(CardPaymentStatus::Pending),
            CardPaymentStatus::Succeeded
        );
    }

    #[test]
    fn a_payment_arriving_after_its_booking_ended_is_refunded() {
        let at = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        for ended in [
            BookingState::Expired { at },
            BookingState::Rejected { at },
            BookingState::Cancelled {
                by: Party::Student,
                at,
            },
        ] {
            let settled = settle_succeeded(CardPaymentStatus::Pending, ended, at);
            assert_eq!(settled, Settlement::RefundsLatePayment, "{ended:?}");
            assert_eq!(
                settled.payment_status(CardPaymentStatus::Pending),
                CardPaymentStatus::RefundDue
            );
        }
    }

    #[test]
    fn a_payment_arriving_at_or_after_its_deadline_is_refunded_even_before_the_sweep() {
        let deadline = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        let waiting = BookingState::PaymentPending { deadline };
        for now in [deadline, deadline + chrono::Duration::minutes(1)] {
            assert_eq!(
                settle_succeeded(CardPaymentStatus::Pending, waiting, now),
                Settlement::RefundsLatePayment,
                "{now}"
            );
        }
    }

    #[test]
    fn a_payment_settles_once_whatever_reports_it_again() {
        let now = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        for status in [
            CardPaymentStatus::Succeeded,
            CardPaymentStatus::RefundDue,
            CardPaymentStatus::Refunded,
        ] {
            assert_eq!(
                settle_succeeded(status, BookingState::Confirmed, now),
                Settlement::AlreadySettled
            );
            assert_eq!(Settlement::AlreadySettled.payment_status(status), status);
        }
        assert_eq!(
            settle_succeeded(CardPaymentStatus::Pending, BookingState::Confirmed, now),
            Settlement::CountsTowardsConfirmedBooking
        );
    }

    #[test]
    fn the_same_booking_and_attempt_always_make_the_same_idempotency_key() {
        let key = |booking, attempt| payment_intent_key("k3y", booking, attempt);
        assert_eq!(key(42, 1), key(42, 1));
        assert_ne!(key(42, 1), key(42, 2));
        assert_ne!(key(42, 1), key(4, 21));
        assert_ne!(key(42, 1), payment_intent_key("other", 42, 1));
        for status in CardPaymentStatus::ALL {
            assert_eq!(
                CardPaymentStatus::from_stored(status.as_str()),
                Some(status)
            );
        }
    }

    #[test]
    fn only_a_booking_waiting_for_its_card_payment_may_be_paid_and_only_before_its_deadline() {
        let deadline = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        let before = deadline - chrono::Duration::seconds(1);
        let waiting = BookingState::PaymentPending { deadline };
        let card = Some(PaymentChoice::Card);
        assert_eq!(may_pay_by_card(card, waiting, before), Ok(()));
        assert_eq!(
            may_pay_by_card(card, waiting, deadline),
            Err(PayRefusal::DeadlinePassed)
        );
        assert_eq!(
            may_pay_by_card(Some(PaymentChoice::ByCheck), waiting, before),
            Err(PayRefusal::NotByCard)
        );
        let at = deadline;
        for (state, refusal) in [
            (BookingState::Confirmed, PayRefusal::AlreadyPaid),
            (BookingState::Rejected { at }, PayRefusal::Rejected),
            (
                BookingState::Cancelled {
                    by: Party::Instructor,
                    at,
                },
                PayRefusal::Cancelled,
            ),
            (BookingState::Expired { at }, PayRefusal::DeadlinePassed),
            (BookingState::Held { expires_at: at }, PayRefusal::NotBooked),
        ] {
            assert_eq!(
                may_pay_by_card(card, state, before),
                Err(refusal),
                "{state:?}"
            );
        }
    }

    #[test]
    fn a_declined_card_is_tried_again_on_the_open_payment_intent_and_a_closed_one_is_never_reused()
    {
        assert_eq!(intent_plan(&[]), IntentPlan::Create { attempt: 1 });
        assert_eq!(
            intent_plan(&[(1, CardPaymentStatus::Pending)]),
            IntentPlan::Reuse { attempt: 1 }
        );
        assert_eq!(
            intent_plan(&[
                (2, CardPaymentStatus::Refunded),
                (1, CardPaymentStatus::Pending)
            ]),
            IntentPlan::Create { attempt: 3 }
        );
    }

    #[test]
    fn only_a_stripe_card_token_is_taken_as_one() {
        assert_eq!(
            CardToken::parse(" tok_1AbC ").map(|token| token.as_str().to_owned()),
            Ok("tok_1AbC".to_owned())
        );
        for bad in ["", "tok_", "pm_card_visa", "tok_a&b=c", "4242424242424242"] {
            assert!(CardToken::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_reconciliation_settles_what_stripe_took_and_closes_what_can_no_longer_be_paid() {
        assert_eq!(
            reconcile(IntentSeen::Succeeded, false),
            Reconciliation::Settle
        );
        assert_eq!(
            reconcile(IntentSeen::Succeeded, true),
            Reconciliation::Settle
        );
        assert_eq!(
            reconcile(IntentSeen::Open, false),
            Reconciliation::CancelAtStripe
        );
        assert_eq!(
            reconcile(IntentSeen::Open, true),
            Reconciliation::CheckLater
        );
        assert_eq!(
            reconcile(IntentSeen::Processing, false),
            Reconciliation::CheckLater
        );
        assert_eq!(
            reconcile(IntentSeen::Canceled, true),
            Reconciliation::MarkCanceled
        );
    }

    #[test]
    fn a_pending_payment_is_asked_about_soon_then_less_often_but_at_least_every_six_hours() {
        let made = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        let minutes = |m| chrono::Duration::minutes(m);
        assert_eq!(next_check(made, made, None), made + minutes(1));
        assert_eq!(
            next_check(made, made + minutes(40), None),
            made + minutes(50)
        );
        let old = made + chrono::Duration::days(30);
        assert_eq!(
            next_check(made, old, None),
            old + chrono::Duration::hours(6)
        );
    }

    #[test]
    fn a_pending_payment_is_asked_about_once_more_just_before_its_deadline() {
        let made = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        let minutes = |m| chrono::Duration::minutes(m);
        let deadline = made + chrono::Duration::hours(48);
        let late = made + chrono::Duration::hours(44);
        assert_eq!(
            next_check(made, late, Some(deadline)),
            deadline - LAST_CHECK_BEFORE_DEADLINE,
            "six hours later would be after the deadline"
        );
        assert_eq!(next_check(made, made, Some(deadline)), made + minutes(1));
        let last_call = deadline - minutes(1);
        assert_eq!(
            next_check(made, last_call, Some(deadline)),
            last_call + chrono::Duration::hours(6),
            "past the last call, it is asked about as any other"
        );
    }

    #[test]
    fn a_refund_stripe_did_not_make_is_tried_again_less_and_less_often() {
        let now = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        let minutes = |m| chrono::Duration::minutes(m);
        assert_eq!(next_refund_try(0, now), now + minutes(1));
        assert_eq!(next_refund_try(3, now), now + minutes(8));
        assert_eq!(next_refund_try(40, now), now + chrono::Duration::hours(6));
    }
}
