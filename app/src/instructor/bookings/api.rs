//! The studio's bookings: the list, the agenda, one booking's detail and its actions.

#[cfg(feature = "ssr")]
use super::server::{
    apply_instructor_event, list_item, list_items, message_log, money_of, owned_booking,
    parse_filter, resend,
};
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;
use crate::shared::views::BookingOptionsView;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingListItem {
    pub id: i64,
    /// ISO date of the session in the studio's zone, for grouping by day.
    pub date: String,
    pub date_label: String,
    pub time_label: String,
    pub session_type_name: String,
    pub student_name: String,
    pub student_email: String,
    pub status: domain::booking::BookingStatus,
    /// Made by the instructor through Client View: not a sale, and released once completed.
    pub preview: bool,
    /// (question, answer) in the order asked.
    pub answers: Vec<(String, String)>,
    /// The student's email is on the studio's member list.
    pub member: bool,
    pub payment_label: Option<String>,
}

/// The filters of the bookings list, as the form sends them (blank means any).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingFilter {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub session_type_id: String,
    /// ISO dates, inclusive, in the studio's zone.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub search: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingDetailView {
    pub item: BookingListItem,
    pub session_type_id: i64,
    pub start: String,
    pub message: Option<String>,
    /// What the instructor may do to it now, as `domain::lifecycle::InstructorActions` decides.
    pub can_cancel: bool,
    pub can_reject: bool,
    pub can_record_attendance: bool,
    /// Money received outside the app can be recorded: it confirms a pending booking and
    /// lowers the balance of one that goes ahead.
    pub record_payment: Option<RecordPaymentView>,
    pub can_move: bool,
    /// Every email of the booking, sent or due, earliest first.
    pub messages: Vec<MessageView>,
    /// The student's answer to the survey, once given.
    pub survey: Option<SurveyAnswerView>,
    /// What the booking costs, what its card payments took and what went back: (label, amount).
    pub money: Vec<(String, String)>,
    /// What can still be given back to the student's card, when anything can.
    pub refundable: Option<RefundableView>,
    /// What cancelling now gives back to the student's card, e.g. "€45.00".
    pub cancel_refund_label: Option<String>,
    /// The invoice of each payment and refund, as (label, path of its printable page).
    pub invoices: Vec<(String, String)>,
    /// The contract the client signed, as (what and by whom, path of its printable copy).
    pub signed_contract: Option<(String, String)>,
}

/// The form that records a payment received, filled in with what is still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPaymentView {
    /// For the amount field, e.g. "105.00"; blank when no price was kept.
    pub amount_text: String,
    /// "$105.00 is still owed.", or nothing when no price was kept.
    pub owed_label: Option<String>,
    /// Today in the studio's zone, the date field's default and latest day.
    pub today: String,
    /// `(value, label)` of each way money arrives.
    pub methods: Vec<(String, String)>,
}

/// The most a refund of the booking may give back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundableView {
    /// For the amount field, e.g. "45.00".
    pub field_text: String,
    /// e.g. "€45.00".
    pub label: String,
}

/// A student's rating of a session and what they wrote with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswerView {
    /// "4 out of 5".
    pub rating_label: String,
    pub comment: String,
    /// When, in the studio's zone.
    pub answered_label: String,
}

/// One email of a booking, as its log lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    /// "Booking confirmation", "Reminder a day before"…
    pub what: String,
    /// "Student (ada@example.com)" or "You".
    pub to: String,
    /// When it is (or was) due, in the studio's zone.
    pub due_label: String,
    /// "Sent", "Waiting", "Sending", "Retrying", "Failed" or "Cancelled".
    pub state_label: String,
    pub sent_label: Option<String>,
    pub attempts: u32,
    /// Why the last attempt failed, as the mail server said.
    pub last_error: Option<String>,
    /// Sent and failed messages can be sent again.
    pub can_resend: bool,
}

/// The studio's bookings that match the filters, soonest first.
#[server(endpoint = "bookings")]
pub async fn bookings(
    #[server(flatten)] filter: BookingFilter,
) -> Result<Vec<BookingListItem>, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let zone = studio.settings.timezone;
    let query = parse_filter(&filter, zone)?;
    let bookings = state.store.bookings(studio.id, &query).await?;
    list_items(&state, &studio, &bookings).await
}

