//! What a booking costs and when it is paid (seeds 000 and 003): packages, reserved-spot
//! discounts, a retainer or the full fee at booking, or payment outside the app.
//!
//! Rounding rule: a percentage of an amount is computed exactly in minor units and rounded half
//! up to a whole minor unit (33 % of 9.99 = 3.2967 → 3.30). Amounts never go below zero: a
//! discount larger than the price makes it free, a retainer larger than the total takes it all.

use crate::FieldError;
use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};

/// A whole percentage from 1 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Percent(u8);

impl TryFrom<u8> for Percent {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value).ok_or_else(|| format!("{value}% is not between 1% and 100%"))
    }
}

impl From<Percent> for u8 {
    fn from(value: Percent) -> u8 {
        value.0
    }
}

impl Percent {
    pub fn new(value: u8) -> Option<Self> {
        (1..=100).contains(&value).then_some(Self(value))
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        raw.trim()
            .trim_end_matches('%')
            .trim()
            .parse::<u8>()
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| FieldError::new(field, "Enter a whole percentage from 1 to 100."))
    }

    /// This percentage of an amount, rounded half up to a minor unit.
    pub fn of(self, amount: Money) -> Money {
        let hundredths = i128::from(amount.minor_units()) * i128::from(self.0);
        let rounded = (hundredths + 50) / 100;
        let minor = i64::try_from(rounded).unwrap_or(amount.minor_units());
        Money::from_minor_units(minor, amount.currency()).unwrap_or(amount)
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// A reduction on a reserved spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discount {
    Percent(Percent),
    Amount(Money),
}

impl Discount {
    /// A discount as the instructor types it: an amount off ("15", "12.50") or a percentage
    /// ("10%").
    pub fn parse(field: &str, raw: &str, currency: Currency) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.ends_with('%') {
            return Percent::parse(field, raw).map(Discount::Percent);
        }
        let amount = Money::parse(field, raw, currency)?;
        if amount.is_zero() {
            return Err(FieldError::new(
                field,
                "A discount is more than zero; leave it empty for none.",
            ));
        }
        Ok(Discount::Amount(amount))
    }

    /// The discount as its field shows it for editing: "15.00" or "10%".
    pub fn field_text(self) -> String {
        match self {
            Discount::Amount(amount) => amount.field_text(),
            Discount::Percent(percent) => format!("{}%", percent.value()),
        }
    }

    /// "10% off" or "$15.00 off".
    pub fn label(self) -> String {
        match self {
            Discount::Amount(amount) => format!("{amount} off"),
            Discount::Percent(percent) => format!("{}% off", percent.value()),
        }
    }

    fn apply(self, price: Money) -> Money {
        let off = match self {
            Discount::Percent(percent) => percent.of(price).minor_units(),
            Discount::Amount(amount) => amount.minor_units(),
        };
        subtract(price, off)
    }
}

fn subtract(amount: Money, minor_units: i64) -> Money {
    let left = amount.minor_units().saturating_sub(minor_units).max(0);
    Money::from_minor_units(left, amount.currency())
        .unwrap_or_else(|| Money::zero(amount.currency()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Retainer {
    Fixed(Money),
    Percent(Percent),
}

impl Retainer {
    /// A retainer as the instructor types it: an amount ("50", "49.90") or a percentage of the
    /// price ("25%"). Zero is refused: that is no retainer.
    pub fn parse(field: &str, raw: &str, currency: Currency) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new(
                field,
                "Enter the retainer: an amount, or a percentage such as 25%.",
            ));
        }
        if raw.ends_with('%') {
            return Percent::parse(field, raw).map(Retainer::Percent);
        }
        let amount = Money::parse(field, raw, currency)?;
        if amount.is_zero() {
            return Err(FieldError::new(
                field,
                "A retainer is more than zero; to take no payment online, do not offer cards.",
            ));
        }
        Ok(Retainer::Fixed(amount))
    }

    /// The retainer as its field shows it for editing: "50.00" or "25%".
    pub fn field_text(self) -> String {
        match self {
            Retainer::Fixed(amount) => amount.field_text(),
            Retainer::Percent(percent) => format!("{}%", percent.value()),
        }
    }
}

