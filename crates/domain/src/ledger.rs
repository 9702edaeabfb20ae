//! The studio's books: every payment received and every refund made, by day, with the day's
//! totals (what a payout of "the day's revenue in one sum" is checked against) and the CSV an
//! accountant opens in a spreadsheet.

use crate::manual_payments::ManualMethod;
use crate::money::{Currency, Money};
use crate::refunds::RefundReason;
#[cfg(feature = "tzdb")]
use crate::timezone::StudioTimezone;
use crate::{FieldError, FieldErrors};
#[cfg(feature = "tzdb")]
use chrono::{DateTime, Utc};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// What moved the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryKind {
    /// A card payment Stripe took.
    CardPayment,
    /// Money the instructor received and recorded.
    Received(ManualMethod),
    /// Money given back to the student's card.
    Refund(RefundCause),
}

/// Why money went back to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundCause {
    /// A cancellation, by its refund policy.
    Cancelled,
    /// The instructor gave it back.
    ByInstructor,
    /// Paid after the booking had ended (expired, rejected or cancelled): all of it goes back.
    LatePayment,
}

impl From<RefundReason> for RefundCause {
    fn from(reason: RefundReason) -> Self {
        match reason {
            RefundReason::Cancelled => RefundCause::Cancelled,
            RefundReason::ByInstructor => RefundCause::ByInstructor,
        }
    }
}

impl EntryKind {
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::CardPayment => "Card payment",
            EntryKind::Received(ManualMethod::Cash) => "Cash",
            EntryKind::Received(ManualMethod::Check) => "Check",
            EntryKind::Received(ManualMethod::BankTransfer) => "Bank transfer",
            EntryKind::Refund(RefundCause::Cancelled) => "Refund (cancelled)",
            EntryKind::Refund(RefundCause::ByInstructor) => "Refund (by you)",
            EntryKind::Refund(RefundCause::LatePayment) => "Refund (paid too late)",
        }
    }

    pub fn is_refund(self) -> bool {
        matches!(self, EntryKind::Refund(_))
    }
}

/// Which entries the instructor asked to see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KindFilter {
    CardPayments,
    Received(ManualMethod),
    Refunds,
}

impl KindFilter {
    pub const ALL: [KindFilter; 5] = [
        KindFilter::CardPayments,
        KindFilter::Received(ManualMethod::Cash),
        KindFilter::Received(ManualMethod::Check),
        KindFilter::Received(ManualMethod::BankTransfer),
        KindFilter::Refunds,
    ];

    /// The form's and the address's name.
    pub fn as_str(self) -> &'static str {
        match self {
            KindFilter::CardPayments => "card",
            KindFilter::Received(method) => method.as_str(),
            KindFilter::Refunds => "refunds",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KindFilter::CardPayments => "Card payments",
            KindFilter::Received(ManualMethod::Cash) => "Cash",
            KindFilter::Received(ManualMethod::Check) => "Checks",
            KindFilter::Received(ManualMethod::BankTransfer) => "Bank transfers",
            KindFilter::Refunds => "Refunds",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    pub fn admits(self, kind: EntryKind) -> bool {
        match (self, kind) {
            (KindFilter::CardPayments, EntryKind::CardPayment) => true,
            (KindFilter::Received(wanted), EntryKind::Received(method)) => wanted == method,
            (KindFilter::Refunds, EntryKind::Refund(_)) => true,
            _ => false,
        }
    }
}

/// The days and kinds of entries asked for: both days inclusive, in the studio's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerWindow {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// `None` for every kind.
    pub kind: Option<KindFilter>,
}

/// The filter form's raw fields (blank: from the first of this month, to today, every kind).
#[derive(Debug, Clone, Copy, Default)]
pub struct LedgerForm<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub kind: &'a str,
}

impl LedgerWindow {
    /// A year and a day, so any calendar or tax year fits in one view or file.
    pub const MAX_DAYS: i64 = 366;

