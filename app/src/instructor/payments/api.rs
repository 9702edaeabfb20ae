//! The payments page's server function and its wire types.

#[cfg(feature = "ssr")]
use super::server::{books, payments_view};
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page's filters as the form and the address carry them (blank: this month to today, every
/// kind). The CSV export reads the same ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsFilter {
    /// ISO dates, inclusive, in the studio's zone.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// One of `domain::ledger::KindFilter`'s names, or blank for every kind.
    #[serde(default)]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsView {
    /// The window shown, as ISO dates for the date fields.
    pub from: String,
    pub to: String,
    pub kind: String,
    /// `(value, label)` of each kind the filter offers.
    pub kinds: Vec<(String, String)>,
    /// "Times in Europe/Paris".
    pub zone_label: String,
    /// The window's totals, one line per currency.
    pub totals: Vec<TotalView>,
    /// Each day with money moved, earliest first (one line per currency).
    pub days: Vec<TotalView>,
    pub entries: Vec<EntryView>,
    /// The same window as a CSV file.
    pub csv_href: String,
}

/// Money in, money out and what is left, of a day or of the whole window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalView {
    /// "Tuesday 1 December 2026", or the window's days for its total.
    pub label: String,
    pub received: String,
    pub refunded: String,
    pub net: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    /// "1 Dec 2026".
    pub date_label: String,
    /// "14:05", blank for money recorded by the day.
    pub time_label: String,
    /// "Card payment", "Check", "Refund (cancelled)"…
    pub kind_label: String,
    /// "$45.00", "−$20.00".
    pub amount_label: String,
    pub refund: bool,
    pub booking_id: i64,
    pub student_name: String,
    pub session_type_name: String,
    /// "3 Dec 2026, 09:00".
    pub session_label: String,
    pub note: Option<String>,
}

/// The studio's payments and refunds in the filter's window, with its daily totals.
#[server(endpoint = "payments")]
pub async fn payments(#[server(flatten)] filter: PaymentsFilter) -> Result<PaymentsView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let books = books(&state, &studio, &filter).await?;
    Ok(payments_view(&studio, &books))
}