/// What a session type's card payment takes at booking: the whole price, or a retainer with
/// the balance paid later (at the session, or as the instructor records it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardCollection {
    #[default]
    FullFee,
    Retainer(Retainer),
}

impl CardCollection {
    /// The form's choice (`full` or `retainer`) and its retainer field.
    pub fn parse(choice: &str, retainer: &str, currency: Currency) -> Result<Self, FieldError> {
        match choice.trim() {
            "" | "full" => Ok(CardCollection::FullFee),
            "retainer" => Retainer::parse("retainer", retainer, currency).map(Self::Retainer),
            _ => Err(FieldError::new(
                "card_collection",
                "Choose the full price or a retainer.",
            )),
        }
    }

    /// The form's choice, `full` or `retainer`.
    pub fn choice(self) -> &'static str {
        match self {
            CardCollection::FullFee => "full",
            CardCollection::Retainer(_) => "retainer",
        }
    }

    /// The card choice on the booking form of a type whose price depends on the package
    /// picked: "Pay a 30% retainer online by card (the rest at the session)".
    pub fn card_choice_label(self) -> String {
        let retainer = match self {
            CardCollection::FullFee => {
                return crate::booking::PaymentChoice::Card.label().to_owned();
            }
            CardCollection::Retainer(Retainer::Fixed(amount)) => amount.to_string(),
            CardCollection::Retainer(Retainer::Percent(percent)) => {
                format!("{}%", percent.value())
            }
        };
        format!("Pay a {retainer} retainer online by card (the rest at the session)")
    }

    pub fn collection(self) -> Collection {
        match self {
            CardCollection::FullFee => Collection::FullFeeAtBooking,
            CardCollection::Retainer(retainer) => Collection::RetainerAtBooking(retainer),
        }
    }
}

/// Why a booking costs less than the session's list price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiscountReason {
    /// A member booked a type that charges members less than everyone else.
    MemberPrice,
    /// The client booked a spot reserved for them with a discount.
    ReservedSpot,
}

impl DiscountReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DiscountReason::MemberPrice => "member_price",
            DiscountReason::ReservedSpot => "reserved_spot",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "member_price" => Some(DiscountReason::MemberPrice),
            "reserved_spot" => Some(DiscountReason::ReservedSpot),
            _ => None,
        }
    }

    /// How invoices name it.
    pub fn label(self) -> &'static str {
        match self {
            DiscountReason::MemberPrice => "Member discount",
            DiscountReason::ReservedSpot => "Reserved spot discount",
        }
    }
}

/// A discount a booking got, kept with it so that its invoices can show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reduction {
    pub reason: DiscountReason,
    /// How much less than the list price.
    pub amount: Money,
}

/// What one booker is asked for before choosing how to pay: the price, and the discount that
/// brought it below the list price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priced {
    pub price: Money,
    pub discount: Option<Reduction>,
}

impl Priced {
    pub fn undiscounted(price: Money) -> Self {
        Self {
            price,
            discount: None,
        }
    }

    /// The price after a reserved spot's discount. The reduction kept is counted from the
    /// list price, so it includes a member's lower price when there was one.
    pub fn less(self, discount: Discount) -> Self {
        let price = discount.apply(self.price);
        let earlier = self
            .discount
            .map_or(0, |reduction| reduction.amount.minor_units());
        let off = self.price.minor_units() - price.minor_units() + earlier;
        Self {
            price,
            discount: Money::from_minor_units(off, price.currency())
                .filter(|amount| !amount.is_zero())
                .map(|amount| Reduction {
                    reason: DiscountReason::ReservedSpot,
                    amount,
                })
                .or(self.discount),
        }
    }
}

/// What a booking costs, as it was when it was booked: later price changes leave it alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPrice {
    pub total: Money,
    /// Taken by card while booking: the total, a retainer, or nothing (paid another way).
    pub due_at_booking: Money,
    /// The discount that brought `total` below the list price.
    #[serde(default)]
    pub discount: Option<Reduction>,
}

