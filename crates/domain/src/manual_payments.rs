//! Money the instructor received outside the app (cash, a check, a bank transfer), recorded on
//! the booking, and what the student still owes after it.

use crate::fees::BookingPrice;
use crate::money::{Currency, Money};
use crate::{FieldError, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a payment recorded by the instructor reached them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ManualMethod {
    Cash,
    Check,
    BankTransfer,
}

impl ManualMethod {
    pub const ALL: [ManualMethod; 3] = [
        ManualMethod::Cash,
        ManualMethod::Check,
        ManualMethod::BankTransfer,
    ];

    /// The stored and form name.
    pub fn as_str(self) -> &'static str {
        match self {
            ManualMethod::Cash => "cash",
            ManualMethod::Check => "check",
            ManualMethod::BankTransfer => "bank_transfer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ManualMethod::Cash => "Cash",
            ManualMethod::Check => "Check",
            ManualMethod::BankTransfer => "Bank transfer",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.as_str() == text)
    }
}

/// A payment the instructor says they received, as the booking's form gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedPayment {
    pub amount: Money,
    pub method: ManualMethod,
    /// The day it arrived, in the studio's zone.
    pub received_on: NaiveDate,
    /// e.g. a check's number.
    pub note: Option<String>,
}

/// The form's raw fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReceivedPaymentForm<'a> {
    pub amount: &'a str,
    pub method: &'a str,
    /// ISO date; blank means today.
    pub received_on: &'a str,
    pub note: &'a str,
}

impl ReceivedPayment {
    pub const MAX_NOTE_CHARS: usize = 200;

    /// Parses the form for a booking in `currency` of which `balance` is still owed (unknown
    /// for a booking made before prices were kept), on the studio's `today`. Each refusal
    /// names its field.
    pub fn parse(
        form: ReceivedPaymentForm<'_>,
        currency: Currency,
        balance: Option<Money>,
        today: NaiveDate,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let amount = errors
            .take(Money::parse("amount", form.amount, currency))
            .and_then(|amount| errors.take(Self::check_amount(amount, balance).map(|()| amount)));
        let method = errors.take(
            ManualMethod::from_stored(form.method.trim())
                .ok_or_else(|| FieldError::new("method", "Choose how the money was paid.")),
        );
        let received_on = match form.received_on.trim() {
            "" => Some(today),
            text => errors
                .take(crate::dates::parse_date("received_on", text))
                .and_then(|day| {
                    errors.take(if day > today {
                        Err(FieldError::new(
                            "received_on",
                            "Enter the day the money arrived: it cannot be after today.",
                        ))
                    } else {
                        Ok(day)
                    })
                }),
        };
        let note = form.note.trim();
        if note.chars().count() > Self::MAX_NOTE_CHARS {
            errors.push(FieldError::new(
                "note",
                format!("Keep the note under {} characters.", Self::MAX_NOTE_CHARS),
            ));
        }
        errors.into_result()?;
        match (amount, method, received_on) {
            (Some(amount), Some(method), Some(received_on)) => Ok(Self {
                amount,
                method,
                received_on,
                note: (!note.is_empty()).then(|| note.to_owned()),
            }),
            _ => Err(FieldError::new("amount", "Enter the amount received.").into()),
        }
    }

    fn check_amount(amount: Money, balance: Option<Money>) -> Result<(), FieldError> {
        if amount.is_zero() {
            return Err(FieldError::new(
                "amount",
                "Enter the amount received, more than zero.",
            ));
        }
        match balance {
            Some(balance) if balance.is_zero() => Err(FieldError::new(
                "amount",
                "Nothing is owed on this booking any more.",
            )),
            Some(balance) if amount.minor_units() > balance.minor_units() => Err(FieldError::new(
                "amount",
                format!("That is more than the {balance} still owed."),
            )),
            _ => Ok(()),
        }
    }
}

/// What a booking's student has paid so far, net of what went back, in the price's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidSoFar {
    /// Card payments, less what was refunded or is being refunded.
    pub by_card: Money,
    /// Payments the instructor recorded.
    pub received: Money,
}

impl PaidSoFar {
    pub fn total(self) -> Money {
        Money::from_minor_units(
            self.by_card.minor_units() + self.received.minor_units(),
            self.by_card.currency(),
        )
        .unwrap_or(self.by_card)
    }
}

/// What the student still owes of `price`: never below zero, whatever was paid.
pub fn balance_due(price: BookingPrice, paid: PaidSoFar) -> Money {
    let currency = price.total.currency();
    Money::from_minor_units(
        (price.total.minor_units() - paid.total().minor_units()).max(0),
        currency,
    )
    .unwrap_or_else(|| Money::zero(currency))
}

