//! Invoices: every payment received and every refund made gets one, numbered per studio in the
//! order they are issued (a number is never given twice, nor skipped back to), and what it says
//! of its booking's money.

use crate::fees::BookingPrice;
use crate::manual_payments::{PaidSoFar, balance_due};
use crate::money::{Currency, Money};
use crate::text::{Lines, cleaned, has_visible_characters};
use crate::{FieldError, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the studio is named at the head of its invoices, besides its name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetails {
    /// The postal address, one line per line; may be empty.
    pub address: String,
    /// How to reach the studio: an email address, a phone number, a website; may be empty.
    pub contact: String,
}

impl InvoiceDetails {
    pub const MAX_ADDRESS_CHARS: usize = 300;
    pub const MAX_ADDRESS_LINES: usize = 6;
    pub const MAX_CONTACT_CHARS: usize = 200;

    /// Parses the settings form's two fields, naming each bad one.
    pub fn parse(address: &str, contact: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let address = errors
            .take(cleaned("address", "Address", address, Lines::Multiple))
            .map(|text| {
                text.lines()
                    .map(str::trim)
                    .filter(|line| has_visible_characters(line))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        if let Some(text) = &address {
            let length = text.chars().count();
            if length > Self::MAX_ADDRESS_CHARS {
                errors.push(FieldError::new(
                    "address",
                    format!(
                        "Address must be at most {} characters (it has {length}).",
                        Self::MAX_ADDRESS_CHARS
                    ),
                ));
            } else if text.lines().count() > Self::MAX_ADDRESS_LINES {
                errors.push(FieldError::new(
                    "address",
                    format!("Address must fit in {} lines.", Self::MAX_ADDRESS_LINES),
                ));
            }
        }
        let contact = errors.take(cleaned("contact", "Contact", contact, Lines::Single));
        if let Some(text) = &contact {
            let length = text.chars().count();
            if length > Self::MAX_CONTACT_CHARS {
                errors.push(FieldError::new(
                    "contact",
                    format!(
                        "Contact must be at most {} characters (it has {length}).",
                        Self::MAX_CONTACT_CHARS
                    ),
                ));
            }
        }
        match (address, contact) {
            (Some(address), Some(contact)) if errors.is_empty() => Ok(Self { address, contact }),
            _ => Err(errors),
        }
    }

    pub fn address_lines(&self) -> impl Iterator<Item = &str> {
        self.address.lines()
    }
}

/// An invoice's number within its studio, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct InvoiceNumber(u32);

impl InvoiceNumber {
    pub fn new(number: i64) -> Option<Self> {
        u32::try_from(number).ok().filter(|n| *n >= 1).map(Self)
    }

    pub fn value(self) -> u32 {
        self.0
    }
}

impl std::fmt::Display for InvoiceNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:05}", self.0)
    }
}

/// The payment or refund an invoice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceSource {
    /// A card payment Stripe took.
    CardPayment,
    /// Money the instructor recorded as received.
    ManualPayment,
    /// Money given back to the card (a cancellation's, or the instructor's).
    Refund,
    /// A card payment that arrived after its booking ended, given back whole.
    LatePaymentRefund,
}

impl InvoiceSource {
    pub const ALL: [InvoiceSource; 4] = [
        InvoiceSource::CardPayment,
        InvoiceSource::ManualPayment,
        InvoiceSource::Refund,
        InvoiceSource::LatePaymentRefund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceSource::CardPayment => "card_payment",
            InvoiceSource::ManualPayment => "manual_payment",
            InvoiceSource::Refund => "refund",
            InvoiceSource::LatePaymentRefund => "late_payment_refund",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|source| source.as_str() == text)
    }

    pub fn is_refund(self) -> bool {
        matches!(
            self,
            InvoiceSource::Refund | InvoiceSource::LatePaymentRefund
        )
    }
}

