//! What a cancelled booking gives back (issue 13, groundwork): a session type's refund policy
//! applied to what the student paid, and the bound no refund may pass, whoever asks for it.

use crate::FieldError;
use crate::lifecycle::Party;
use crate::money::Money;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What a student who cancels late (inside the full-refund window) gets back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LateCancellation {
    /// Everything paid but the retainer.
    KeepRetainer,
    /// Nothing.
    KeepEverything,
}

/// A session type's refund policy: everything paid comes back to a student who cancels at
/// least `full_refund_hours` before the start; later, `late` says what does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundPolicy {
    pub full_refund_hours: u32,
    pub late: LateCancellation,
}

impl Default for RefundPolicy {
    fn default() -> Self {
        Self {
            full_refund_hours: 24,
            late: LateCancellation::KeepRetainer,
        }
    }
}

impl LateCancellation {
    /// The stored and form name.
    pub fn as_str(self) -> &'static str {
        match self {
            LateCancellation::KeepRetainer => "keep_retainer",
            LateCancellation::KeepEverything => "keep_everything",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        [
            LateCancellation::KeepRetainer,
            LateCancellation::KeepEverything,
        ]
        .into_iter()
        .find(|late| late.as_str() == text)
    }
}

impl RefundPolicy {
    /// At most 30 days before the start.
    pub const MAX_HOURS: u32 = 24 * 30;

    /// The session type form's fields: hours (blank: 24) and `keep_retainer` (or blank) or
    /// `keep_everything`.
    pub fn parse_form(full_refund_hours: &str, late: &str) -> Result<Self, FieldError> {
        let keep_retainer = match late.trim() {
            "" | "keep_retainer" => true,
            "keep_everything" => false,
            _ => {
                return Err(FieldError::new(
                    "late_refund",
                    "Choose what a late cancellation gets back.",
                ));
            }
        };
        Self::parse(full_refund_hours, keep_retainer)
    }

    /// The policy form's `full_refund_hours` (blank: 24) and whether the retainer is kept.
    pub fn parse(full_refund_hours: &str, keep_retainer: bool) -> Result<Self, FieldError> {
        let raw = full_refund_hours.trim();
        let hours = if raw.is_empty() {
            24
        } else {
            raw.parse::<u32>()
                .ok()
                .filter(|hours| *hours <= Self::MAX_HOURS)
                .ok_or_else(|| {
                    FieldError::new(
                        "full_refund_hours",
                        format!(
                            "Enter a whole number of hours from 0 to {}.",
                            Self::MAX_HOURS
                        ),
                    )
                })?
        };
        Ok(Self {
            full_refund_hours: hours,
            late: if keep_retainer {
                LateCancellation::KeepRetainer
            } else {
                LateCancellation::KeepEverything
            },
        })
    }

    /// What goes back when `by` cancels at `now` a session starting at `start`, of which
    /// `payments` were paid with `retainer` of them taken at booking. An instructor who cancels
    /// gives everything back; so does a student who cancels in time.
    pub fn refund_on_cancel(
        self,
        payments: Payments,
        retainer: Money,
        by: Party,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Money {
        let refundable = payments.refundable();
        let in_time = now <= start - Duration::hours(i64::from(self.full_refund_hours));
        if by == Party::Instructor || in_time {
            return refundable;
        }
        match self.late {
            LateCancellation::KeepEverything => Money::zero(refundable.currency()),
            LateCancellation::KeepRetainer => {
                // Everything but the retainer is due back, less what was given back already.
                let kept = retainer.minor_units().min(payments.paid.minor_units());
                let back =
                    (payments.paid.minor_units() - kept - payments.refunded.minor_units()).max(0);
                Money::from_minor_units(back, refundable.currency())
                    .unwrap_or_else(|| Money::zero(refundable.currency()))
            }
        }
    }
}

/// What a booking's student paid and what was given back, in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payments {
    pub paid: Money,
    pub refunded: Money,
}

/// Why a refund cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefundRefused {
    #[error("Enter an amount above zero.")]
    Nothing,
    #[error("A refund is in the currency of the payment.")]
    OtherCurrency,
    #[error("At most {0} can be refunded: that is what was paid and not yet given back.")]
    MoreThanPaid(String),
}

impl Payments {
    /// What can still be given back.
    pub fn refundable(self) -> Money {
        let left = (self.paid.minor_units() - self.refunded.minor_units()).max(0);
        Money::from_minor_units(left, self.paid.currency())
            .unwrap_or_else(|| Money::zero(self.paid.currency()))
    }