/// What the instructor recorded as received, as the student's booking page adds it to the
/// payment: "; $40.00 received; $110.00 still owed", "; $150.00 received", or nothing.
pub fn received_note(received: Money, balance: Option<Money>) -> String {
    if received.is_zero() {
        return String::new();
    }
    match balance {
        Some(owed) if !owed.is_zero() => format!("; {received} received; {owed} still owed"),
        _ => format!("; {received} received"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fees::CardCollection;

    fn usd(raw: &str) -> Money {
        Money::parse("amount", raw, Currency::Usd).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn form<'a>(amount: &'a str, method: &'a str) -> ReceivedPaymentForm<'a> {
        ReceivedPaymentForm {
            amount,
            method,
            ..ReceivedPaymentForm::default()
        }
    }

    fn refusal(result: Result<ReceivedPayment, FieldErrors>, field: &str) -> String {
        result
            .unwrap_err()
            .message_for(field)
            .unwrap_or_else(|| panic!("no message for {field}"))
            .to_owned()
    }

    #[test]
    fn a_payment_received_today_in_cash_is_read_from_the_form() {
        let payment = ReceivedPayment::parse(
            ReceivedPaymentForm {
                amount: "40",
                method: "cash",
                received_on: "",
                note: "  at the door ",
            },
            Currency::Usd,
            Some(usd("105")),
            day("2026-12-02"),
        )
        .unwrap();
        assert_eq!(
            payment,
            ReceivedPayment {
                amount: usd("40"),
                method: ManualMethod::Cash,
                received_on: day("2026-12-02"),
                note: Some("at the door".to_owned()),
            }
        );
    }

    #[test]
    fn more_than_is_owed_is_refused_with_the_balance_named() {
        let result = ReceivedPayment::parse(
            form("105.01", "check"),
            Currency::Usd,
            Some(usd("105")),
            day("2026-12-02"),
        );
        assert_eq!(
            refusal(result, "amount"),
            "That is more than the $105.00 still owed."
        );
        let settled = ReceivedPayment::parse(
            form("1", "check"),
            Currency::Usd,
            Some(usd("0")),
            day("2026-12-02"),
        );
        assert_eq!(
            refusal(settled, "amount"),
            "Nothing is owed on this booking any more."
        );
    }

    #[test]
    fn a_booking_without_a_kept_price_takes_any_positive_amount() {
        let payment = ReceivedPayment::parse(
            form("500", "bank_transfer"),
            Currency::Usd,
            None,
            day("2026-12-02"),
        )
        .unwrap();
        assert_eq!(payment.method, ManualMethod::BankTransfer);
        let zero =
            ReceivedPayment::parse(form("0", "cash"), Currency::Usd, None, day("2026-12-02"));
        assert_eq!(
            refusal(zero, "amount"),
            "Enter the amount received, more than zero."
        );
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let long_note = "x".repeat(201);
        let errors = ReceivedPayment::parse(
            ReceivedPaymentForm {
                amount: "ten",
                method: "barter",
                received_on: "2026-12-03",
                note: &long_note,
            },
            Currency::Usd,
            Some(usd("10")),
            day("2026-12-02"),
        )
        .unwrap_err();
        for field in ["amount", "method", "received_on", "note"] {
            assert!(errors.message_for(field).is_some(), "{field} not named");
        }
        assert_eq!(
            errors.message_for("received_on"),
            Some("Enter the day the money arrived: it cannot be after today.")
        );
        let earlier = ReceivedPayment::parse(
            ReceivedPaymentForm {
                received_on: "2026-11-30",
                ..form("5", "check")
            },
            Currency::Usd,
            Some(usd("10")),
            day("2026-12-02"),
        )
        .unwrap();
        assert_eq!(earlier.received_on, day("2026-11-30"));
    }

    #[test]
    fn the_balance_is_the_price_less_card_and_recorded_payments_never_below_zero() {
        let price = BookingPrice::of(
            usd("150"),
            true,
            CardCollection::Retainer(
                crate::fees::Retainer::parse("retainer", "45", Currency::Usd).unwrap(),
            ),
        );
        let after_retainer = PaidSoFar {
            by_card: usd("45"),
            received: usd("0"),
        };
        assert_eq!(balance_due(price, after_retainer), usd("105"));
        let after_cash = PaidSoFar {
            received: usd("100"),
            ..after_retainer
        };
        assert_eq!(balance_due(price, after_cash), usd("5"));
        let overpaid = PaidSoFar {
            by_card: usd("150"),
            received: usd("20"),
        };
        assert_eq!(balance_due(price, overpaid), usd("0"));
    }

    #[test]
    fn the_students_page_says_what_was_received_and_what_is_still_owed() {
        assert_eq!(received_note(usd("0"), Some(usd("150"))), "");
        assert_eq!(
            received_note(usd("40"), Some(usd("110"))),
            "; $40.00 received; $110.00 still owed"
        );
        assert_eq!(
            received_note(usd("150"), Some(usd("0"))),
            "; $150.00 received"
        );
        assert_eq!(received_note(usd("20"), None), "; $20.00 received");
    }

    #[test]
    fn methods_round_trip_through_their_stored_names() {
        for method in ManualMethod::ALL {
            assert_eq!(ManualMethod::from_stored(method.as_str()), Some(method));
        }
        assert_eq!(ManualMethod::from_stored("card"), None);
    }
}
