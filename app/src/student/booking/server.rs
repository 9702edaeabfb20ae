//! Server-side helpers of a booking's own pages.

use crate::server::booking_ops::{capitalized_sentence, studio_and_type_of};
use crate::server::state::AppState;
use crate::shared::error::AppError;

/// Whether a booking's member price applies: it was made signed in, under the account's email,
/// and that email is on the member list.
pub(crate) async fn booked_as_member(
    state: &AppState,
    booking: &store::Booking,
) -> Result<bool, AppError> {
    match (&booking.user_id, &booking.booker) {
        (Some(_), Some(booker)) => Ok(state
            .store
            .is_member(booking.studio_id, &booker.email)
            .await?),
        _ => Ok(false),
    }
}

/// Checks that the student may still change the booking themselves.
pub(crate) async fn changeable_booking(
    state: &AppState,
    link: &str,
) -> Result<(store::Booking, store::Studio, store::SessionType), AppError> {
    let booking = state.booking_of_link(link).await?;
    let (studio, session_type) = studio_and_type_of(state, &booking).await?;
    domain::booking::student_may_change(
        booking.state,
        booking.start,
        session_type.spec.change_cutoff.as_chrono(),
        state.now(),
    )
    .map_err(|error| AppError::Unavailable(capitalized_sentence(&error.to_string())))?;
    Ok((booking, studio, session_type))
}
