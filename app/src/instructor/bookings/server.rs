//! Server-side helpers of the bookings: list rows, filters, a studio's own booking, the
//! instructor's actions.

use super::api::{BookingFilter, BookingListItem};
use crate::server::auth::require_studio;
use crate::server::convert;
use crate::server::state::{AppState, app_state};
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
        preview: booking.preview,
        answers: convert::answer_pairs(&booking.answers),
        member,
        payment_label: booking.payment.map(|choice| {
            domain::fees::payment_label(choice, booking.price, booking.state.is_settled())
        }),
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

/// A booking's money as its detail page shows it.
pub(crate) struct MoneyOfBooking {
    pub lines: Vec<(String, String)>,
    pub refundable: Option<super::api::RefundableView>,
    /// What cancelling now gives back, when anything.
    pub on_cancel: Option<String>,
    /// What is still owed, for the form that records a payment received (`None`: no price
    /// was kept, any amount goes).
    pub balance: Option<domain::money::Money>,
}

pub(crate) async fn money_of(
    state: &AppState,
    studio: &store::Studio,
    booking: &store::Booking,
) -> Result<MoneyOfBooking, AppError> {
    let books =
        crate::server::money::BookingMoney::of(state, booking, studio.settings.currency).await?;
    let card = books.card();
    let mut lines = Vec::new();
    if let Some(package) = &booking.package {
        lines.push(("Package".to_owned(), package.to_string()));
    }
    if let Some(price) = booking.price {
        if let Some(discount) = price.discount {
            lines.push((
                discount.reason.label().to_owned(),
                format!("\u{2212}{}", discount.amount),
            ));
        }
        lines.push(("Price".to_owned(), price.total.to_string()));
    }
    for (label, amount) in [
        ("Paid by card", card.paid),
        ("Refunded", card.refunded),
        ("Refund on its way", card.on_its_way),
    ] {
        if !amount.is_zero() {
            lines.push((label.to_owned(), amount.to_string()));
        }
    }
    for payment in &books.received {
        lines.push((
            format!(
                "{} received {}",
                payment.method.label(),
                payment.received_on.format("%-d %b %Y")
            ),
            match &payment.note {
                Some(note) => format!("{} ({note})", payment.amount),
                None => payment.amount.to_string(),
            },
        ));
    }
    let balance = books.balance(booking);
    let open = booking.state.is_settled()
        || matches!(
            booking.state,
            domain::lifecycle::BookingState::PaymentPending { .. }
        );
    if let Some(owed) = balance
        && open
        && booking.price.is_some_and(|price| !price.total.is_zero())
    {
        lines.push(("Still owed".to_owned(), owed.to_string()));
    }
    let left = card.refundable;
    let refundable = (!left.is_zero()).then(|| super::api::RefundableView {
        field_text: left.field_text(),
        label: left.to_string(),
    });
    let on_cancel = match state
        .store
        .session_type(studio.id, booking.session_type_id)
        .await?
    {
        Some(session_type) if !left.is_zero() => {
            let back = books.back_on_cancel(
                state,
                booking,
                session_type.spec.refund_policy,
                domain::lifecycle::Party::Instructor,
            )?;
            Some(back.to_string())
        }
        _ => None,
    };
    Ok(MoneyOfBooking {
        lines,
        refundable,
        on_cancel,
        balance,
    })
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
                now: state.now(),
                session_start: booking.start,
            },
        )
        .map_err(|error| {
            AppError::Unavailable(crate::server::booking_ops::capitalized_sentence(
                &error.to_string(),
            ))
        })?;
    use domain::jobs::BookingChange;
    let change = match event {
        BookingEvent::Cancel { .. } => Some(BookingChange::Cancelled),
        BookingEvent::Reject => Some(BookingChange::Rejected),
        _ => None,
    };
    let told = match change {
        Some(change) => Some(crate::server::jobs::follow_ups_in(&state, studio.id, change).await?),
        None => None,
    };
    let follow_ups: store::FollowUps<'_> = match &told {
        Some(plan) => plan,
        None => store::NO_FOLLOW_UPS,
    };
    let refunds = match event {
        BookingEvent::Cancel { by } => {
            let session_type = state
                .store
                .session_type(studio.id, booking.session_type_id)
                .await?
                .ok_or_else(|| {
                    AppError::NotFound("This session type no longer exists.".to_owned())
                })?;
            crate::server::money::BookingMoney::of(&state, &booking, studio.settings.currency)
                .await?
                .refunds_on_cancel(&state, &booking, session_type.spec.refund_policy, by)?
        }
        _ => Vec::new(),
    };
    if !state
        .store
        .change_state_with_refunds(
            booking.id,
            booking.state,
            next,
            message.as_deref(),
            &refunds,
            follow_ups,
        )
        .await?
    {
        return Err(AppError::Unavailable(
            "This booking changed meanwhile. Reload the page to see it as it is now.".to_owned(),
        ));
    }
    Ok(())
}

