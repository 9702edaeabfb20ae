//! The client's side of a mini session: the open spots, and holding one.

#[cfg(feature = "ssr")]
use super::server::{MiniAccess, mini_access};
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The spots a client may pick from, by date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniSpotsView {
    pub title: String,
    pub dates: Vec<MiniDateSpots>,
    /// The reserved spot the client's direct link opens, as "Saturday 10 October, 09:30".
    pub reserved_for_you: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniDateSpots {
    pub heading: String,
    pub location: Option<String>,
    pub spots: Vec<OpenSpotView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSpotView {
    /// RFC 3339: what `hold_spot` takes.
    pub start: String,
    /// "09:30 – 09:50".
    pub time: String,
    pub seats_left: u32,
    pub reserved_for_you: bool,
}

/// The open spots of a mini session, listed by the one decision that also takes the holds.
#[server(endpoint = "mini_spots")]
pub async fn mini_spots(
    slug: String,
    session_type_id: i64,
    #[server(default)] share: Option<String>,
) -> Result<MiniSpotsView, AppError> {
    let state = app_state()?;
    let MiniAccess {
        studio, mini, pass, ..
    } = mini_access(&state, &slug, session_type_id, share).await?;
    super::server::spots_view(&state, &studio, &mini, pass).await
}

/// Holds a spot for 15 minutes (or as configured) and sends the client to the booking's page.
/// A reserved spot is held only through its direct link (`share=reserved-…`).
#[server(endpoint = "hold_spot")]
pub async fn hold_spot(
    slug: String,
    session_type_id: i64,
    start: String,
    #[server(default)] share: Option<String>,
) -> Result<String, AppError> {
    use crate::server::booking_ops::seat_request;
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::Booking, None)?;
    let MiniAccess {
        studio,
        viewer,
        mini,
        pass,
        reservation_id,
    } = mini_access(&state, &slug, session_type_id, share).await?;
    let seat = seat_request(&state, &studio, &mini, &start, pass).await?;
    let held = crate::server::booking_ops::hold_seat(&state, &studio, &mini, &viewer, seat).await?;
    if let Some(reservation_id) = reservation_id {
        state.store.use_reservation(reservation_id, held.id).await?;
    }
    let path = state.booking_path(&held);
    leptos_axum::redirect(&path);
    Ok(path)
}
