//! The studio's books on the server: read for a window, shown on the page or written as CSV.

use super::api::{EntryView, PaymentsFilter, PaymentsView, TotalView};
use crate::server::state::AppState;
use crate::shared::error::AppError;
use domain::ledger::{
    EntryTime, KindFilter, LedgerEntry, LedgerForm, LedgerWindow, Totals, daily_totals, in_order,
    signed_label, window_totals,
};
use domain::timezone::StudioTimezone;
use store::{LedgerItem, LedgerQuery, LedgerWhen, Studio};

/// A window of the studio's books, its entries in order.
pub struct Books {
    pub window: LedgerWindow,
    pub entries: Vec<LedgerEntry>,
}

/// Reads the studio's books for the filter, on the studio's today; bad filters are named.
pub async fn books(
    state: &AppState,
    studio: &Studio,
    filter: &PaymentsFilter,
) -> Result<Books, AppError> {
    let zone = studio.settings.timezone;
    let today = zone.local(state.now()).date_naive();
    let window = LedgerWindow::parse(
        LedgerForm {
            from: &filter.from,
            to: &filter.to,
            kind: &filter.kind,
        },
        today,
    )?;
    let (from, to) = window.instants(zone);
    let items = state
        .store
        .ledger(&LedgerQuery {
            studio_id: studio.id,
            from,
            to,
            first_day: window.first_day,
            last_day: window.last_day,
        })
        .await?;
    let mut entries: Vec<LedgerEntry> = items
        .into_iter()
        .map(|item| entry_of(zone, item))
        .filter(|entry| window.admits(entry))
        .collect();
    in_order(&mut entries);
    Ok(Books { window, entries })
}

fn entry_of(zone: StudioTimezone, item: LedgerItem) -> LedgerEntry {
    let time = match item.when {
        LedgerWhen::At(instant) => EntryTime::of_instant(zone, instant),
        LedgerWhen::On(day) => EntryTime::of_day(day),
    };
    LedgerEntry {
        day: time.day,
        time: time.time,
        kind: item.kind,
        amount: item.amount,
        booking_id: item.booking_id,
        student_name: item.student_name,
        student_email: item.student_email,
        session_type_name: item.session_type_name,
        session_start: zone.local(item.session_start).naive_local(),
        note: item.note,
    }
}

/// The books as a CSV file: a byte-order mark so spreadsheets read names in UTF-8, the header,
/// then one line per entry.
pub fn csv_of(books: &Books) -> String {
    let mut csv = String::from("\u{feff}");
    csv.push_str(domain::ledger::CSV_HEADER);
    for entry in &books.entries {
        csv.push_str(&domain::ledger::csv_line(entry));
    }
    csv
}

/// The CSV file's name, e.g. `payments-2026-12-01-to-2026-12-31.csv`.
pub fn csv_file_name(books: &Books) -> String {
    format!(
        "payments-{}-to-{}.csv",
        domain::dates::iso_date(books.window.first_day),
        domain::dates::iso_date(books.window.last_day)
    )
}

pub(crate) fn payments_view(studio: &Studio, books: &Books) -> PaymentsView {
    let window = books.window;
    let from = domain::dates::iso_date(window.first_day);
    let to = domain::dates::iso_date(window.last_day);
    let kind = window.kind.map(KindFilter::as_str).unwrap_or_default();
    let days = daily_totals(&books.entries);
    let span = if window.first_day == window.last_day {
        window.first_day.format("%-d %b %Y").to_string()
    } else {
        format!(
            "{} – {}",
            window.first_day.format("%-d %b %Y"),
            window.last_day.format("%-d %b %Y")
        )
    };
    PaymentsView {
        csv_href: format!("/dashboard/payments.csv?from={from}&to={to}&kind={kind}"),
        from,
        to,
        kind: kind.to_owned(),
        kinds: KindFilter::ALL
            .iter()
            .map(|kind| (kind.as_str().to_owned(), kind.label().to_owned()))
            .collect(),
        zone_label: format!("Times in {}", studio.settings.timezone.name()),
        totals: window_totals(&days)
            .iter()
            .map(|total| total_view(span.clone(), total))
            .collect(),
        days: days
            .iter()
            .map(|day| total_view(day.day.format("%A %-d %B %Y").to_string(), &day.totals()))
            .collect(),
        entries: books.entries.iter().map(entry_view).collect(),
    }
}

fn total_view(label: String, total: &Totals) -> TotalView {
    TotalView {
        label,
        received: total.received.to_string(),
        refunded: total.refunded.to_string(),
        net: signed_label(total.net_minor_units(), total.currency()),
    }
}

fn entry_view(entry: &LedgerEntry) -> EntryView {
    EntryView {
        date_label: entry.day.format("%-d %b %Y").to_string(),
        time_label: entry
            .time
            .map(|time| time.format("%H:%M").to_string())
            .unwrap_or_default(),
        kind_label: entry.kind.label().to_owned(),
        amount_label: signed_label(entry.signed_minor_units(), entry.amount.currency()),
        refund: entry.kind.is_refund(),
        booking_id: entry.booking_id,
        student_name: entry.student_name.clone(),
        session_type_name: entry.session_type_name.clone(),
        session_label: entry.session_start.format("%-d %b %Y, %H:%M").to_string(),
        note: entry.note.clone(),
    }
}