/// A card as a receipt names it: "Visa ending in 4242".
pub fn card_label(brand: Option<&str>, last4: Option<&str>) -> String {
    let brand = match brand.map(str::to_ascii_lowercase).as_deref() {
        Some("visa") => "Visa",
        Some("mastercard") => "Mastercard",
        Some("amex" | "american express") => "American Express",
        Some("discover") => "Discover",
        Some("diners" | "diners club") => "Diners Club",
        Some("jcb") => "JCB",
        Some("unionpay") => "UnionPay",
        Some("cartes_bancaires") => "Cartes Bancaires",
        _ => "Card",
    };
    match last4.filter(|digits| digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit())) {
        Some(digits) => format!("{brand} ending in {digits}"),
        None => brand.to_owned(),
    }
}

/// One payment or refund of a booking, as its invoices list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub source: InvoiceSource,
    pub amount: Money,
    pub day: NaiveDate,
    /// "Visa ending in 4242", "Check (no. 1042)", "Cash".
    pub method: String,
}

/// What an invoice says of its booking's money, up to and including the payment or refund it
/// is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The price kept when booked; `None` for bookings made before prices were kept.
    pub total: Option<Money>,
    /// What brought the total below the list price (the total plus its amount).
    pub discount: Option<crate::fees::Reduction>,
    /// Taken as a retainer at booking, when the price was split so.
    pub retainer: Option<Money>,
    pub payments: Vec<Movement>,
    pub refunds: Vec<Movement>,
    pub paid: Money,
    pub refunded: Money,
    /// What is still owed; `None` when no price was kept or the booking no longer takes money.
    pub balance_due: Option<Money>,
}

impl Statement {
    /// The price before the discount: the total plus what the discount took off.
    pub fn list_price(&self) -> Option<Money> {
        let total = self.total?;
        let off = self
            .discount
            .map_or(0, |discount| discount.amount.minor_units());
        Money::from_minor_units(total.minor_units() + off, total.currency())
    }
}