#[server(endpoint = "booking_detail")]
pub async fn booking_detail(id: i64) -> Result<BookingDetailView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    let booking = &summary.booking;
    let member = match &booking.booker {
        Some(booker) => state.store.is_member(studio.id, &booker.email).await?,
        None => false,
    };
    let actions = domain::lifecycle::InstructorActions::of(
        booking.state,
        domain::lifecycle::Moment {
            now: state.now(),
            session_start: booking.start,
        },
    );
    let money = money_of(&state, &studio, booking).await?;
    Ok(BookingDetailView {
        item: list_item(studio.settings.timezone, &summary, member),
        session_type_id: booking.session_type_id,
        start: booking
            .start
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        message: booking.message.clone(),
        can_cancel: actions.cancel,
        can_reject: actions.reject,
        can_record_attendance: actions.record_attendance,
        record_payment: match money.balance {
            _ if !actions.record_payment => None,
            Some(owed) if owed.is_zero() => None,
            balance => Some(RecordPaymentView {
                amount_text: balance.map(|owed| owed.field_text()).unwrap_or_default(),
                owed_label: balance.map(|owed| format!("{owed} is still owed.")),
                today: domain::dates::iso_date(
                    studio.settings.timezone.local(state.now()).date_naive(),
                ),
                methods: domain::manual_payments::ManualMethod::ALL
                    .iter()
                    .map(|method| (method.as_str().to_owned(), method.label().to_owned()))
                    .collect(),
            }),
        },
        can_move: actions.move_to_another_time,
        messages: message_log(&state, &studio, booking).await?,
        money: money.lines,
        invoices: crate::server::invoices::invoice_links(&state, booking).await?,
        signed_contract: state
            .store
            .signed_contract(booking.id)
            .await?
            .map(|signed| {
                (
                    format!(
                        "{} · signed by {} on {}",
                        signed.title,
                        signed.signed_name,
                        studio.settings.timezone.long_moment(signed.signed_at)
                    ),
                    crate::server::contracts::signed_copy_path(&state.booking_path(booking)),
                )
            }),
        refundable: money.refundable,
        cancel_refund_label: if actions.cancel {
            money.on_cancel
        } else {
            None
        },
        survey: state
            .store
            .survey_answer(booking.id)
            .await?
            .map(|(answer, at)| SurveyAnswerView {
                rating_label: format!("{} out of 5", answer.rating.value()),
                comment: answer.comment,
                answered_label: studio.settings.timezone.long_moment(at),
            }),
    })
}

/// Gives `amount` back to the student's card, at most what the booking's card payments have
/// left to give back; Stripe makes it at the next sweep and the student is emailed then.
#[server(endpoint = "refund_booking")]
pub async fn refund_booking(id: i64, #[server(default)] amount: String) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    let booking = &summary.booking;
    let books =
        crate::server::money::BookingMoney::of(&state, booking, studio.settings.currency).await?;
    let amount = domain::money::Money::parse("amount", &amount, books.currency)?;
    crate::server::refunds::refund_by_instructor(&state, booking, &books, amount).await
}

/// Records money received outside the app (cash, a check, a bank transfer): a pending booking
/// is confirmed and its student told; any booking's balance goes down. At most what is owed.
#[server(endpoint = "record_payment")]
pub async fn record_payment(
    id: i64,
    #[server(default)] amount: String,
    #[server(default)] method: String,
    #[server(default)] received_on: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    crate::server::money::record_received_payment(
        &state,
        &studio,
        &summary.booking,
        domain::manual_payments::ReceivedPaymentForm {
            amount: &amount,
            method: &method,
            received_on: &received_on,
            note: &note,
        },
    )
    .await?;
    Ok(())
}

/// Sends one of a booking's emails again, as it would be written now.
#[server(endpoint = "resend_message")]
pub async fn resend_message(id: i64, message_id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    resend(&state, &summary.booking, message_id).await
}

#[server(endpoint = "cancel_booking")]
pub async fn cancel_booking(id: i64, #[server(default)] message: String) -> Result<(), AppError> {
    use domain::lifecycle::{BookingEvent, Party};
    apply_instructor_event(
        id,
        BookingEvent::Cancel {
            by: Party::Instructor,
        },
        Some(message),
    )
    .await
}

