//! The .ics file of a booking, reached through the booking's signed link.

use app::server::state::AppState;
use app::shared::error::AppError;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::booking::BookingStatus;
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};

pub fn routes<S>(state: AppState) -> Router<S> {
    Router::new()
        .route("/booking/{link}/calendar.ics", get(calendar_file))
        .with_state(state)
}

fn refusal(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, error.to_string()).into_response()
}

async fn calendar_file(State(state): State<AppState>, Path(link): Path<String>) -> Response {
    match calendar_text(&state, &link).await {
        Ok(ics) => (
            [
                (CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (CONTENT_DISPOSITION, "attachment; filename=\"booking.ics\""),
                (CACHE_CONTROL, "private, no-store"),
            ],
            ics,
        )
            .into_response(),
        Err(error) => refusal(&error),
    }
}

async fn calendar_text(state: &AppState, link: &str) -> Result<String, AppError> {
    let booking = state.booking_of_link(link).await?;
    if !matches!(
        booking.status(),
        BookingStatus::Confirmed | BookingStatus::PaymentPending | BookingStatus::Completed
    ) {
        return Err(AppError::NotFound(
            "This booking has no calendar entry: it is not confirmed.".to_owned(),
        ));
    }
    let (studio, session_type) =
        app::server::booking_ops::studio_and_type_of(state, &booking).await?;
    let (ics, _) =
        app::server::notices::calendar_event_text(state, &studio, &session_type, &booking);
    Ok(ics)
}
