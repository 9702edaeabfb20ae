//! A card payment taken through Stripe (a PaymentIntent) and what it does to its booking once
//! Stripe says how it went: the rule the webhook, the student's return to the page and the
//! periodic reconciliation all apply, so whichever arrives first settles it and the others
//! find it settled.

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
}

impl CardPaymentStatus {
    pub const ALL: [CardPaymentStatus; 4] = [
        CardPaymentStatus::Pending,
        CardPaymentStatus::Succeeded,
        CardPaymentStatus::RefundDue,
        CardPaymentStatus::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardPaymentStatus::Pending => "pending",
            CardPaymentStatus::Succeeded => "succeeded",
            CardPaymentStatus::RefundDue => "refund_due",
            CardPaymentStatus::Refunded => "refunded",
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

/// The idempotency key of a booking's `attempt`-th PaymentIntent in one installation (its
/// database): the same booking and attempt make the same key, so a repeated create (a retry
/// after a timeout, a double tap) gets the same PaymentIntent back from Stripe (which keeps
/// keys for 24 hours) instead of a second charge; another installation on the same Stripe
/// account never shares a key.
pub fn payment_intent_key(installation: &str, booking_id: i64, attempt: u32) -> String {
    format!("bookable-{installation}-booking-{booking_id}-payment-{attempt}")
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
}