    /// `amount` if it can be refunded: above zero, in the payment's currency, and never more
    /// than was paid and not refunded yet (the instructor may give back more than the policy
    /// says, never more than that).
    pub fn check_refund(self, amount: Money) -> Result<Money, RefundRefused> {
        if amount.currency() != self.paid.currency() {
            return Err(RefundRefused::OtherCurrency);
        }
        if amount.minor_units() <= 0 {
            return Err(RefundRefused::Nothing);
        }
        let refundable = self.refundable();
        if amount.minor_units() > refundable.minor_units() {
            return Err(RefundRefused::MoreThanPaid(refundable.to_string()));
        }
        Ok(amount)
    }
}

/// Why money went back to a student's card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundReason {
    /// The booking was cancelled: what its refund policy gives back.
    Cancelled,
    /// The instructor gave money back of their own accord.
    ByInstructor,
}

impl RefundReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundReason::Cancelled => "cancelled",
            RefundReason::ByInstructor => "by_instructor",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        [RefundReason::Cancelled, RefundReason::ByInstructor]
            .into_iter()
            .find(|reason| reason.as_str() == text)
    }
}

/// Whether Stripe has made a refund yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundStatus {
    /// Recorded and owed: the sweep asks Stripe to make it until it does.
    Due,
    Refunded,
}

impl RefundStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundStatus::Due => "due",
            RefundStatus::Refunded => "refunded",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        [RefundStatus::Due, RefundStatus::Refunded]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// One card payment of a booking as refunds see it: what it took and what of it went back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundablePayment {
    pub id: i64,
    pub paid: Payments,
}

/// What a booking's card payments took and gave back, all together.
pub fn total_of(payments: &[RefundablePayment], currency: crate::money::Currency) -> Payments {
    let sum = |minor: fn(&RefundablePayment) -> i64| {
        let total: i64 = payments.iter().map(minor).sum();
        Money::from_minor_units(total, currency).unwrap_or_else(|| Money::zero(currency))
    };
    Payments {
        paid: sum(|payment| payment.paid.paid.minor_units()),
        refunded: sum(|payment| payment.paid.refunded.minor_units()),
    }
}

/// Splits a refund of `amount` over the booking's card payments, the latest first, each giving
/// back at most what it took and has not given back: `(payment id, amount)` pairs. Refused as
/// [`Payments::check_refund`] refuses it, over all of them together.
pub fn split_refund(
    amount: Money,
    payments: &[RefundablePayment],
) -> Result<Vec<(i64, Money)>, RefundRefused> {
    total_of(payments, amount.currency()).check_refund(amount)?;
    let mut left = amount.minor_units();
    let mut parts = Vec::new();
    let mut latest_first: Vec<&RefundablePayment> = payments.iter().collect();
    latest_first.sort_by_key(|payment| std::cmp::Reverse(payment.id));
    for payment in latest_first {
        if left == 0 {
            break;
        }
        let take = payment.paid.refundable().minor_units().min(left);
        if take > 0 {
            left -= take;
            if let Some(part) = Money::from_minor_units(take, amount.currency()) {
                parts.push((payment.id, part));
            }
        }
    }
    Ok(parts)
}