impl BookingPrice {
    /// The price of a booking paid by card (`by_card`) or another way, with `collection` the
    /// session type's card collection.
    pub fn of(price: Money, by_card: bool, collection: CardCollection) -> Self {
        let collection = if by_card {
            collection.collection()
        } else {
            Collection::Outside(OutsidePayment::AtSession)
        };
        // Only a discount or a retainer in another currency is refused, and neither is here.
        let quote = quote(price, None, collection).unwrap_or(Quote {
            total: price,
            due_now: price,
            due_later: Money::zero(price.currency()),
        });
        Self {
            total: quote.total,
            due_at_booking: quote.due_now,
            discount: None,
        }
    }

    /// The price of a booking priced `priced`, keeping its discount.
    pub fn of_priced(priced: Priced, by_card: bool, collection: CardCollection) -> Self {
        Self {
            discount: priced.discount,
            ..Self::of(priced.price, by_card, collection)
        }
    }

    /// What is left after the payment at booking.
    pub fn balance(self) -> Money {
        subtract(self.total, self.due_at_booking.minor_units())
    }

    /// Whether the card takes only part of the price.
    pub fn is_retainer(self) -> bool {
        !self.due_at_booking.is_zero() && self.due_at_booking != self.total
    }

    /// The card choice on the booking form, e.g. "Pay a €45.00 retainer online by card
    /// (€105.00 at the session)".
    pub fn card_choice_label(self) -> String {
        if self.is_retainer() {
            format!(
                "Pay a {} retainer online by card ({} at the session)",
                self.due_at_booking,
                self.balance()
            )
        } else {
            crate::booking::PaymentChoice::Card.label().to_owned()
        }
    }

    /// What the card section says it charges.
    pub fn card_amount_line(self) -> String {
        if self.is_retainer() {
            format!(
                "Retainer due now: {} (the other {} at the session)",
                self.due_at_booking,
                self.balance()
            )
        } else {
            format!("Amount: {}", self.due_at_booking)
        }
    }

    /// How a booking's card payment reads once it is made.
    pub fn card_paid_label(self) -> String {
        if self.is_retainer() {
            format!(
                "Retainer of {} paid online by card; {} due at the session",
                self.due_at_booking,
                self.balance()
            )
        } else {
            "Paid online by card".to_owned()
        }
    }
}

/// How a booking's payment reads on its pages, to the student and the instructor: a card
/// payment made (`paid`) says what it took and what is left.
pub fn payment_label(
    choice: crate::booking::PaymentChoice,
    price: Option<BookingPrice>,
    paid: bool,
) -> String {
    match (choice, price) {
        (crate::booking::PaymentChoice::Card, Some(price)) if paid => price.card_paid_label(),
        (crate::booking::PaymentChoice::Card, None) if paid => "Paid online by card".to_owned(),
        (other, _) => other.label().to_owned(),
    }
}

/// What went back to the student's card, as their booking's page adds it to the payment:
/// "; $45.00 refunded", "; a refund of $20.00 is on its way", both, or nothing.
pub fn refund_note(made: Money, on_its_way: Money) -> String {
    let mut note = String::new();
    if !made.is_zero() {
        note.push_str(&format!("; {made} refunded"));
    }
    if !on_its_way.is_zero() {
        note.push_str(&format!("; a refund of {on_its_way} is on its way"));
    }
    note
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutsidePayment {
    /// Cash at the session.
    AtSession,
    CheckByMail,
}

/// When the money is collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Collection {
    FullFeeAtBooking,
    RetainerAtBooking(Retainer),
    Outside(OutsidePayment),
}

/// The amounts of one booking, in minor units of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub total: Money,
    /// Charged in the app while booking.
    pub due_now: Money,
    /// Paid later: the rest after a retainer, or everything when paid outside the app.
    pub due_later: Money,
}

