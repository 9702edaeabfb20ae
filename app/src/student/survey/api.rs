//! The survey's server function and wire type.

#[cfg(feature = "ssr")]
use crate::server::state::{AppState, app_state};
use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A booking's survey as its page shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyPart {
    /// The student's rating, once given.
    pub rating: Option<u8>,
    pub comment: String,
    /// Why it cannot be answered now; `None` while it is open (or answered).
    pub closed: Option<String>,
}

/// The survey of `booking` at this moment.
#[cfg(feature = "ssr")]
pub(crate) async fn survey_part(
    state: &AppState,
    booking: &store::Booking,
) -> Result<SurveyPart, AppError> {
    Ok(match state.store.survey_answer(booking.id).await? {
        Some((answer, _)) => SurveyPart {
            rating: Some(answer.rating.value()),
            comment: answer.comment,
            closed: None,
        },
        None => SurveyPart {
            rating: None,
            comment: String::new(),
            closed: open_now(state, booking).await?.err(),
        },
    })
}

/// Whether the booking's survey takes an answer now, or why not.
#[cfg(feature = "ssr")]
async fn open_now(
    state: &AppState,
    booking: &store::Booking,
) -> Result<Result<(), String>, AppError> {
    let asks = state
        .store
        .message_settings(booking.studio_id)
        .await?
        .survey_after
        .is_some();
    Ok(
        domain::survey::survey_open(booking.state, booking.end, state.now(), asks)
            .map_err(|closed| closed.to_string()),
    )
}

/// Stores the student's answer, once per booking; a second one is refused.
#[server(endpoint = "answer_survey")]
pub async fn answer_survey(
    link: String,
    #[server(default)] rating: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::Booking, None)?;
    let booking = state.booking_of_link(&link).await?;
    open_now(&state, &booking)
        .await?
        .map_err(AppError::Unavailable)?;
    let answer = domain::survey::SurveyAnswer::parse(&rating, &comment)?;
    if !state
        .store
        .answer_survey(booking.id, &answer, state.now())
        .await?
    {
        return Err(AppError::Unavailable(
            "You already rated this session. Thank you!".to_owned(),
        ));
    }
    Ok(())
}