/// What the student's booking page says cancelling now gives back of `left`, what their card
/// payments have not given back yet (`back` of it, by the refund policy); nothing when no card
/// paid.
pub fn cancel_note(back: Money, left: Money) -> Option<String> {
    if left.is_zero() {
        return None;
    }
    Some(if back == left {
        format!("Cancelling now gives back all {left} you paid by card.")
    } else if back.is_zero() {
        format!(
            "Cancelling now gives nothing back: the {left} you paid by card is kept, as the studio's refund policy says."
        )
    } else {
        format!(
            "Cancelling now gives back {back} of the {left} you paid by card, as the studio's refund policy says."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn eur(cents: i64) -> Money {
        Money::from_minor_units(cents, Currency::Eur).expect("amount")
    }

    fn at(hour: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2030-06-06T00:00:00Z")
            .expect("instant")
            .with_timezone(&Utc)
            + Duration::hours(hour)
    }

    fn paid(cents: i64) -> Payments {
        Payments {
            paid: eur(cents),
            refunded: eur(0),
        }
    }

    const POLICY: RefundPolicy = RefundPolicy {
        full_refund_hours: 24,
        late: LateCancellation::KeepRetainer,
    };

    #[test]
    fn the_students_page_says_what_cancelling_now_gives_back() {
        assert_eq!(cancel_note(eur(0), eur(0)), None, "nothing paid by card");
        assert_eq!(
            cancel_note(eur(4_500), eur(4_500)).as_deref(),
            Some("Cancelling now gives back all 45,00\u{a0}€ you paid by card.")
        );
        assert_eq!(
            cancel_note(eur(3_000), eur(4_500)).as_deref(),
            Some(
                "Cancelling now gives back 30,00\u{a0}€ of the 45,00\u{a0}€ you paid by card, as the studio's refund policy says."
            )
        );
        assert!(cancel_note(eur(0), eur(4_500)).is_some_and(|note| {
            note.starts_with("Cancelling now gives nothing back: the 45,00\u{a0}€")
        }));
    }

    #[test]
    fn a_student_who_cancels_in_time_gets_everything_back() {
        let start = at(48);
        assert_eq!(
            POLICY.refund_on_cancel(paid(10_000), eur(3_000), Party::Student, start, at(24)),
            eur(10_000),
            "exactly 24 hours before is still in time"
        );
    }

    #[test]
    fn a_late_student_loses_the_retainer_or_everything_as_the_type_says() {
        let start = at(48);
        assert_eq!(
            POLICY.refund_on_cancel(paid(10_000), eur(3_000), Party::Student, start, at(25)),
            eur(7_000)
        );
        let strict = RefundPolicy {
            late: LateCancellation::KeepEverything,
            ..POLICY
        };
        assert_eq!(
            strict.refund_on_cancel(paid(10_000), eur(3_000), Party::Student, start, at(25)),
            eur(0)
        );
        assert_eq!(
            POLICY.refund_on_cancel(paid(3_000), eur(3_000), Party::Student, start, at(25)),
            eur(0),
            "a student who paid only the retainer gets nothing back late"
        );
    }

    #[test]
    fn an_instructor_who_cancels_gives_back_everything_not_yet_refunded() {
        let partly = Payments {
            paid: eur(10_000),
            refunded: eur(2_500),
        };
        assert_eq!(
            POLICY.refund_on_cancel(partly, eur(3_000), Party::Instructor, at(48), at(47)),
            eur(7_500)
        );
    }

    #[test]
    fn an_earlier_partial_refund_counts_against_the_late_refund() {
        let partly = Payments {
            paid: eur(10_000),
            refunded: eur(1_000),
        };
        assert_eq!(
            POLICY.refund_on_cancel(partly, eur(3_000), Party::Student, at(48), at(30)),
            eur(6_000),
            "7,000 was due back late, 1,000 of it already is"
        );
    }

    #[test]
    fn no_refund_is_more_than_was_paid_and_not_given_back() {
        let partly = Payments {
            paid: eur(10_000),
            refunded: eur(4_000),
        };
        assert_eq!(partly.check_refund(eur(6_000)), Ok(eur(6_000)));
        assert_eq!(
            partly.check_refund(eur(6_001)),
            Err(RefundRefused::MoreThanPaid(eur(6_000).to_string()))
        );
        assert_eq!(partly.check_refund(eur(0)), Err(RefundRefused::Nothing));
        let dollars = Money::from_minor_units(100, Currency::Usd).expect("amount");
        assert_eq!(
            partly.check_refund(dollars),
            Err(RefundRefused::OtherCurrency)
        );
    }

    #[test]
    fn a_refund_is_taken_from_the_latest_payment_first_and_never_beyond_what_each_took() {
        let payments = [
            RefundablePayment {
                id: 1,
                paid: Payments {
                    paid: eur(3_000),
                    refunded: eur(0),
                },
            },
            RefundablePayment {
                id: 2,
                paid: Payments {
                    paid: eur(7_000),
                    refunded: eur(5_000),
                },
            },
        ];
        assert_eq!(
            split_refund(eur(4_000), &payments),
            Ok(vec![(2, eur(2_000)), (1, eur(2_000))])
        );
        assert_eq!(
            split_refund(eur(1_500), &payments),
            Ok(vec![(2, eur(1_500))])
        );
        assert_eq!(
            split_refund(eur(5_001), &payments),
            Err(RefundRefused::MoreThanPaid(eur(5_000).to_string()))
        );
        assert_eq!(
            total_of(&payments, Currency::Eur),
            Payments {
                paid: eur(10_000),
                refunded: eur(5_000)
            }
        );
    }

    #[test]
    fn a_policy_is_parsed_from_its_form_with_a_day_by_default() {
        assert_eq!(
            RefundPolicy::parse("", true),
            Ok(RefundPolicy {
                full_refund_hours: 24,
                late: LateCancellation::KeepRetainer
            })
        );
        assert_eq!(
            RefundPolicy::parse(" 48 ", false).map(|policy| policy.late),
            Ok(LateCancellation::KeepEverything)
        );
        for bad in ["-1", "721", "two days", "1.5"] {
            assert_eq!(
                RefundPolicy::parse(bad, true).map_err(|error| error.field),
                Err("full_refund_hours".to_owned()),
                "{bad}"
            );
        }
    }
}
