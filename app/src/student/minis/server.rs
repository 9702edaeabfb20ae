//! Server-side helpers of a mini session's client page: who may see it, and its open spots.

use super::api::{MiniDateSpots, MiniSpotsView, OpenSpotView};
use crate::server::booking_ops::{
    Viewer, bookable_type, share_token, unused_reservations, viewer_of,
};
use crate::server::state::AppState;
use crate::shared::error::AppError;
use crate::student::booking_site::server::public_studio_record;
use domain::mini_session::{SpotPlace, SpotRules};

/// A mini session this visitor may book, with the reserved spot their direct link opens.
pub(crate) struct MiniAccess {
    pub studio: store::Studio,
    pub viewer: Viewer,
    pub mini: store::SessionType,
    pub pass: Option<SpotPlace>,
    pub reservation_id: Option<i64>,
}

/// What starts the `share` of a reserved spot's direct link, `?share=reserved-{token}`: the
/// link rides on the share parameter that the booking pages already carry from step to step.
pub(crate) const RESERVED_SPOT_SHARE: &str = "reserved-";

/// The reservation token in a `share` value, when it is a reserved spot's.
pub(crate) fn reserved_token(share: Option<&str>) -> Option<&str> {
    share.and_then(|share| share.trim().strip_prefix(RESERVED_SPOT_SHARE))
}

/// A reserved spot's link opens its mini like the share link does. A made-up, removed or
/// another mini's reservation link answers like a missing page.
pub(crate) async fn mini_access(
    state: &AppState,
    slug: &str,
    session_type_id: i64,
    share: Option<String>,
) -> Result<MiniAccess, AppError> {
    let not_open = || AppError::NotFound("This mini session is not open for booking.".to_owned());
    let studio = public_studio_record(state, slug).await?;
    let viewer = viewer_of(state, &studio).await?;
    let spot = reserved_token(share.as_deref()).map(str::to_owned);
    let reservation = match spot {
        None => None,
        Some(token) => Some(
            state
                .store
                .reservation_by_token(token.trim(), state.now())
                .await?
                .filter(|kept| {
                    kept.studio_id == studio.id && kept.session_type_id == session_type_id
                })
                .ok_or_else(|| {
                    AppError::NotFound(
                        "This reserved spot's link no longer works: the reservation was removed. \
                         Ask the studio for a new link."
                            .to_owned(),
                    )
                })?,
        ),
    };
    let share = match (&reservation, share.filter(|share| !share.trim().is_empty())) {
        (Some(_), _) => {
            let session_type = state
                .store
                .session_type(studio.id, session_type_id)
                .await?
                .ok_or_else(not_open)?;
            Some(share_token(state, &session_type))
        }
        (None, share) => share,
    };
    let mini = bookable_type(state, &studio, session_type_id, share.as_deref(), &viewer).await?;
    if mini.spec.mini.is_none() {
        return Err(not_open());
    }
    Ok(MiniAccess {
        studio,
        viewer,
        mini,
        pass: reservation.as_ref().map(|kept| kept.reservation.place),
        reservation_id: reservation.map(|kept| kept.id),
    })
}

pub(crate) async fn spots_view(
    state: &AppState,
    studio: &store::Studio,
    mini: &store::SessionType,
    pass: Option<SpotPlace>,
) -> Result<MiniSpotsView, AppError> {
    let zone = studio.settings.timezone;
    let now = state.now();
    let session = mini.spec.mini.clone().unwrap_or_default();
    let reserved = unused_reservations(state, studio, mini, now).await?;
    let (Some(first), Some(last)) = (session.days.first(), session.days.last()) else {
        return Ok(MiniSpotsView {
            title: mini.spec.name.as_str().to_owned(),
            dates: Vec::new(),
            reserved_for_you: None,
        });
    };
    let (taken, _) = crate::server::booking_ops::seats_of_mini(
        state,
        studio,
        mini,
        (first.date, last.date),
        now,
    )
    .await?;
    let open = SpotRules {
        session: &session,
        zone: &zone,
        taken: &taken,
        reserved: &reserved,
        now,
    }
    .open_spots(pass);
    let dates = session
        .days
        .iter()
        .map(|day| MiniDateSpots {
            heading: day.date.format("%A %-d %B %Y").to_string(),
            location: day
                .location
                .as_ref()
                .map(|location| location.as_str().to_owned()),
            spots: open
                .iter()
                .filter(|spot| spot.place.date == day.date)
                .map(|spot| OpenSpotView {
                    start: spot.spot.start.to_rfc3339(),
                    time: zone.time_range(spot.spot.start, spot.spot.end),
                    seats_left: spot.seats_left,
                    reserved_for_you: Some(spot.place) == pass,
                })
                .collect(),
        })
        .collect();
    let reserved_for_you = pass.and_then(|place| {
        open.iter()
            .find(|spot| spot.place == place)
            .map(|spot| zone.long_moment(spot.spot.start))
    });
    Ok(MiniSpotsView {
        title: mini.spec.name.as_str().to_owned(),
        dates,
        reserved_for_you,
    })
}