/// The quote for a price, after an optional discount, collected as chosen. A discount or a
/// retainer in another currency than the price is refused, naming the field.
pub fn quote(
    price: Money,
    discount: Option<Discount>,
    collection: Collection,
) -> Result<Quote, FieldError> {
    let currency: Currency = price.currency();
    let same_currency = |field: &str, amount: Money| {
        if amount.currency() == currency {
            Ok(())
        } else {
            Err(FieldError::new(
                field,
                format!("Use the session's currency, {}.", currency.code()),
            ))
        }
    };
    if let Some(Discount::Amount(amount)) = discount {
        same_currency("discount", amount)?;
    }
    if let Collection::RetainerAtBooking(Retainer::Fixed(amount)) = collection {
        same_currency("retainer", amount)?;
    }
    let total = discount.map_or(price, |discount| discount.apply(price));
    let due_now = match collection {
        Collection::FullFeeAtBooking => total,
        Collection::RetainerAtBooking(Retainer::Fixed(amount)) => {
            Money::from_minor_units(amount.minor_units().min(total.minor_units()), currency)
                .unwrap_or(total)
        }
        Collection::RetainerAtBooking(Retainer::Percent(percent)) => percent.of(total),
        Collection::Outside(_) => Money::zero(currency),
    };
    Ok(Quote {
        total,
        due_now,
        due_later: subtract(total, due_now.minor_units()),
    })
}

