//! Server-side helpers of the studio's booking pages.

use crate::server::booking_ops::{SeatRequest, Viewer, bookable_type, seat_request, viewer_of};
use crate::server::rate_limit::Limited;
use crate::server::state::AppState;
use crate::shared::error::AppError;
use domain::availability::{Refusal, TakenSeats};

pub(crate) async fn public_studio_record(
    state: &AppState,
    slug: &str,
) -> Result<store::Studio, AppError> {
    let not_found = || AppError::NotFound("There is no studio at this address.".to_owned());
    let slug = domain::text::Slug::parse("slug", slug).map_err(|_| not_found())?;
    state
        .store
        .studio_by_slug(&slug)
        .await?
        .ok_or_else(not_found)
}

/// What a hold and a one-request booking on the public site both start from: within the
/// booking rate limit, the studio at `slug`, who is asking, the type they may book and the
/// requested time read and ready to be checked.
pub(crate) struct PublicSeat<C> {
    pub studio: store::Studio,
    pub viewer: Viewer,
    pub session_type: store::SessionType,
    pub seat: SeatRequest<C>,
}

pub(crate) async fn public_seat(
    state: &AppState,
    slug: &str,
    session_type_id: i64,
    share: Option<&str>,
    start: &str,
) -> Result<PublicSeat<impl Fn(&[TakenSeats]) -> Result<(), Refusal> + Send + Sync + use<>>, AppError>
{
    state.limit(Limited::Booking, None)?;
    let studio = public_studio_record(state, slug).await?;
    let viewer = viewer_of(state, &studio).await?;
    let session_type = bookable_type(state, &studio, session_type_id, share, &viewer).await?;
    let seat = seat_request(state, &studio, &session_type, start, None).await?;
    Ok(PublicSeat {
        studio,
        viewer,
        session_type,
        seat,
    })
}