    /// Parses the filters on the studio's `today`, naming each bad field.
    pub fn parse(form: LedgerForm<'_>, today: NaiveDate) -> Result<Self, FieldErrors> {
        use chrono::Datelike;
        let mut errors = FieldErrors::new();
        let mut day = |field: &str, raw: &str, blank: NaiveDate| match raw.trim() {
            "" => Some(blank),
            text => errors.take(crate::dates::parse_date(field, text)),
        };
        let first_day = day("from", form.from, today.with_day(1).unwrap_or(today));
        let last_day = day("to", form.to, today);
        let kind = match form.kind.trim() {
            "" => None,
            text => errors
                .take(KindFilter::from_stored(text).map(Some).ok_or_else(|| {
                    FieldError::new("kind", "Choose a kind of payment from the list.")
                }))
                .flatten(),
        };
        if let (Some(first), Some(last)) = (first_day, last_day) {
            if last < first {
                errors.push(FieldError::new(
                    "to",
                    "The end date must not be before the start date.",
                ));
            } else if (last - first).num_days() + 1 > Self::MAX_DAYS {
                errors.push(FieldError::new(
                    "to",
                    format!(
                        "Choose at most {} days at a time, e.g. one year.",
                        Self::MAX_DAYS
                    ),
                ));
            }
        }
        match (first_day, last_day) {
            (Some(first_day), Some(last_day)) if errors.is_empty() => Ok(Self {
                first_day,
                last_day,
                kind,
            }),
            _ => Err(errors),
        }
    }

    #[cfg(feature = "tzdb")]
    /// The instants the window covers in `zone`: from the start of its first day up to (not
    /// including) the start of the day after its last, whatever their lengths on clock-change
    /// days.
    pub fn instants(self, zone: StudioTimezone) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            zone.start_of_day(self.first_day),
            zone.start_of_day(self.last_day + chrono::Duration::days(1)),
        )
    }

    pub fn admits(self, entry: &LedgerEntry) -> bool {
        (self.first_day..=self.last_day).contains(&entry.day)
            && self.kind.is_none_or(|kind| kind.admits(entry.kind))
    }
}

/// When money moved, on the studio's clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntryTime {
    pub day: NaiveDate,
    /// `None` for money the instructor recorded: only its day is known.
    pub time: Option<NaiveTime>,
}

impl EntryTime {
    #[cfg(feature = "tzdb")]
    pub fn of_instant(zone: StudioTimezone, instant: DateTime<Utc>) -> Self {
        let local = zone.local(instant).naive_local();
        Self {
            day: local.date(),
            time: Some(local.time()),
        }
    }

    pub fn of_day(day: NaiveDate) -> Self {
        Self { day, time: None }
    }
}

/// One payment or refund in the studio's books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub day: NaiveDate,
    pub time: Option<NaiveTime>,
    pub kind: EntryKind,
    /// Never negative: a refund's amount is what went back.
    pub amount: Money,
    pub booking_id: i64,
    pub student_name: String,
    pub student_email: String,
    pub session_type_name: String,
    /// The booked session's start, on the studio's clocks.
    pub session_start: chrono::NaiveDateTime,
    /// The instructor's note on money they recorded, e.g. a check's number.
    pub note: Option<String>,
}

impl LedgerEntry {
    /// The amount as the books count it: refunds below zero.
    pub fn signed_minor_units(&self) -> i64 {
        if self.kind.is_refund() {
            -self.amount.minor_units()
        } else {
            self.amount.minor_units()
        }
    }
}

/// Puts entries in the order the books list them: by day, then time (a recorded payment, whose
/// time is unknown, first in its day), then booking.
pub fn in_order(entries: &mut [LedgerEntry]) {
    entries.sort_by(|a, b| {
        (a.day, a.time, a.booking_id, a.kind.is_refund()).cmp(&(
            b.day,
            b.time,
            b.booking_id,
            b.kind.is_refund(),
        ))
    });
}

/// One day's money in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotal {
    pub day: NaiveDate,
    pub received: Money,
    pub refunded: Money,
}

impl DayTotal {
    /// Received less refunded, below zero on a day that gave back more than it took.
    pub fn net_minor_units(&self) -> i64 {
        self.totals().net_minor_units()
    }

    pub fn currency(&self) -> Currency {
        self.received.currency()
    }

    pub fn totals(&self) -> Totals {
        Totals {
            received: self.received,
            refunded: self.refunded,
        }
    }
}