#[server(endpoint = "reject_booking")]
pub async fn reject_booking(id: i64, #[server(default)] message: String) -> Result<(), AppError> {
    apply_instructor_event(id, domain::lifecycle::BookingEvent::Reject, Some(message)).await
}

/// Records the outcome of a booking that took place: `completed` or `no_show`.
#[server(endpoint = "record_booking_outcome")]
pub async fn record_booking_outcome(id: i64, outcome: String) -> Result<(), AppError> {
    use domain::lifecycle::BookingEvent;
    let event = match outcome.trim() {
        "completed" => BookingEvent::MarkCompleted,
        "no_show" => BookingEvent::MarkNoShow,
        _ => {
            return Err(AppError::field("outcome", "Choose completed or no-show."));
        }
    };
    apply_instructor_event(id, event, None).await
}

/// Free times the booking could move to (its own seat does not count against it).
#[server(endpoint = "move_options")]
pub async fn move_options(
    id: i64,
    #[server(default)] month: Option<String>,
    #[server(default)] date: Option<String>,
) -> Result<BookingOptionsView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    let session_type =
        crate::server::booking_ops::session_type_of(&state, &studio, &summary.booking).await?;
    crate::server::booking_ops::booking_options_for(
        &state,
        &studio,
        &session_type,
        &crate::server::booking_ops::Viewer::default(),
        (month.as_deref(), date.as_deref()),
        Some(&summary.booking),
        None,
    )
    .await
}

#[server(endpoint = "move_booking")]
pub async fn move_booking(id: i64, start: String) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    let session_type =
        crate::server::booking_ops::session_type_of(&state, &studio, &summary.booking).await?;
    crate::server::booking_ops::move_to(&state, &studio, &session_type, &summary.booking, &start)
        .await?;
    Ok(())
}

/// One day of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDay {
    pub date_label: String,
    pub items: Vec<BookingListItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaView {
    /// `day` or `week`.
    pub range: String,
    pub label: String,
    /// ISO dates of the period before and after.
    pub previous: String,
    pub next: String,
    /// Every day of the period, empty ones included.
    pub days: Vec<AgendaDay>,
}

/// The sessions of a day or of a week (Monday first) in the studio's zone, cancelled and
/// expired ones left out.
#[server(endpoint = "agenda")]
pub async fn agenda(
    #[server(default)] range: String,
    #[server(default)] date: String,
) -> Result<AgendaView, AppError> {
    use chrono::Datelike;
    use domain::booking::BookingStatus;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let zone = studio.settings.timezone;
    let week = match range.trim() {
        "" | "week" => true,
        "day" => false,
        _ => return Err(AppError::field("range", "Choose a day or a week.")),
    };
    let date = match date.trim() {
        "" => zone.local(state.now()).date_naive(),
        text => domain::dates::parse_date("date", text)?,
    };
    let (first, days) = if week {
        (
            date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday())),
            7,
        )
    } else {
        (date, 1)
    };
    let after = first + chrono::Duration::days(days);
    let query = store::BookingQuery {
        from: Some(zone.start_of_day(first)),
        to: Some(zone.start_of_day(after)),
        ..store::BookingQuery::default()
    };
    let bookings = state.store.bookings(studio.id, &query).await?;
    let items = list_items(
        &state,
        &studio,
        bookings.iter().filter(|summary| {
            !matches!(
                summary.booking.status(),
                BookingStatus::Cancelled | BookingStatus::Rejected | BookingStatus::Expired
            )
        }),
    )
    .await?;
    let iso = |date: chrono::NaiveDate| date.format("%Y-%m-%d").to_string();
    Ok(AgendaView {
        range: if week { "week" } else { "day" }.to_owned(),
        label: if week {
            format!("Week of {}", first.format("%A %-d %B %Y"))
        } else {
            first.format("%A %-d %B %Y").to_string()
        },
        previous: iso(first - chrono::Duration::days(days)),
        next: iso(after),
        days: first
            .iter_days()
            .take(days as usize)
            .map(|day| AgendaDay {
                date_label: day.format("%A %-d %B").to_string(),
                items: items
                    .iter()
                    .filter(|item| item.date == iso(day))
                    .cloned()
                    .collect(),
            })
            .collect(),
    })
}