/// The statement of a booking priced `price` (in `currency`) after `movements`, in the order
/// they happened; `open` says whether the booking still goes ahead (a cancelled one owes
/// nothing).
pub fn statement(
    price: Option<BookingPrice>,
    currency: Currency,
    movements: &[Movement],
    open: bool,
) -> Statement {
    let sum = |refund: bool| {
        let minor: i64 = movements
            .iter()
            .filter(|movement| movement.source.is_refund() == refund)
            .map(|movement| movement.amount.minor_units())
            .sum();
        Money::from_minor_units(minor, currency).unwrap_or(Money::zero(currency))
    };
    let paid = sum(false);
    let refunded = sum(true);
    let (payments, refunds) = movements
        .iter()
        .cloned()
        .partition(|movement| !movement.source.is_refund());
    let kept = Money::from_minor_units(
        (paid.minor_units() - refunded.minor_units()).max(0),
        currency,
    )
    .unwrap_or(Money::zero(currency));
    Statement {
        total: price.map(|price| price.total),
        discount: price.and_then(|price| price.discount),
        retainer: price
            .filter(|price| price.is_retainer())
            .map(|price| price.due_at_booking),
        payments,
        refunds,
        paid,
        refunded,
        balance_due: price.filter(|_| open).map(|price| {
            balance_due(
                price,
                PaidSoFar {
                    by_card: kept,
                    received: Money::zero(currency),
                },
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fees::CardCollection;

    fn usd(minor: i64) -> Money {
        Money::from_minor_units(minor, Currency::Usd).unwrap()
    }

    fn movement(source: InvoiceSource, minor: i64, method: &str) -> Movement {
        Movement {
            source,
            amount: usd(minor),
            day: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            method: method.to_owned(),
        }
    }

    #[test]
    fn numbers_are_shown_with_five_digits_and_start_at_one() {
        assert_eq!(InvoiceNumber::new(42).unwrap().to_string(), "00042");
        assert_eq!(InvoiceNumber::new(123_456).unwrap().to_string(), "123456");
        assert!(InvoiceNumber::new(0).is_none());
        assert!(InvoiceNumber::new(-1).is_none());
    }

    #[test]
    fn the_studios_details_are_trimmed_line_by_line_and_may_be_blank() {
        let details = InvoiceDetails::parse(
            "  12 Rue Oberkampf \r\n\r\n 75011 Paris ",
            " hello@maple.example ",
        )
        .unwrap();
        assert_eq!(details.address, "12 Rue Oberkampf\n75011 Paris");
        assert_eq!(details.contact, "hello@maple.example");
        assert_eq!(
            InvoiceDetails::parse("", "").unwrap(),
            InvoiceDetails::default()
        );
    }

    #[test]
    fn an_address_too_long_or_a_contact_on_two_lines_is_refused_at_its_field() {
        let errors = InvoiceDetails::parse(&"a\n".repeat(7), "a\nb").unwrap_err();
        let fields: Vec<(&str, &str)> = errors
            .0
            .iter()
            .map(|error| (error.field.as_str(), error.message.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("address", "Address must fit in 6 lines."),
                ("contact", "Contact must be a single line.")
            ]
        );
        let long = InvoiceDetails::parse(&"x".repeat(301), "").unwrap_err();
        assert!(
            long.0[0]
                .message
                .contains("at most 300 characters (it has 301)")
        );
    }

    #[test]
    fn a_card_is_named_by_its_brand_and_last_four_digits() {
        assert_eq!(
            card_label(Some("visa"), Some("4242")),
            "Visa ending in 4242"
        );
        assert_eq!(
            card_label(Some("amex"), Some("0005")),
            "American Express ending in 0005"
        );
        assert_eq!(card_label(None, None), "Card");
        assert_eq!(
            card_label(Some("visa"), Some("42x2")),
            "Visa",
            "never odd digits"
        );
    }

    #[test]
    fn a_retainer_paid_leaves_the_balance_due() {
        let price = BookingPrice::of(
            usd(15_000),
            true,
            CardCollection::parse("retainer", "30%", Currency::Usd).unwrap(),
        );
        let paid = [movement(
            InvoiceSource::CardPayment,
            4_500,
            "Visa ending in 4242",
        )];
        let statement = statement(Some(price), Currency::Usd, &paid, true);
        assert_eq!(statement.total, Some(usd(15_000)));
        assert_eq!(statement.retainer, Some(usd(4_500)));
        assert_eq!(statement.paid, usd(4_500));
        assert_eq!(statement.balance_due, Some(usd(10_500)));
        assert_eq!(statement.payments.len(), 1);
    }

    #[test]
    fn a_discount_kept_with_the_booking_is_on_its_statement() {
        let member = crate::session_type::Pricing::MemberSplit {
            member: usd(4_000),
            non_member: usd(5_500),
        }
        .priced_for(true);
        let price = BookingPrice::of_priced(member, false, CardCollection::FullFee);
        let statement = statement(Some(price), Currency::Usd, &[], true);
        let discount = statement.discount.unwrap();
        assert_eq!(discount.amount, usd(1_500));
        assert_eq!(statement.list_price(), Some(usd(5_500)));
        assert_eq!(statement.balance_due, Some(usd(4_000)));
    }

    #[test]
    fn refunds_are_listed_apart_and_a_cancelled_booking_owes_nothing() {
        let price = BookingPrice::of(usd(4_500), true, CardCollection::FullFee);
        let moved = [
            movement(InvoiceSource::CardPayment, 4_500, "Visa ending in 4242"),
            movement(InvoiceSource::Refund, 2_000, "Visa ending in 4242"),
        ];
        let open = statement(Some(price), Currency::Usd, &moved, true);
        assert_eq!(open.refunded, usd(2_000));
        assert_eq!(open.refunds.len(), 1);
        assert_eq!(
            open.balance_due,
            Some(usd(2_000)),
            "what went back is owed again"
        );
        let ended = statement(Some(price), Currency::Usd, &moved, false);
        assert_eq!(ended.balance_due, None);
    }
}
