//! The instructor's bookings: the filtered list, the agenda, one booking's detail and the
//! actions on it (cancel, reject, record attendance or payment, move).

use super::student::BookingOptionsView;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::convert;
#[cfg(feature = "ssr")]
use crate::state::{AppState, app_state, now, require_studio};

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
    pub status: String,
    pub status_label: String,
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
    pub can_cancel: bool,
    pub can_reject: bool,
    pub can_record_attendance: bool,
    pub can_mark_paid: bool,
    pub can_move: bool,
}

#[cfg(feature = "ssr")]
fn list_item(
    zone: domain::timezone::StudioTimezone,
    summary: &store::BookingSummary,
    member: bool,
) -> BookingListItem {
    let booking = &summary.booking;
    BookingListItem {
        id: booking.id,
        date: zone
            .local(booking.start)
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
        date_label: zone.long_date(booking.start),
        time_label: zone.time_range(booking.start, booking.end),
        session_type_name: summary.session_type_name.clone(),
        student_name: booking
            .booker
            .as_ref()
            .map(|booker| booker.name.to_string())
            .unwrap_or_default(),
        student_email: booking
            .booker
            .as_ref()
            .map(|booker| booker.email.to_string())
            .unwrap_or_default(),
        status: booking.status().as_str().to_owned(),
        status_label: booking.status().label().to_owned(),
        answers: convert::answer_pairs(&booking.answers),
        member,
        payment_label: booking.payment.map(|choice| choice.label().to_owned()),
    }
}