#[cfg(test)]
mod reserved_spot_tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::from_minor_units(minor, Currency::Usd).expect("money")
    }

    #[test]
    fn a_reserved_spots_discount_is_counted_from_the_list_price() {
        let ten_percent = Discount::Percent(Percent::new(10).expect("percent"));
        let plain = Priced::undiscounted(usd(15_000)).less(ten_percent);
        assert_eq!(plain.price, usd(13_500));
        assert_eq!(
            plain.discount,
            Some(Reduction {
                reason: DiscountReason::ReservedSpot,
                amount: usd(1_500)
            })
        );
        let member = Priced {
            price: usd(10_000),
            discount: Some(Reduction {
                reason: DiscountReason::MemberPrice,
                amount: usd(5_000),
            }),
        }
        .less(Discount::Amount(usd(2_000)));
        assert_eq!(member.price, usd(8_000));
        assert_eq!(
            member.discount.map(|reduction| reduction.amount),
            Some(usd(7_000))
        );
        let everything = Priced::undiscounted(usd(3_000)).less(Discount::Amount(usd(5_000)));
        assert!(
            everything.price.is_zero(),
            "a discount never makes a price negative"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(raw: &str) -> Money {
        Money::parse("price", raw, Currency::Usd).unwrap()
    }

    fn quoted(price: Money, discount: Option<Discount>, collection: Collection) -> Quote {
        quote(price, discount, collection).unwrap()
    }

    #[test]
    fn a_discount_or_retainer_in_another_currency_is_refused() {
        let yen = Money::parse("discount", "1000", Currency::Jpy).unwrap();
        let error = quote(
            usd("40"),
            Some(Discount::Amount(yen)),
            Collection::FullFeeAtBooking,
        )
        .unwrap_err();
        assert_eq!(
            (error.field.as_str(), error.message.as_str()),
            ("discount", "Use the session's currency, USD.")
        );
        let retainer = Collection::RetainerAtBooking(Retainer::Fixed(yen));
        assert_eq!(
            quote(usd("40"), None, retainer).unwrap_err().field,
            "retainer"
        );
    }

    #[test]
    fn stored_percentages_and_amounts_are_checked_when_read() {
        assert!(serde_json::from_str::<Percent>("250").is_err());
        assert_eq!(serde_json::from_str::<Percent>("25").unwrap().value(), 25);
        assert!(serde_json::from_str::<Money>(r#"{"minor_units":-5,"currency":"Usd"}"#).is_err());
        let money = usd("12.50");
        assert_eq!(
            serde_json::from_str::<Money>(&serde_json::to_string(&money).unwrap()).unwrap(),
            money
        );
    }

    #[test]
    fn percentages_round_half_up_to_a_cent() {
        assert_eq!(Percent::new(33).unwrap().of(usd("9.99")), usd("3.30"));
        assert_eq!(Percent::new(50).unwrap().of(usd("0.05")), usd("0.03"));
        assert_eq!(Percent::new(100).unwrap().of(usd("12.34")), usd("12.34"));
        assert!(Percent::new(0).is_none() && Percent::new(101).is_none());
        assert_eq!(Percent::parse("discount", "15%").unwrap().value(), 15);
        assert!(Percent::parse("discount", "7.5").is_err());
    }

    #[test]
    fn the_full_fee_is_due_at_booking() {
        let quote = quoted(usd("150"), None, Collection::FullFeeAtBooking);
        assert_eq!(
            (quote.total, quote.due_now, quote.due_later),
            (usd("150"), usd("150"), usd("0"))
        );
    }

    #[test]
    fn a_retainer_is_due_now_and_the_rest_later() {
        let fixed = quoted(
            usd("150"),
            None,
            Collection::RetainerAtBooking(Retainer::Fixed(usd("50"))),
        );
        assert_eq!((fixed.due_now, fixed.due_later), (usd("50"), usd("100")));
        let percent = quoted(
            usd("149.99"),
            None,
            Collection::RetainerAtBooking(Retainer::Percent(Percent::new(25).unwrap())),
        );
        assert_eq!(
            (percent.due_now, percent.due_later),
            (usd("37.50"), usd("112.49"))
        );
        let larger = quoted(
            usd("30"),
            None,
            Collection::RetainerAtBooking(Retainer::Fixed(usd("50"))),
        );
        assert_eq!((larger.due_now, larger.due_later), (usd("30"), usd("0")));
    }

    #[test]
    fn reserved_spot_discounts_never_go_below_zero() {
        let percent = quoted(
            usd("200"),
            Some(Discount::Percent(Percent::new(20).unwrap())),
            Collection::FullFeeAtBooking,
        );
        assert_eq!(percent.total, usd("160"));
        let amount = quoted(
            usd("40"),
            Some(Discount::Amount(usd("75"))),
            Collection::FullFeeAtBooking,
        );
        assert_eq!((amount.total, amount.due_now), (usd("0"), usd("0")));
    }

    #[test]
    fn paying_outside_leaves_everything_for_later() {
        for way in [OutsidePayment::AtSession, OutsidePayment::CheckByMail] {
            let quote = quoted(usd("60"), None, Collection::Outside(way));
            assert_eq!((quote.due_now, quote.due_later), (usd("0"), usd("60")));
        }
    }

    #[test]
    fn a_retainer_is_typed_as_an_amount_or_a_percentage() {
        assert_eq!(
            Retainer::parse("retainer", "50", Currency::Usd),
            Ok(Retainer::Fixed(usd("50")))
        );
        assert_eq!(
            Retainer::parse("retainer", " 25 % ", Currency::Usd),
            Ok(Retainer::Percent(Percent::new(25).unwrap()))
        );
        for bad in ["", "0", "0%", "150%", "fifty", "-5"] {
            assert_eq!(
                Retainer::parse("retainer", bad, Currency::Usd).map_err(|error| error.field),
                Err("retainer".to_owned()),
                "{bad}"
            );
        }
        assert_eq!(
            Retainer::Percent(Percent::new(25).unwrap()).field_text(),
            "25%"
        );
        assert_eq!(Retainer::Fixed(usd("50")).field_text(), "50.00");
    }

    #[test]
    fn a_types_card_collection_is_the_full_price_unless_a_retainer_is_chosen() {
        assert_eq!(
            CardCollection::parse("", "", Currency::Usd),
            Ok(CardCollection::FullFee)
        );
        assert_eq!(
            CardCollection::parse("full", "ignored", Currency::Usd),
            Ok(CardCollection::FullFee)
        );
        assert_eq!(
            CardCollection::parse("retainer", "", Currency::Usd).map_err(|error| error.field),
            Err("retainer".to_owned())
        );
        assert_eq!(
            CardCollection::parse("deposit", "", Currency::Usd).map_err(|error| error.field),
            Err("card_collection".to_owned())
        );
    }

    #[test]
    fn a_booking_by_card_pays_the_retainer_now_and_the_balance_later() {
        let retainer = CardCollection::Retainer(Retainer::Percent(Percent::new(30).unwrap()));
        let by_card = BookingPrice::of(usd("150"), true, retainer);
        assert_eq!(
            (by_card.due_at_booking, by_card.balance()),
            (usd("45"), usd("105"))
        );
        assert!(by_card.is_retainer());
        let in_cash = BookingPrice::of(usd("150"), false, retainer);
        assert_eq!(
            (in_cash.due_at_booking, in_cash.balance()),
            (usd("0"), usd("150"))
        );
        assert!(!in_cash.is_retainer());
        let full = BookingPrice::of(usd("150"), true, CardCollection::FullFee);
        assert_eq!(
            (full.due_at_booking, full.balance()),
            (usd("150"), usd("0"))
        );
        assert!(!full.is_retainer());
        let cheap = BookingPrice::of(
            usd("30"),
            true,
            CardCollection::Retainer(Retainer::Fixed(usd("50"))),
        );
        assert_eq!(
            (cheap.due_at_booking, cheap.balance()),
            (usd("30"), usd("0")),
            "a retainer above the price takes the price"
        );
    }

    #[test]
    fn a_retainer_is_named_with_the_balance_wherever_the_student_pays() {
        let retainer = BookingPrice {
            total: usd("150"),
            due_at_booking: usd("45"),
            discount: None,
        };
        assert_eq!(
            retainer.card_choice_label(),
            "Pay a $45.00 retainer online by card ($105.00 at the session)"
        );
        assert_eq!(
            retainer.card_amount_line(),
            "Retainer due now: $45.00 (the other $105.00 at the session)"
        );
        assert_eq!(
            retainer.card_paid_label(),
            "Retainer of $45.00 paid online by card; $105.00 due at the session"
        );
        let full = BookingPrice::of(usd("150"), true, CardCollection::FullFee);
        assert_eq!(full.card_choice_label(), "Pay online by card");
        assert_eq!(full.card_amount_line(), "Amount: $150.00");
        assert_eq!(full.card_paid_label(), "Paid online by card");
    }

    #[test]
    fn a_refunded_payment_says_what_went_back_and_what_is_on_its_way() {
        assert_eq!(refund_note(usd("0"), usd("0")), "");
        assert_eq!(refund_note(usd("45"), usd("0")), "; $45.00 refunded");
        assert_eq!(
            refund_note(usd("20"), usd("25")),
            "; $20.00 refunded; a refund of $25.00 is on its way"
        );
        let price = BookingPrice::of(usd("45"), true, CardCollection::FullFee);
        let card = crate::booking::PaymentChoice::Card;
        assert_eq!(
            payment_label(card, Some(price), true),
            "Paid online by card"
        );
        assert_eq!(
            payment_label(card, Some(price), false),
            "Pay online by card"
        );
    }

    #[test]
    fn the_card_choice_of_a_type_with_packages_names_the_retainer_without_a_price() {
        let percent = CardCollection::parse("retainer", "30%", Currency::Usd).unwrap();
        assert_eq!(
            percent.card_choice_label(),
            "Pay a 30% retainer online by card (the rest at the session)"
        );
        let fixed = CardCollection::parse("retainer", "50", Currency::Usd).unwrap();
        assert_eq!(
            fixed.card_choice_label(),
            "Pay a $50.00 retainer online by card (the rest at the session)"
        );
        assert_eq!(
            CardCollection::FullFee.card_choice_label(),
            "Pay online by card"
        );
    }

    #[test]
    fn packages_offer_several_prices_for_one_session() {
        let packages = crate::packages::Packages::parse(
            &[("5 photos", "150"), ("All photos", "250")].map(|(name, price)| {
                crate::packages::PackageInput {
                    name: name.to_owned(),
                    price: price.to_owned(),
                    ..Default::default()
                }
            }),
            Currency::Usd,
        )
        .unwrap();
        let quotes: Vec<Money> = packages
            .as_slice()
            .iter()
            .map(|package| {
                quoted(
                    package.price,
                    None,
                    Collection::RetainerAtBooking(Retainer::Fixed(usd("50"))),
                )
                .due_later
            })
            .collect();
        assert_eq!(quotes, [usd("100"), usd("200")]);
    }
}
