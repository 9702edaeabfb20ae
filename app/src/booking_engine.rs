//! Glue between stored records and the domain's decision function, and who may book what.

use crate::error::AppError;
use crate::links::LinkPurpose;
use crate::state::{AppState, signed_in_user};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::availability::{Offering, OpeningHours, Refusal, Schedule, TakenSeats, check_booking};
use domain::session_type::AccessLevel;

/// The booking rules of a stored session type, as the decision function takes them.
pub fn offering_of(session_type: &store::SessionType) -> Offering {
    let spec = &session_type.spec;
    Offering {
        buffer: spec.buffer.as_chrono(),
        min_lead: spec.min_lead.as_chrono(),
        max_lead: spec.max_lead.as_chrono(),
        max_per_day: spec.max_per_day.limit(),
        step: spec.start_interval.step(spec.duration),
        ..Offering::simple(session_type.id, spec.duration, spec.capacity)
    }
}

/// The opening hours and the seats taken at `now` between two local dates, one query each.
pub async fn schedule_parts(
    state: &AppState,
    studio: &store::Studio,
    (first_day, last_day): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
) -> Result<(OpeningHours, Vec<TakenSeats>), AppError> {
    let hours = state.store.opening_hours(studio.id).await?;
    // A day's local midnight is within 14 hours of UTC midnight; a day's margin covers every zone.
    let from = Utc.from_utc_datetime(
        &(first_day - chrono::Duration::days(1)).and_time(chrono::NaiveTime::MIN),
    );
    let to = Utc.from_utc_datetime(
        &(last_day + chrono::Duration::days(2)).and_time(chrono::NaiveTime::MIN),
    );
    let taken = state.store.taken_seats(studio.id, from, to, now).await?;
    Ok((hours, taken))
}

/// The seats taken without the one `booking` keeps, so a booking being moved never competes
/// with itself for a time.
pub fn without_seat_of(taken: Vec<TakenSeats>, booking: &store::Booking) -> Vec<TakenSeats> {
    taken
        .into_iter()
        .filter_map(|mut seats| {
            if seats.session_type_id == booking.session_type_id && seats.start == booking.start {
                seats.seats = seats.seats.saturating_sub(1);
            }
            (seats.seats > 0).then_some(seats)
        })
        .collect()
}

/// The check run inside the booking transaction: the same decision that lists the slots.
pub fn seat_check(
    studio: &store::Studio,
    hours: OpeningHours,
    offering: Offering,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> impl Fn(&[TakenSeats]) -> Result<(), Refusal> + Send + Sync {
    let zone = studio.settings.timezone;
    move |taken: &[TakenSeats]| {
        let schedule = Schedule::new(&zone, &hours, taken, &[], now);
        check_booking(&schedule, &offering, start).map(|_| ())
    }
}

pub fn refusal_message(refusal: Refusal) -> String {
    format!("{refusal} Please pick another time.")
}

/// Who is looking at a studio's pages.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<store::User>,
    /// Signed in with an email on the studio's member list.
    pub is_member: bool,
}

pub async fn viewer_of(state: &AppState, studio: &store::Studio) -> Result<Viewer, AppError> {
    let user = signed_in_user(state).await?;
    let is_member = match &user {
        Some(user) => state.store.is_member(studio.id, &user.email).await?,
        None => false,
    };
    Ok(Viewer { user, is_member })
}

/// The access level that applies to a type.
pub fn access_of(
    offerings: &domain::offerings::Offerings,
    session_type: &store::SessionType,
) -> AccessLevel {
    AccessLevel::effective(session_type.spec.access_override, offerings.default_access)
}

/// Whether a type shows in the studio's list for this viewer.
pub fn listed_for(
    offerings: &domain::offerings::Offerings,
    session_type: &store::SessionType,
    viewer: &Viewer,
) -> bool {
    offerings.personal_sessions
        && session_type.spec.status.is_bookable()
        && access_of(offerings, session_type).listed_for(viewer.is_member)
}

/// The share link path of a private type.
pub fn share_path(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
) -> String {
    format!(
        "/s/{}/{}?share={}",
        studio.settings.slug,
        session_type.id,
        share_token(state, session_type)
    )
}

/// The signed token of a private type's share link; a renewed share token changes it.
pub fn share_token(state: &AppState, session_type: &store::SessionType) -> String {
    state.links.sign(
        LinkPurpose::PrivateType,
        session_type.id,
        &session_type.share_token,
    )
}

/// A type this viewer may book. A private type without its valid share link answers exactly
/// like a type that does not exist, so its existence never leaks.
pub async fn bookable_type(
    state: &AppState,
    studio: &store::Studio,
    id: i64,
    share: Option<&str>,
    viewer: &Viewer,
) -> Result<store::SessionType, AppError> {
    let not_open = || AppError::NotFound("This session type is not open for booking.".to_owned());
    let offerings = state.store.offerings(studio.id).await?;
    let session_type = state
        .store
        .session_type(studio.id, id)
        .await?
        .filter(|session_type| {
            offerings.personal_sessions && session_type.spec.status.is_bookable()
        })
        .ok_or_else(not_open)?;
    let has_share_link = share.is_some_and(|link| {
        state.links.verify(
            LinkPurpose::PrivateType,
            link,
            session_type.id,
            &session_type.share_token,
        )
    });
    let level = access_of(&offerings, &session_type);
    if level.bookable_by(viewer.is_member, has_share_link) {
        return Ok(session_type);
    }
    match level {
        AccessLevel::MembersOnly => Err(AppError::Forbidden(
            "This session is for members only. Sign in with the email address your studio has \
             on its member list to book it."
                .to_owned(),
        )),
        AccessLevel::Private | AccessLevel::Public => Err(not_open()),
    }
}
