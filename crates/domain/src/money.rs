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

    /// How amounts of this currency are written where it is used: the symbol and its place,
    /// the decimal mark and the digit grouping.
    pub fn format(self) -> CurrencyFormat {
        const NBSP: char = '\u{a0}';
        let before = |symbol, spaced| CurrencyFormat {
            symbol,
            symbol_after: false,
            spaced,
            decimal_mark: '.',
            group_mark: ',',
            indian_grouping: false,
        };
        let after = |symbol, group_mark| CurrencyFormat {
            symbol,
            symbol_after: true,
            spaced: true,
            decimal_mark: ',',
            group_mark,
            indian_grouping: false,
        };
        match self {
            Currency::Aud => before("A$", false),
            Currency::Brl => CurrencyFormat {
                decimal_mark: ',',
                group_mark: '.',
                ..before("R$", true)
            },
            Currency::Cad => before("CA$", false),
            Currency::Chf => CurrencyFormat {
                group_mark: '\u{2019}',
                ..before("CHF", true)
            },
            Currency::Dkk => after("kr.", '.'),
            Currency::Eur => after("€", '.'),
            Currency::Gbp => before("£", false),
            Currency::Inr => CurrencyFormat {
                indian_grouping: true,
                ..before("₹", false)
            },
            Currency::Jpy => before("¥", false),
            Currency::Mxn => before("MX$", false),
            Currency::Nok => after("kr", NBSP),
            Currency::Nzd => before("NZ$", false),
            Currency::Sek => after("kr", NBSP),
            Currency::Sgd => before("S$", false),
            Currency::Usd => before("$", false),
            Currency::Zar => CurrencyFormat {
                decimal_mark: ',',
                group_mark: NBSP,
                ..before("R", true)
            },
        }
    }

    /// Marks people put around an amount of this currency: its code, its symbol, and the
    /// symbol of its family ("$" for every dollar, "kr" for every krone).
    fn marks(self) -> Vec<&'static str> {
        let mut marks = vec![self.code(), self.format().symbol];
        match self {
            Currency::Aud | Currency::Cad | Currency::Mxn | Currency::Nzd | Currency::Sgd => {
                marks.push("$");
            }
            Currency::Dkk | Currency::Nok | Currency::Sek => marks.extend(["kr.", "kr", ":-"]),
            Currency::Eur => marks.push("EUR"),
            Currency::Chf => marks.push("Fr."),
            _ => {}
        }
        // Longest first, so "kr." is taken whole rather than "kr" leaving a stray ".".
        marks.sort_by_key(|mark| std::cmp::Reverse(mark.len()));
        marks
    }

    /// What turns minor units of this currency into `to`'s with the same figure, as (multiply,
    /// divide): cents to yen divide by 100, yen to cents multiply by 100.
    pub fn relabelling_factor(self, to: Currency) -> (i64, i64) {
        let (from, to) = (self.exponent(), to.exponent());
        if to >= from {
            (10_i64.pow(to - from), 1)
        } else {
            (1, 10_i64.pow(from - to))
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

    /// Parses an amount as a person writes it, with either decimal mark: "30", "30,50",
    /// "30.50", "1.234,50", "1,234.50", "1 234,50", "€30,50", "30.50 EUR".
    ///
    /// The rule: a mark followed by one or two digits (up to the currency's decimal places)
    /// at the end is the decimal mark; every other mark groups thousands and must group them
    /// properly. A single mark followed by exactly three digits groups thousands ("1.000" and
    /// "1,000" are both a thousand): no supported currency has three decimal places. Anything
    /// else ("1,2,3", "1.23.45", "1.234,567") is refused with a message showing how to write it.
    pub fn parse(field: &str, raw: &str, currency: Currency) -> Result<Self, FieldError> {
        parse_minor_units(raw, currency)
            .and_then(|minor| {
                Self::from_minor_units(minor, currency).ok_or(AmountProblem::TooLarge)
            })
            .map_err(|problem| FieldError::new(field, problem.message(raw, currency)))
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

    /// The amount as a price field shows it for editing, in the currency's own way of
    /// writing numbers but without grouping: "45.00", "45,50", "3000".
    pub fn field_text(self) -> String {
        self.number_text(false)
    }

    fn number_text(self, grouped: bool) -> String {
        let format = self.currency.format();
        let exponent = self.currency.exponent();
        let divisor = 10_i64.pow(exponent);
        let whole = (self.minor_units / divisor).to_string();
        let mut text = if grouped {
            group_digits(&whole, format.group_mark, format.indian_grouping)
        } else {
            whole
        };
        if exponent > 0 {
            text.push(format.decimal_mark);
            text.push_str(&format!(
                "{:0width$}",
                self.minor_units % divisor,
                width = exponent as usize
            ));
        }
        text
    }

    /// The same amount in another currency, keeping its figure ("45.00 USD" is "45.00 EUR"):
    /// `None` when the other currency cannot hold it (cents in a currency without them).
    pub fn relabelled(self, currency: Currency) -> Option<Money> {
        let (multiply, divide) = self.currency.relabelling_factor(currency);
        if self.minor_units % divide != 0 {
            return None;
        }
        Money::from_minor_units(self.minor_units.checked_mul(multiply)? / divide, currency)
    }
}

/// How one currency's amounts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyFormat {
    pub symbol: &'static str,
    pub symbol_after: bool,
    /// A (non-breaking) space between the symbol and the figure.
    pub spaced: bool,
    pub decimal_mark: char,
    pub group_mark: char,
    /// Lakh and crore: the last three digits, then pairs ("1,23,456").
    pub indian_grouping: bool,
}

fn group_digits(digits: &str, mark: char, indian: bool) -> String {
    let bytes: Vec<char> = digits.chars().collect();
    let mut groups: Vec<String> = Vec::new();
    let mut end = bytes.len();
    let mut size = 3;
    while end > 0 {
        let start = end.saturating_sub(size);
        groups.push(bytes[start..end].iter().collect());
        end = start;
        if indian {
            size = 2;
        }
    }
    groups.reverse();
    groups.join(&mark.to_string())
}

/// Why a typed amount could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AmountProblem {
    Missing,
    Negative,
    NotANumber,
    /// The marks do not group digits the way anyone writes them, e.g. "1,2,3".
    Unreadable,
    TooManyDecimals,
    TooLarge,
}

