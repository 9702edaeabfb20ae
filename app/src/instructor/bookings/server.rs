//! Server-side helpers of the bookings: list rows, filters, a studio's own booking, the
//! instructor's actions.

use super::api::{BookingFilter, BookingListItem};
use crate::server::auth::require_studio;
use crate::server::convert;
use crate::server::state::{AppState, app_state, now};
use crate::shared::error::AppError;

pub(crate) fn list_item(
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
        status: booking.status(),
        answers: convert::answer_pairs(&booking.answers),
        member,
        payment_label: booking.payment.map(|choice| choice.label().to_owned()),
    }
}

pub(crate) fn parse_filter(
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

/// The studio's bookings as list rows, each marked when its student is on the member list.
pub(crate) async fn list_items<'a>(
    state: &AppState,
    studio: &store::Studio,
    summaries: impl IntoIterator<Item = &'a store::BookingSummary>,
) -> Result<Vec<BookingListItem>, AppError> {
    let members = member_emails(state, studio).await?;
    Ok(summaries
        .into_iter()
        .map(|summary| {
            let member = summary
                .booking
                .booker
                .as_ref()
                .is_some_and(|booker| members.contains(&booker.email));
            list_item(studio.settings.timezone, summary, member)
        })
        .collect())
}

pub(crate) async fn member_emails(
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

/// One of the studio's bookings; another studio's id is "not found".
pub(crate) async fn owned_booking(
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

/// What the instructor does to a booking.
pub(crate) async fn apply_instructor_event(
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
            AppError::Unavailable(crate::server::booking_ops::capitalized_sentence(
                &error.to_string(),
            ))
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
    use crate::server::notices::{Decision, SessionFacts, instructor_decision};
    let decision = match event {
        BookingEvent::Cancel { .. } => Some(Decision::Cancelled),
        BookingEvent::Reject => Some(Decision::Declined),
        BookingEvent::PaymentReceived => Some(Decision::PaymentConfirmed),
        _ => None,
    };
    if let (Some(decision), Some(booker)) = (decision, &booking.booker) {
        let facts = SessionFacts::of(&studio, &summary.session_type_name, &booking);
        state.send_in_background(instructor_decision(
            booker.email.clone(),
            booker.name.as_str(),
            &facts,
            decision,
            message.as_deref(),
        ));
    }
    Ok(())
}