/// Money received and refunded in one currency, over any span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub received: Money,
    pub refunded: Money,
}

impl Totals {
    /// Received less refunded, below zero when more went back than came in.
    pub fn net_minor_units(&self) -> i64 {
        self.received.minor_units() - self.refunded.minor_units()
    }

    pub fn currency(&self) -> Currency {
        self.received.currency()
    }
}

/// The totals of each day (and currency: a studio that changed currency keeps both) with any
/// entry, earliest first. Amounts beyond [`Money`]'s range saturate at its largest.
pub fn daily_totals(entries: &[LedgerEntry]) -> Vec<DayTotal> {
    let mut sums: std::collections::BTreeMap<(NaiveDate, &'static str), (Currency, i64, i64)> =
        std::collections::BTreeMap::new();
    for entry in entries {
        let currency = entry.amount.currency();
        let sum = sums
            .entry((entry.day, currency.code()))
            .or_insert((currency, 0, 0));
        if entry.kind.is_refund() {
            sum.2 = sum.2.saturating_add(entry.amount.minor_units());
        } else {
            sum.1 = sum.1.saturating_add(entry.amount.minor_units());
        }
    }
    sums.into_iter()
        .map(|((day, _), (currency, received, refunded))| DayTotal {
            day,
            received: bounded(received, currency),
            refunded: bounded(refunded, currency),
        })
        .collect()
}

/// The window's totals, one per currency.
pub fn window_totals(days: &[DayTotal]) -> Vec<Totals> {
    let mut sums: std::collections::BTreeMap<&'static str, Totals> =
        std::collections::BTreeMap::new();
    for day in days {
        let sum = sums.entry(day.currency().code()).or_insert(Totals {
            received: Money::zero(day.currency()),
            refunded: Money::zero(day.currency()),
        });
        let currency = day.currency();
        sum.received = bounded(
            sum.received
                .minor_units()
                .saturating_add(day.received.minor_units()),
            currency,
        );
        sum.refunded = bounded(
            sum.refunded
                .minor_units()
                .saturating_add(day.refunded.minor_units()),
            currency,
        );
    }
    sums.into_values().collect()
}

fn bounded(minor_units: i64, currency: Currency) -> Money {
    Money::from_minor_units(minor_units, currency).unwrap_or_else(|| {
        let largest = Money::MAX_MAJOR_UNITS * 10_i64.pow(currency.exponent());
        Money::from_minor_units(largest, currency).unwrap_or(Money::zero(currency))
    })
}

/// A signed amount as a spreadsheet reads it: a point for decimals, no grouping, no symbol
/// ("-20.00", "3000").
pub fn plain_amount(minor_units: i64, currency: Currency) -> String {
    let exponent = currency.exponent();
    let sign = if minor_units < 0 { "-" } else { "" };
    let magnitude = minor_units.unsigned_abs();
    if exponent == 0 {
        return format!("{sign}{magnitude}");
    }
    let divisor = 10_u64.pow(exponent);
    format!(
        "{sign}{}.{:0width$}",
        magnitude / divisor,
        magnitude % divisor,
        width = exponent as usize
    )
}

/// A signed amount as a person reads it: "$45.00", "−$20.00".
pub fn signed_label(minor_units: i64, currency: Currency) -> String {
    let magnitude = bounded(minor_units.saturating_abs(), currency);
    if minor_units < 0 {
        format!("\u{2212}{magnitude}")
    } else {
        magnitude.to_string()
    }
}

/// The CSV file's first line.
pub const CSV_HEADER: &str =
    "Date,Time,Type,Amount,Currency,Student,Email,Session,Session start,Booking,Note\r\n";

/// One entry as a CSV line (RFC 4180, CRLF), times on the studio's clocks.
pub fn csv_line(entry: &LedgerEntry) -> String {
    let fields = [
        entry.day.format("%Y-%m-%d").to_string(),
        entry
            .time
            .map(|time| time.format("%H:%M").to_string())
            .unwrap_or_default(),
        entry.kind.label().to_owned(),
        plain_amount(entry.signed_minor_units(), entry.amount.currency()),
        entry.amount.currency().code().to_owned(),
        entry.student_name.clone(),
        entry.student_email.clone(),
        entry.session_type_name.clone(),
        entry.session_start.format("%Y-%m-%d %H:%M").to_string(),
        entry.booking_id.to_string(),
        entry.note.clone().unwrap_or_default(),
    ];
    let mut line = fields
        .iter()
        .map(|field| csv_field(field))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A field quoted when it must be, and defused when a spreadsheet would run it as a formula
/// (a student's name may begin with "="): such text gets a leading apostrophe. A plain
/// number, negative ones included, is left as it is.
pub fn csv_field(text: &str) -> String {
    let formula_like = text
        .chars()
        .next()
        .is_some_and(|first| matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r'))
        && !is_plain_number(text);
    let text = if formula_like {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|byte| byte.is_ascii_digit())
        && fraction.is_none_or(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn usd(minor: i64) -> Money {
        Money::from_minor_units(minor, Currency::Usd).unwrap()
    }

    fn entry(on: &str, kind: EntryKind, amount: Money) -> LedgerEntry {
        LedgerEntry {
            day: day(on),
            time: None,
            kind,
            amount,
            booking_id: 7,
            student_name: "Ada Lovelace".into(),
            student_email: "ada@example.com".into(),
            session_type_name: "Lesson".into(),
            session_start: day(on).and_hms_opt(9, 0, 0).unwrap(),
            note: None,
        }
    }

    fn form<'a>(from: &'a str, to: &'a str, kind: &'a str) -> LedgerForm<'a> {
        LedgerForm { from, to, kind }
    }

    #[test]
    fn a_blank_form_shows_this_month_up_to_today_of_every_kind() {
        let window = LedgerWindow::parse(LedgerForm::default(), day("2026-12-03")).unwrap();
        assert_eq!(window.first_day, day("2026-12-01"));
        assert_eq!(window.last_day, day("2026-12-03"));
        assert_eq!(window.kind, None);
    }

    #[test]
    fn each_bad_filter_is_named() {
        let errors =
            LedgerWindow::parse(form("soon", "2026-12-01", "gold"), day("2026-12-03")).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["from", "kind"]);
    }

    #[test]
    fn an_end_before_the_start_is_refused_at_the_end_date() {
        let errors = LedgerWindow::parse(form("2026-12-02", "2026-12-01", ""), day("2026-12-03"))
            .unwrap_err();
        assert_eq!(errors.0[0].field, "to");
        assert!(errors.0[0].message.contains("before the start"));
    }

    #[test]
    fn a_leap_year_fits_but_a_longer_window_does_not() {
        let today = day("2026-12-03");
        assert!(LedgerWindow::parse(form("2024-01-01", "2024-12-31", ""), today).is_ok());
        let errors = LedgerWindow::parse(form("2024-01-01", "2025-01-01", ""), today).unwrap_err();
        assert!(errors.0[0].message.contains("366 days"));
    }

    #[test]
    fn a_kind_filter_admits_its_own_entries_only() {
        let window = LedgerWindow::parse(form("", "", "check"), day("2026-12-03")).unwrap();
        assert!(window.admits(&entry(
            "2026-12-02",
            EntryKind::Received(ManualMethod::Check),
            usd(100)
        )));
        assert!(!window.admits(&entry(
            "2026-12-02",
            EntryKind::Received(ManualMethod::Cash),
            usd(100)
        )));
        assert!(!window.admits(&entry(
            "2026-11-30",
            EntryKind::Received(ManualMethod::Check),
            usd(100)
        )));
        let refunds = LedgerWindow::parse(form("", "", "refunds"), day("2026-12-03")).unwrap();
        assert!(refunds.admits(&entry(
            "2026-12-01",
            EntryKind::Refund(RefundCause::LatePayment),
            usd(100)
        )));
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn the_window_runs_from_local_midnight_to_the_next_day_after_its_last() {
        let zone = StudioTimezone::parse("zone", "America/New_York").unwrap();
        let window =
            LedgerWindow::parse(form("2026-11-01", "2026-11-01", ""), day("2026-12-03")).unwrap();
        let (from, to) = window.instants(zone);
        assert_eq!(from.to_rfc3339(), "2026-11-01T04:00:00+00:00");
        // That Sunday the clocks went back: the day lasts 25 hours.
        assert_eq!((to - from).num_hours(), 25);
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn a_payment_late_in_the_evening_counts_on_the_studios_day() {
        let zone = StudioTimezone::parse("zone", "America/Los_Angeles").unwrap();
        let instant = "2026-12-03T05:30:00Z".parse::<DateTime<Utc>>().unwrap();
        let time = EntryTime::of_instant(zone, instant);
        assert_eq!(time.day, day("2026-12-02"));
        assert_eq!(time.time.unwrap().format("%H:%M").to_string(), "21:30");
    }

    #[test]
    fn daily_totals_count_payments_in_and_refunds_out_per_day_and_currency() {
        let eur = |minor| Money::from_minor_units(minor, Currency::Eur).unwrap();
        let entries = [
            entry("2026-12-01", EntryKind::CardPayment, usd(4500)),
            entry(
                "2026-12-01",
                EntryKind::Received(ManualMethod::Cash),
                usd(2000),
            ),
            entry(
                "2026-12-01",
                EntryKind::Refund(RefundCause::Cancelled),
                usd(1500),
            ),
            entry("2026-12-01", EntryKind::CardPayment, eur(3000)),
            entry(
                "2026-12-02",
                EntryKind::Refund(RefundCause::ByInstructor),
                usd(1000),
            ),
        ];
        let totals = daily_totals(&entries);
        let shown: Vec<(String, String, String, i64)> = totals
            .iter()
            .map(|total| {
                (
                    total.day.to_string(),
                    total.received.to_string(),
                    total.refunded.to_string(),
                    total.net_minor_units(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "2026-12-01".into(),
                    "30,00\u{a0}€".into(),
                    "0,00\u{a0}€".into(),
                    3000
                ),
                ("2026-12-01".into(), "$65.00".into(), "$15.00".into(), 5000),
                ("2026-12-02".into(), "$0.00".into(), "$10.00".into(), -1000),
            ]
        );
        let whole: Vec<i64> = window_totals(&totals)
            .iter()
            .map(Totals::net_minor_units)
            .collect();
        assert_eq!(whole, [3000, 4000]);
    }

    #[test]
    fn recorded_payments_come_first_in_their_day_then_by_time() {
        let mut card = entry("2026-12-01", EntryKind::CardPayment, usd(100));
        card.time = NaiveTime::from_hms_opt(8, 0, 0);
        let cash = entry(
            "2026-12-01",
            EntryKind::Received(ManualMethod::Cash),
            usd(100),
        );
        let earlier = entry("2026-11-30", EntryKind::CardPayment, usd(100));
        let mut entries = vec![card.clone(), cash.clone(), earlier.clone()];
        in_order(&mut entries);
        assert_eq!(entries, [earlier, cash, card]);
    }

    #[test]
    fn amounts_are_written_plainly_for_spreadsheets() {
        assert_eq!(plain_amount(-2000, Currency::Usd), "-20.00");
        assert_eq!(plain_amount(5, Currency::Eur), "0.05");
        assert_eq!(plain_amount(3000, Currency::Jpy), "3000");
        assert_eq!(signed_label(-2000, Currency::Usd), "\u{2212}$20.00");
    }

    #[test]
    fn a_refund_is_a_negative_line_in_the_csv() {
        let mut refund = entry(
            "2026-12-01",
            EntryKind::Refund(RefundCause::ByInstructor),
            usd(2000),
        );
        refund.note = Some("Sorry, \"rain\"".into());
        assert_eq!(
            csv_line(&refund),
            "2026-12-01,,Refund (by you),-20.00,USD,Ada Lovelace,ada@example.com,Lesson,\
             2026-12-01 09:00,7,\"Sorry, \"\"rain\"\"\"\r\n"
        );
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_defused_but_numbers_are_not() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1 555"), "'+1 555");
        assert_eq!(csv_field("@sum"), "'@sum");
        assert_eq!(csv_field("-20.00"), "-20.00");
        assert_eq!(csv_field("-"), "'-");
        assert_eq!(csv_field("Zoë"), "Zoë");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    }
}