impl AmountProblem {
    fn message(self, raw: &str, currency: Currency) -> String {
        let examples = match currency.exponent() {
            0 => "3000 or 3,000".to_owned(),
            _ => "1234.50, 1,234.50 or 1.234,50".to_owned(),
        };
        match self {
            AmountProblem::Missing => "Price is required (0 for free).".to_owned(),
            AmountProblem::Negative => "Price cannot be negative.".to_owned(),
            AmountProblem::NotANumber => format!(
                "Enter the price as a number in {}, like {examples}.",
                currency.code()
            ),
            AmountProblem::Unreadable => format!(
                "\"{}\" is not an amount we can read: write it like {examples}.",
                raw.trim()
            ),
            AmountProblem::TooManyDecimals => match currency.exponent() {
                0 => format!(
                    "{} has no decimal places: write it like {examples}.",
                    currency.code()
                ),
                places => format!("Use at most {places} decimal places, like {examples}."),
            },
            AmountProblem::TooLarge => format!(
                "Price must be at most {} {}.",
                Money::MAX_MAJOR_UNITS,
                currency.code()
            ),
        }
    }
}

fn is_space_mark(character: char) -> bool {
    matches!(character, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}')
}

fn is_mark(character: char) -> bool {
    character == '.' || character == ',' || is_space_mark(character)
}

/// The figure of an amount, without the currency's marks around it.
fn strip_currency_marks(text: &str, currency: Currency) -> &str {
    let mut text = text.trim();
    for mark in currency.marks() {
        let length = mark.len();
        let head = text.get(..length);
        let tail = text.len().checked_sub(length).and_then(|at| text.get(at..));
        if head.is_some_and(|head| head.eq_ignore_ascii_case(mark)) {
            text = text[length..].trim_start();
        } else if tail.is_some_and(|tail| tail.eq_ignore_ascii_case(mark)) {
            text = text[..text.len() - length].trim_end();
        }
    }
    text
}

