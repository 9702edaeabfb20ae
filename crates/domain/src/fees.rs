//! What a booking costs and when it is paid (seed 003): packages, reserved-spot discounts,
//! a retainer or the full fee at booking, or payment outside the app.
//!
//! Rounding rule: a percentage of an amount is computed exactly in minor units and rounded half
//! up to a whole minor unit (33 % of 9.99 = 3.2967 → 3.30). Amounts never go below zero: a
//! discount larger than the price makes it free, a retainer larger than the total takes it all.

use crate::FieldError;
use crate::money::{Currency, Money};
use crate::text::SessionTypeName;
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

/// One price option of a mini session, e.g. "10 edited photos".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub name: SessionTypeName,
    pub price: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Retainer {
    Fixed(Money),
    Percent(Percent),
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
    fn packages_offer_several_prices_for_one_session() {
        let packages = [
            Package {
                name: SessionTypeName::parse("name", "5 photos").unwrap(),
                price: usd("150"),
            },
            Package {
                name: SessionTypeName::parse("name", "All photos").unwrap(),
                price: usd("250"),
            },
        ];
        let quotes: Vec<Money> = packages
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