#[cfg(feature = "ssr")]
fn parse_filter(
    filter: &BookingFilter,
    zone: domain::timezone::StudioTimezone,
) -> Result<store::BookingQuery, AppError> {
    use domain::booking::BookingStatus;
    let mut errors = domain::FieldErrors::new();
    let status =
        match filter.status.trim() {
            "" => None,
            text => errors
                .take(BookingStatus::from_stored(text).map(Some).ok_or_else(|| {
                    domain::FieldError::new("status", "Choose a status from the list.")
                }))
                .flatten(),
        };
    let session_type_id = match filter.session_type_id.trim() {
        "" => None,
        text => errors
            .take(text.parse::<i64>().map(Some).map_err(|_| {
                domain::FieldError::new("session_type_id", "Choose a session type from the list.")
            }))
            .flatten(),
    };
    let mut day = |field: &str, raw: &str| match raw.trim() {
        "" => None,
        text => errors.take(domain::dates::parse_date(field, text)),
    };
    let from = day("from", &filter.from).map(|date| zone.start_of_day(date));
    // Up to the start of the next local day, whatever its length on a clock-change day.
    let to = day("to", &filter.to).map(|date| zone.start_of_day(date + chrono::Duration::days(1)));
    if let (Some(from), Some(to)) = (from, to)
        && to <= from
    {
        errors.push(domain::FieldError::new(
            "to",
            "The end date must not be before the start date.",
        ));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let search = filter.search.trim();
    Ok(store::BookingQuery {
        status,
        session_type_id,
        from,
        to,
        search: (!search.is_empty()).then(|| search.chars().take(100).collect()),
    })
}

#[cfg(feature = "ssr")]
async fn member_emails(
    state: &AppState,
    studio: &store::Studio,
) -> Result<std::collections::HashSet<domain::text::Email>, AppError> {
    Ok(state
        .store
        .members(studio.id)
        .await?
        .into_iter()
        .map(|member| member.email)
        .collect())
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
    let members = member_emails(&state, &studio).await?;
    Ok(bookings
        .iter()
        .map(|summary| {
            let member = summary
                .booking
                .booker
                .as_ref()
                .is_some_and(|booker| members.contains(&booker.email));
            list_item(zone, summary, member)
        })
        .collect())
}

/// One of the studio's bookings; another studio's id is "not found".
#[cfg(feature = "ssr")]
async fn owned_booking(
    state: &AppState,
    studio: &store::Studio,
    id: i64,
) -> Result<store::BookingSummary, AppError> {
    state
        .store
        .booking(studio.id, id)
        .await?
        .filter(|summary| summary.booking.booker.is_some())
        .ok_or_else(|| AppError::NotFound("This booking does not exist.".to_owned()))
}

#[server(endpoint = "booking_detail")]
pub async fn booking_detail(id: i64) -> Result<BookingDetailView, AppError> {
    use domain::lifecycle::BookingState;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    let booking = &summary.booking;
    let member = match &booking.booker {
        Some(booker) => state.store.is_member(studio.id, &booker.email).await?,
        None => false,
    };
    let now = now();
    let open = matches!(
        booking.state,
        BookingState::Confirmed | BookingState::PaymentPending { .. }
    );
    Ok(BookingDetailView {
        item: list_item(studio.settings.timezone, &summary, member),
        session_type_id: booking.session_type_id,
        start: booking
            .start
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        message: booking.message.clone(),
        can_cancel: open,
        can_reject: matches!(booking.state, BookingState::PaymentPending { .. }),
        can_record_attendance: matches!(
            booking.state,
            BookingState::Confirmed | BookingState::Completed | BookingState::NoShow
        ) && booking.start <= now,
        can_mark_paid: matches!(booking.state, BookingState::PaymentPending { deadline } if deadline > now),
        can_move: open && booking.start > now,
    })
}

/// What the instructor does to a booking.
#[cfg(feature = "ssr")]
async fn apply_instructor_event(
    id: i64,
    event: domain::lifecycle::BookingEvent,
    message: Option<String>,
) -> Result<(), AppError> {
    use domain::lifecycle::{BookingEvent, Moment};
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    let booking = summary.booking;
    let message = message
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    if let Some(text) = &message
        && text.chars().count() > 1000
    {
        return Err(AppError::field(
            "message",
            "Keep the message under 1,000 characters.",
        ));
    }
    let next = booking
        .state
        .apply(
            event,
            Moment {
                now: now(),
                session_start: booking.start,
            },
        )
        .map_err(|error| {
            let text = error.to_string();
            let mut chars = text.chars();
            let sentence: String = chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            AppError::Unavailable(format!("{sentence}."))
        })?;
    if !state
        .store
        .change_state(booking.id, booking.state, next, message.as_deref())
        .await?
    {
        return Err(AppError::Unavailable(
            "This booking changed meanwhile. Reload the page to see it as it is now.".to_owned(),
        ));
    }
    let zone = studio.settings.timezone;
    let when = format!(
        "{}, {} ({})",
        zone.long_date(booking.start),
        zone.time_range(booking.start, booking.end),
        zone.name()
    );
    let told = match event {
        BookingEvent::Cancel { .. } => Some(("cancelled", "Cancelled")),
        BookingEvent::Reject => Some(("declined", "Declined")),
        BookingEvent::PaymentReceived => Some(("confirmed: your payment arrived", "Confirmed")),
        _ => None,
    };
    if let (Some((what, subject)), Some(booker)) = (told, &booking.booker) {
        let mut body = format!(
            "Hello {},\n\n{} has {what} your booking of {} on {when}.\n",
            booker.name, studio.settings.name, summary.session_type_name
        );
        if let Some(text) = &message {
            body.push_str(&format!(
                "\nMessage from {}:\n{text}\n",
                studio.settings.name
            ));
        }
        state.send_in_background(crate::mail::OutgoingEmail {
            to: booker.email.clone(),
            subject: format!("{subject}: {}", summary.session_type_name),
            body,
        });
    }
    Ok(())
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

/// Records the outcome of a booking: `completed`, `no_show` or `paid` (a pending payment arrived).
#[server(endpoint = "record_booking_outcome")]
pub async fn record_booking_outcome(id: i64, outcome: String) -> Result<(), AppError> {
    use domain::lifecycle::BookingEvent;
    let event = match outcome.trim() {
        "completed" => BookingEvent::MarkCompleted,
        "no_show" => BookingEvent::MarkNoShow,
        "paid" => BookingEvent::PaymentReceived,
        _ => {
            return Err(AppError::field(
                "outcome",
                "Choose completed, no-show or paid.",
            ));
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
    let session_type = state
        .store
        .session_type(studio.id, summary.booking.session_type_id)
        .await?
        .ok_or(AppError::Internal)?;
    super::student::booking_options_for(
        &state,
        &studio,
        &session_type,
        &crate::booking_engine::Viewer::default(),
        (month.as_deref(), date.as_deref()),
        Some(&summary.booking),
    )
    .await
}

#[server(endpoint = "move_booking")]
pub async fn move_booking(id: i64, start: String) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let summary = owned_booking(&state, &studio, id).await?;
    let session_type = state
        .store
        .session_type(studio.id, summary.booking.session_type_id)
        .await?
        .ok_or(AppError::Internal)?;
    super::student::move_to(&state, &studio, &session_type, &summary.booking, &start).await?;
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
        "" => zone.local(now()).date_naive(),
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
    let members = member_emails(&state, &studio).await?;
    let items: Vec<BookingListItem> = state
        .store
        .bookings(studio.id, &query)
        .await?
        .iter()
        .filter(|summary| {
            !matches!(
                summary.booking.status(),
                BookingStatus::Cancelled | BookingStatus::Rejected | BookingStatus::Expired
            )
        })
        .map(|summary| {
            let member = summary
                .booking
                .booker
                .as_ref()
                .is_some_and(|booker| members.contains(&booker.email));
            list_item(zone, summary, member)
        })
        .collect();
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