fn parse_minor_units(raw: &str, currency: Currency) -> Result<i64, AmountProblem> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(AmountProblem::Missing);
    }
    if trimmed.contains(['-', '\u{2212}']) {
        return Err(AmountProblem::Negative);
    }
    let figure = strip_currency_marks(trimmed, currency);
    if figure.is_empty()
        || !figure
            .chars()
            .all(|character| character.is_ascii_digit() || is_mark(character))
        || !figure.chars().any(|character| character.is_ascii_digit())
    {
        return Err(AmountProblem::NotANumber);
    }
    // Digit runs and the single marks between them.
    let mut runs: Vec<String> = vec![String::new()];
    let mut marks: Vec<char> = Vec::new();
    for character in figure.chars() {
        if character.is_ascii_digit() {
            if let Some(run) = runs.last_mut() {
                run.push(character);
            }
        } else {
            if runs.last().is_some_and(String::is_empty) && !marks.is_empty() {
                return Err(AmountProblem::Unreadable);
            }
            marks.push(character);
            runs.push(String::new());
        }
    }
    if runs.last().is_some_and(String::is_empty) {
        return Err(AmountProblem::Unreadable);
    }
    let exponent = currency.exponent() as usize;
    let decimal_at = decimal_mark_index(&marks, &runs, exponent)?;
    let (whole_runs, fraction) = match decimal_at {
        Some(index) => (&runs[..=index], runs[index + 1].as_str()),
        None => (&runs[..], ""),
    };
    let grouping: Vec<char> = match decimal_at {
        Some(index) => marks[..index].to_vec(),
        None => marks.clone(),
    };
    if fraction.len() > exponent {
        return Err(AmountProblem::TooManyDecimals);
    }
    if !grouping.is_empty() && !groups_thousands(&grouping, whole_runs) {
        return Err(AmountProblem::Unreadable);
    }
    let whole: String = whole_runs.concat();
    let whole_units: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| AmountProblem::TooLarge)?
    };
    let padded = format!("{fraction:0<exponent$}");
    let fraction_units: i64 = if padded.is_empty() {
        0
    } else {
        padded.parse().map_err(|_| AmountProblem::NotANumber)?
    };
    whole_units
        .checked_mul(10_i64.pow(currency.exponent()))
        .and_then(|units| units.checked_add(fraction_units))
        .ok_or(AmountProblem::TooLarge)
}

/// Which mark (by index) is the decimal one, if any.
fn decimal_mark_index(
    marks: &[char],
    runs: &[String],
    exponent: usize,
) -> Result<Option<usize>, AmountProblem> {
    let Some(last) = marks.iter().rposition(|mark| *mark == '.' || *mark == ',') else {
        return Ok(None);
    };
    let last_mark = marks[last];
    let digits_after = runs[last + 1].len();
    let other_kind = if last_mark == '.' { ',' } else { '.' };
    let both_kinds = marks.contains(&other_kind);
    let repeated = marks.iter().filter(|mark| **mark == last_mark).count() > 1;
    let trailing = last == marks.len() - 1;
    if both_kinds {
        // "1.234,50" and "1,234.50": the last mark is the decimal one, and appears once.
        return if repeated || !trailing {
            Err(AmountProblem::Unreadable)
        } else if digits_after > exponent {
            Err(AmountProblem::TooManyDecimals)
        } else {
            Ok(Some(last))
        };
    }
    if repeated || !trailing {
        // "1.234.567", or "1.234 567": only grouping.
        return Ok(None);
    }
    match digits_after {
        3 if !runs[last].is_empty() => Ok(None),
        n if (1..=exponent).contains(&n) => Ok(Some(last)),
        _ if exponent == 0 => Err(AmountProblem::TooManyDecimals),
        n if n > 3 => Err(AmountProblem::TooManyDecimals),
        _ => Err(AmountProblem::Unreadable),
    }
}