/// The booking's emails for its detail page: what, to whom, when, and how delivery went.
pub(crate) async fn message_log(
    state: &AppState,
    studio: &store::Studio,
    booking: &store::Booking,
) -> Result<Vec<super::api::MessageView>, AppError> {
    use domain::jobs::{JobPayload, Recipient};
    use store::JobState;
    let label = |instant| studio.settings.timezone.long_moment(instant);
    let jobs = state.store.jobs_of_booking(booking.id).await?;
    Ok(jobs
        .into_iter()
        .map(|job| {
            let to = match JobPayload::from_json(&job.payload).map(|payload| payload.to) {
                Ok(Recipient::Instructor) => "You".to_owned(),
                _ => booking.booker.as_ref().map_or_else(
                    || "Student".to_owned(),
                    |booker| format!("Student ({})", booker.email),
                ),
            };
            let state_label = match job.state {
                JobState::Done => "Sent",
                JobState::Pending if job.attempts > 0 => "Retrying",
                JobState::Pending => "Waiting",
                JobState::Running => "Sending",
                JobState::Failed => "Failed",
                JobState::Cancelled => "Cancelled",
            };
            super::api::MessageView {
                id: job.id,
                what: job.kind.label().to_owned(),
                to,
                due_label: label(job.run_at),
                state_label: state_label.to_owned(),
                sent_label: (job.state == JobState::Done)
                    .then_some(job.done_at)
                    .flatten()
                    .map(label),
                attempts: job.attempts,
                last_error: job.last_error,
                can_resend: matches!(job.state, JobState::Done | JobState::Failed),
            }
        })
        .collect())
}

/// Enqueues a copy of one of the booking's sent or failed emails, due now. A second press in
/// the same second is the same request and enqueues nothing more.
pub(crate) async fn resend(
    state: &AppState,
    booking: &store::Booking,
    message_id: i64,
) -> Result<(), AppError> {
    use store::JobState;
    let not_found = || AppError::NotFound("This booking has no such email.".to_owned());
    let job = state
        .store
        .jobs_of_booking(booking.id)
        .await?
        .into_iter()
        .find(|job| job.id == message_id)
        .ok_or_else(not_found)?;
    if !matches!(job.state, JobState::Done | JobState::Failed) {
        return Err(AppError::Unavailable(
            "This email has not gone out yet: it is sent when it is due.".to_owned(),
        ));
    }
    let now = state.now();
    let key = domain::jobs::DedupeKey::parse(&format!("resend:{}:{}", job.id, now.timestamp()))
        .map_err(|error| {
            tracing::error!(%error, "a resend key did not parse");
            AppError::Internal
        })?;
    state
        .store
        .enqueue_jobs(&[store::NewJob {
            studio_id: job.studio_id,
            booking_id: job.booking_id,
            kind: job.kind,
            dedupe_key: key,
            payload: job.payload,
            run_at: now,
            created_at: now,
        }])
        .await?;
    Ok(())
}
