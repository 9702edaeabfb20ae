//! Money in minor units (cents) with an ISO 4217 currency; never floats.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// The currencies a studio can charge in, with how many decimal places each uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    Aud,
    Brl,
    Cad,
    Chf,
    Dkk,
    Eur,
    Gbp,
    Inr,
    Jpy,
    Mxn,
    Nok,
    Nzd,
    Sek,
    Sgd,
    Usd,
    Zar,
}

impl Currency {
    pub const ALL: [Currency; 16] = [
        Currency::Aud,
        Currency::Brl,
        Currency::Cad,
        Currency::Chf,
        Currency::Dkk,
        Currency::Eur,
        Currency::Gbp,
        Currency::Inr,
        Currency::Jpy,
        Currency::Mxn,
        Currency::Nok,
        Currency::Nzd,
        Currency::Sek,
        Currency::Sgd,
        Currency::Usd,
        Currency::Zar,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Currency::Aud => "AUD",
            Currency::Brl => "BRL",
            Currency::Cad => "CAD",
            Currency::Chf => "CHF",
            Currency::Dkk => "DKK",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Inr => "INR",
            Currency::Jpy => "JPY",
            Currency::Mxn => "MXN",
            Currency::Nok => "NOK",
            Currency::Nzd => "NZD",
            Currency::Sek => "SEK",
            Currency::Sgd => "SGD",
            Currency::Usd => "USD",
            Currency::Zar => "ZAR",
        }
    }

    /// Decimal places of the minor unit (ISO 4217 exponent).
    pub fn exponent(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }

    fn symbol(self) -> Option<&'static str> {
        match self {
            Currency::Usd => Some("$"),
            Currency::Eur => Some("€"),
            Currency::Gbp => Some("£"),
            Currency::Jpy => Some("¥"),
            Currency::Inr => Some("₹"),
            _ => None,
        }
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        Self::ALL
            .into_iter()
            .find(|currency| currency.code() == code)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!("\"{}\" is not a currency Bookable supports.", raw.trim()),
                )
            })
    }
}

/// An amount of money that is never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MoneyParts")]
pub struct Money {
    minor_units: i64,
    currency: Currency,
}

/// Money as it crosses the wire, checked again on the way in.
#[derive(Deserialize)]
struct MoneyParts {
    minor_units: i64,
    currency: Currency,
}

impl TryFrom<MoneyParts> for Money {
    type Error = String;
    fn try_from(parts: MoneyParts) -> Result<Self, Self::Error> {
        Money::from_minor_units(parts.minor_units, parts.currency)
            .ok_or_else(|| format!("{} minor units is not a valid amount", parts.minor_units))
    }
}

impl Money {
    /// The largest price accepted: ten million major units.
    pub const MAX_MAJOR_UNITS: i64 = 10_000_000;

    pub fn from_minor_units(minor_units: i64, currency: Currency) -> Option<Self> {
        let max = Self::MAX_MAJOR_UNITS * 10_i64.pow(currency.exponent());
        (0..=max).contains(&minor_units).then_some(Self {
            minor_units,
            currency,
        })
    }

    pub fn zero(currency: Currency) -> Self {
        Self {
            minor_units: 0,
            currency,
        }
    }

    /// Parses a decimal amount as people type it ("25", "25.5", "1,250.00").
    pub fn parse(field: &str, raw: &str, currency: Currency) -> Result<Self, FieldError> {
        let text: String = raw.trim().chars().filter(|c| *c != ',').collect();
        if text.is_empty() {
            return Err(FieldError::new(field, "Price is required (0 for free)."));
        }
        if text.starts_with('-') {
            return Err(FieldError::new(field, "Price cannot be negative."));
        }
        let malformed = || {
            FieldError::new(
                field,
                format!(
                    "Enter the price as a number, e.g. 45 or 45.50 ({}).",
                    currency.code()
                ),
            )
        };
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (text.as_str(), ""),
        };
        if whole.is_empty() && fraction.is_empty() {
            return Err(malformed());
        }
        if !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
        {
            return Err(malformed());
        }
        let exponent = currency.exponent();
        if fraction.len() > exponent as usize {
            return Err(FieldError::new(
                field,
                match exponent {
                    0 => format!("{} has no decimal places.", currency.code()),
                    n => format!("Use at most {n} decimal places."),
                },
            ));
        }
        let too_large = || {
            FieldError::new(
                field,
                format!("Price must be at most {}.", Self::MAX_MAJOR_UNITS),
            )
        };
        let whole_units: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| too_large())?
        };
        let padded = format!("{fraction:0<width$}", width = exponent as usize);
        let fraction_units: i64 = if padded.is_empty() {
            0
        } else {
            padded.parse().map_err(|_| malformed())?
        };
        whole_units
            .checked_mul(10_i64.pow(exponent))
            .and_then(|units| units.checked_add(fraction_units))
            .and_then(|minor| Self::from_minor_units(minor, currency))
            .ok_or_else(too_large)
    }

    pub fn minor_units(self) -> i64 {
        self.minor_units
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    pub fn is_zero(self) -> bool {
        self.minor_units == 0
    }

    /// The amount as a plain decimal, as a price field shows it ("45.00").
    pub fn decimal(self) -> String {
        let exponent = self.currency.exponent();
        if exponent == 0 {
            return self.minor_units.to_string();
        }
        let divisor = 10_i64.pow(exponent);
        format!(
            "{}.{:0width$}",
            self.minor_units / divisor,
            self.minor_units % divisor,
            width = exponent as usize
        )
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.currency.symbol() {
            Some(symbol) => write!(f, "{symbol}{}", self.decimal()),
            None => write!(f, "{} {}", self.decimal(), self.currency.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(raw: &str) -> Result<Money, FieldError> {
        Money::parse("price", raw, Currency::Usd)
    }

    #[test]
    fn prices_are_parsed_into_minor_units() {
        assert_eq!(usd("45").unwrap().minor_units(), 4500);
        assert_eq!(usd("45.5").unwrap().minor_units(), 4550);
        assert_eq!(usd("1,250.05").unwrap().minor_units(), 125_005);
        assert_eq!(usd(".75").unwrap().minor_units(), 75);
        assert_eq!(usd("0").unwrap().minor_units(), 0);
    }

    #[test]
    fn a_negative_price_is_refused() {
        assert_eq!(usd("-5").unwrap_err().message, "Price cannot be negative.");
    }

    #[test]
    fn junk_and_excess_precision_are_refused() {
        assert!(usd("abc").is_err());
        assert!(usd("4.5.5").is_err());
        assert!(usd("4.555").is_err());
        assert!(usd(".").is_err());
        assert!(usd("").is_err());
        assert!(usd("99999999999999999999").is_err());
        assert!(Money::parse("price", "10.5", Currency::Jpy).is_err());
    }

    #[test]
    fn money_is_displayed_with_its_currency() {
        assert_eq!(usd("45.5").unwrap().to_string(), "$45.50");
        assert_eq!(
            Money::parse("price", "300", Currency::Sek)
                .unwrap()
                .to_string(),
            "300.00 SEK"
        );
        assert_eq!(
            Money::parse("price", "3000", Currency::Jpy)
                .unwrap()
                .to_string(),
            "¥3000"
        );
    }

    #[test]
    fn currencies_parse_from_their_codes() {
        assert_eq!(Currency::parse("currency", "eur").unwrap(), Currency::Eur);
        assert!(Currency::parse("currency", "XXX").is_err());
    }
}