/// Whether grouping marks split the whole part the way people group digits: one kind of
/// mark, groups of three after a first of one to three digits, or the Indian lakh grouping.
fn groups_thousands(marks: &[char], runs: &[String]) -> bool {
    let first_mark = marks[0];
    let one_kind = marks
        .iter()
        .all(|mark| *mark == first_mark || (is_space_mark(*mark) && is_space_mark(first_mark)));
    let Some((first, rest)) = runs.split_first() else {
        return false;
    };
    let western = (1..=3).contains(&first.len()) && rest.iter().all(|run| run.len() == 3);
    let indian = match rest.split_last() {
        Some((last, middle)) => {
            last.len() == 3
                && (1..=2).contains(&first.len())
                && middle.iter().all(|run| run.len() == 2)
        }
        None => false,
    };
    one_kind && (western || indian)
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let format = self.currency.format();
        let figure = self.number_text(true);
        let space = if format.spaced { "\u{a0}" } else { "" };
        if format.symbol_after {
            write!(f, "{figure}{space}{}", format.symbol)
        } else {
            write!(f, "{}{space}{figure}", format.symbol)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(raw: &str) -> Result<Money, FieldError> {
        Money::parse("price", raw, Currency::Usd)
    }

    fn minor(raw: &str, currency: Currency) -> i64 {
        Money::parse("price", raw, currency)
            .unwrap_or_else(|error| panic!("{raw}: {}", error.message))
            .minor_units()
    }

    #[test]
    fn prices_are_read_with_either_decimal_mark() {
        for (raw, expected) in [
            ("30", 3000),
            ("30,50", 3050),
            ("30.50", 3050),
            ("30,5", 3050),
            ("1.234,50", 123_450),
            ("1,234.50", 123_450),
            ("1 234,50", 123_450),
            ("1\u{a0}234,50", 123_450),
            ("1'234.50", 123_450),
            ("1,000", 100_000),
            ("1.000", 100_000),
            ("1.234.567", 123_456_700),
            ("1,234,567.89", 123_456_789),
            (".75", 75),
            (",75", 75),
            ("0", 0),
        ] {
            assert_eq!(minor(raw, Currency::Eur), expected, "{raw}");
        }
    }

    #[test]
    fn the_currency_may_be_written_around_the_figure() {
        assert_eq!(minor("€30,50", Currency::Eur), 3050);
        assert_eq!(minor("30,50 €", Currency::Eur), 3050);
        assert_eq!(minor("EUR 30.50", Currency::Eur), 3050);
        assert_eq!(minor("$45", Currency::Cad), 4500);
        assert_eq!(minor("300 kr", Currency::Sek), 30_000);
        assert_eq!(minor("1.234,50 kr.", Currency::Dkk), 123_450);
        assert_eq!(minor("₹1,23,456.50", Currency::Inr), 12_345_650);
        assert!(Money::parse("price", "£30", Currency::Eur).is_err());
    }

    #[test]
    fn a_negative_price_is_refused() {
        assert_eq!(usd("-5").unwrap_err().message, "Price cannot be negative.");
    }

    #[test]
    fn marks_that_group_no_one_s_way_are_refused_with_an_example() {
        for raw in [
            "1,2,3",
            "1.23.45",
            "12,34,5",
            "1.234,5,6",
            "1,,5",
            "1.,5",
            "30.",
            "1.234 567",
        ] {
            let error = usd(raw).unwrap_err();
            assert!(
                error.message.contains("1,234.50") && error.message.contains("1.234,50"),
                "{raw}: {}",
                error.message
            );
        }
    }

    #[test]
    fn junk_and_excess_precision_are_refused() {
        assert!(usd("abc").is_err());
        assert!(usd("4.5.5").is_err());
        assert_eq!(
            usd("1.234,567").unwrap_err().message,
            "Use at most 2 decimal places, like 1234.50, 1,234.50 or 1.234,50."
        );
        assert!(usd("4.5555").is_err());
        assert!(usd(".").is_err());
        assert!(usd("").is_err());
        assert!(usd("99999999999999999999").is_err());
        assert!(usd("10000001").is_err());
        assert!(Money::parse("price", "10.5", Currency::Jpy).is_err());
        assert_eq!(minor("3,000", Currency::Jpy), 3000);
    }

    #[test]
    fn money_is_displayed_as_its_currency_writes_it() {
        assert_eq!(usd("1234.5").unwrap().to_string(), "$1,234.50");
        assert_eq!(
            Money::parse("price", "1234,5", Currency::Eur)
                .unwrap()
                .to_string(),
            "1.234,50\u{a0}€"
        );
        assert_eq!(
            Money::parse("price", "300", Currency::Sek)
                .unwrap()
                .to_string(),
            "300,00\u{a0}kr"
        );
        assert_eq!(
            Money::parse("price", "3000", Currency::Jpy)
                .unwrap()
                .to_string(),
            "¥3,000"
        );
        assert_eq!(
            Money::parse("price", "123456.5", Currency::Inr)
                .unwrap()
                .to_string(),
            "₹1,23,456.50"
        );
        assert_eq!(
            Money::parse("price", "1234.5", Currency::Chf)
                .unwrap()
                .to_string(),
            "CHF\u{a0}1\u{2019}234.50"
        );
    }

    #[test]
    fn a_price_field_shows_the_figure_without_grouping() {
        assert_eq!(usd("1,234.5").unwrap().field_text(), "1234.50");
        assert_eq!(
            Money::parse("price", "1.234,5", Currency::Eur)
                .unwrap()
                .field_text(),
            "1234,50"
        );
    }

    #[test]
    fn relabelling_keeps_the_figure_and_refuses_lost_cents() {
        let price = usd("45.50").unwrap();
        assert_eq!(
            price.relabelled(Currency::Eur).unwrap().to_string(),
            "45,50\u{a0}€"
        );
        assert_eq!(price.relabelled(Currency::Jpy), None);
        let whole = usd("45").unwrap();
        assert_eq!(whole.relabelled(Currency::Jpy).unwrap().minor_units(), 45);
        assert_eq!(
            whole
                .relabelled(Currency::Jpy)
                .and_then(|yen| yen.relabelled(Currency::Usd)),
            Some(whole)
        );
    }

    #[test]
    fn currencies_parse_from_their_codes() {
        assert_eq!(Currency::parse("currency", "eur").unwrap(), Currency::Eur);
        assert!(Currency::parse("currency", "XXX").is_err());
    }

    proptest! {
        /// Whatever is shown (as a label or in a price field) reads back as the same amount.
        #[test]
        fn what_is_shown_parses_back_to_the_same_amount(
            currency in prop::sample::select(Currency::ALL.to_vec()),
            major in 0_i64..=Money::MAX_MAJOR_UNITS,
            cents in 0_i64..100,
        ) {
            let minor_units = major * 10_i64.pow(currency.exponent())
                + if currency.exponent() == 0 { 0 } else { cents };
            let money = Money::from_minor_units(minor_units, currency).unwrap();
            for shown in [money.to_string(), money.field_text()] {
                let parsed = Money::parse("price", &shown, currency);
                prop_assert_eq!(parsed.as_ref().ok(), Some(&money), "{:?} from {:?}", parsed, shown);
            }
        }

        /// Both ways of writing a decimal agree: swapping the two marks never changes a
        /// readable amount into another readable amount.
        #[test]
        fn either_mark_convention_reads_the_same_amount(
            major in 0_i64..100_000_000,
            cents in 0_i64..100,
        ) {
            let grouped = group_digits(&major.to_string(), ',', false);
            let english = format!("{grouped}.{cents:02}");
            let european = english.replace(',', "_").replace('.', ",").replace('_', ".");
            let english = usd(&english).map(Money::minor_units);
            let european = usd(&european).map(Money::minor_units);
            prop_assert_eq!(english.clone().ok(), european.clone().ok());
            if major <= Money::MAX_MAJOR_UNITS {
                prop_assert_eq!(english.ok(), Some(major * 100 + cents));
            }
        }

        /// Nothing typed makes the parser panic, and what it accepts is within bounds.
        #[test]
        fn any_text_is_read_or_refused(raw in "[0-9.,' €$a-z-]{0,14}") {
            if let Ok(money) = usd(&raw) {
                prop_assert!(money.minor_units() >= 0);
            }
        }
    }
}
