//! A mini session's overview and the changes made from it; the wire types of its forms.

#[cfg(feature = "ssr")]
use super::server::{date_keeps_its_booked_spots, overview_of, owned_mini};
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use domain::mini_session::{BreakInput, MiniSessionDayInput, SpotStatus};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A mini session as its overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniOverviewView {
    pub id: i64,
    pub title: String,
    /// "Draft", "Shared" or "Published".
    pub status: String,
    pub shared: bool,
    pub published: bool,
    /// The client's page, as Client View opens it.
    pub client_view_url: String,
    /// The unique link Share shows.
    pub share_url: String,
    /// The studio's Bio Link page, which lists the mini once it is published.
    pub bio_link_url: String,
    /// The studio's zone over the next two years: the preview lays spots out in the browser
    /// with the same domain code as the server.
    pub zone: domain::zone::ZoneTransitions,
    pub dates: Vec<MiniDateView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniDateView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "Saturday 10 October 2026".
    pub heading: String,
    pub location: Option<String>,
    /// The date's settings, for editing.
    pub form: MiniDateForm,
    pub spots: Vec<SpotView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotView {
    pub number: u16,
    /// "09:00 – 09:20".
    pub time: String,
    pub seats: u32,
    pub booked: u32,
    pub status: SpotStatus,
    pub reservation: Option<ReservationView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservationView {
    pub id: i64,
    pub note: String,
    /// "10% off", as shown.
    pub discount: Option<String>,
    /// "10%" or "15.00", as the edit form shows it.
    pub discount_field: String,
    pub pay_outside: bool,
    /// The direct link to send the client.
    pub link: String,
    /// A booking made through the link keeps the spot.
    pub used: bool,
}

/// One date's roster: every spot with who sits there and where their forms and payment
/// stand, printable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniRosterView {
    pub mini_id: i64,
    pub title: String,
    /// "Saturday 10 October 2026".
    pub heading: String,
    pub location: Option<String>,
    pub rows: Vec<RosterRow>,
}

/// A booking at a spot, or the spot's free seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub spot: u16,
    /// "09:00 – 09:20".
    pub time: String,
    /// "Open", "Booking…", "Reserved", or the booking's status.
    pub status: String,
    pub booking: Option<RosterBooking>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterBooking {
    pub id: i64,
    pub client: String,
    pub email: String,
    pub package: Option<String>,
    pub payment: Option<String>,
    /// "Signed", "Not signed" or "None asked".
    pub contract: String,
    /// "Answered", "Not answered" or "None asked".
    pub questionnaire: String,
}

/// A date as its form sends it; the checkbox arrives as "on" or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniDateForm {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub spots: String,
    #[serde(default)]
    pub spot_minutes: String,
    #[serde(default)]
    pub gap_minutes: String,
    /// Sent as `breaks[0][after_spot]`, `breaks[0][minutes]`…
    #[serde(default)]
    pub breaks: Vec<BreakInput>,
    #[serde(default)]
    pub same_start_for_all: Option<String>,
    #[serde(default)]
    pub location: String,
}

impl MiniDateForm {
    pub fn input(&self) -> MiniSessionDayInput {
        MiniSessionDayInput {
            date: self.date.clone(),
            start: self.start.clone(),
            spots: self.spots.clone(),
            spot_minutes: self.spot_minutes.clone(),
            gap_minutes: self.gap_minutes.clone(),
            breaks: self.breaks.clone(),
            same_start_for_all: self.same_start_for_all.is_some(),
            location: self.location.clone(),
        }
    }

    pub fn of(input: MiniSessionDayInput) -> Self {
        Self {
            date: input.date,
            start: input.start,
            spots: input.spots,
            spot_minutes: input.spot_minutes,
            gap_minutes: input.gap_minutes,
            breaks: input.breaks,
            same_start_for_all: input.same_start_for_all.then(|| "on".to_owned()),
            location: input.location,
        }
    }
}

/// "Create Mini Session": a draft with a title and no dates, opened on its overview.
#[server(endpoint = "create_mini_session")]
pub async fn create_mini_session(name: String) -> Result<i64, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let spec = super::server::new_mini_spec(&name, studio.settings.currency)?;
    let created = state.store.create_session_type(studio.id, &spec).await?;
    leptos_axum::redirect(&format!("/dashboard/minis/{}", created.id));
    Ok(created.id)
}

/// Which of the studio's session types are mini sessions.
#[server(endpoint = "mini_session_ids")]
pub async fn mini_session_ids() -> Result<Vec<i64>, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    Ok(state
        .store
        .session_types(studio.id)
        .await?
        .into_iter()
        .filter(|session_type| session_type.spec.mini.is_some())
        .map(|session_type| session_type.id)
        .collect())
}

#[server(endpoint = "mini_overview")]
pub async fn mini_overview(id: i64) -> Result<MiniOverviewView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mini = owned_mini(&state, &studio, id).await?;
    overview_of(&state, &studio, &mini).await
}

#[server(endpoint = "mini_roster")]
pub async fn mini_roster(id: i64, date: String) -> Result<MiniRosterView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mini = owned_mini(&state, &studio, id).await?;
    let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest("date must be YYYY-MM-DD".to_owned()))?;
    super::server::roster_of(&state, &studio, &mini, date).await
}

/// Adds a date, or changes the one dated `replacing`. A date keeps every spot that is booked
/// or being booked at its time.
#[server(endpoint = "save_mini_date")]
pub async fn save_mini_date(
    session_type_id: i64,
    #[server(default)] replacing: String,
    #[server(flatten)] form: MiniDateForm,
) -> Result<(), AppError> {
    use domain::mini_session::MiniSessionDay;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mini = owned_mini(&state, &studio, session_type_id).await?;
    let replacing = if replacing.trim().is_empty() {
        None
    } else {
        Some(
            chrono::NaiveDate::parse_from_str(replacing.trim(), "%Y-%m-%d")
                .map_err(|_| AppError::BadRequest("replacing must be a date".to_owned()))?,
        )
    };
    let day = MiniSessionDay::parse(&form.input())?;
    let mut spec = mini.spec.clone();
    let session = spec.mini.take().unwrap_or_default();
    let changed = session.with_day(replacing, day.clone(), &studio.settings.timezone)?;
    if let Some(date) = replacing {
        date_keeps_its_booked_spots(&state, &studio, &mini, date, Some(&day)).await?;
    }
    spec.mini = Some(changed);
    state
        .store
        .update_session_type(studio.id, mini.id, &spec)
        .await?;
    Ok(())
}

/// Removes a date that has no bookings.
#[server(endpoint = "remove_mini_date")]
pub async fn remove_mini_date(session_type_id: i64, date: String) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mini = owned_mini(&state, &studio, session_type_id).await?;
    let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest("date must be YYYY-MM-DD".to_owned()))?;
    date_keeps_its_booked_spots(&state, &studio, &mini, date, None).await?;
    let mut spec = mini.spec.clone();
    if let Some(session) = spec.mini.as_mut() {
        session.days.retain(|day| day.date != date);
    }
    state
        .store
        .update_session_type(studio.id, mini.id, &spec)
        .await?;
    Ok(())
}

/// Reserves a spot (or changes the reservation `reservation_id`): a private note, an
/// optional discount, and whether the client pays outside the app.
#[server(endpoint = "reserve_spot")]
pub async fn reserve_spot(
    session_type_id: i64,
    #[server(default)] reservation_id: String,
    #[server(default)] date: String,
    #[server(default)] spot: String,
    #[server(default)] note: String,
    #[server(default)] discount: String,
    #[server(default)] pay_outside: Option<String>,
) -> Result<(), AppError> {
    use domain::mini_session::{Reservation, ReservationInput};
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mini = owned_mini(&state, &studio, session_type_id).await?;
    let now = state.now();
    let kept = state.store.reservations(studio.id, mini.id, now).await?;
    let editing = if reservation_id.trim().is_empty() {
        None
    } else {
        Some(
            reservation_id
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest("reservation_id must be a number".to_owned()))?,
        )
    };
    let others: Vec<Reservation> = kept
        .iter()
        .filter(|other| Some(other.id) != editing)
        .map(|other| other.reservation.clone())
        .collect();
    let reservation = Reservation::parse(
        &ReservationInput {
            date,
            spot,
            note,
            discount,
            pay_outside: pay_outside.is_some(),
        },
        mini.spec.mini.as_ref().ok_or(AppError::Internal)?,
        &studio.settings.timezone,
        &others,
        studio.settings.currency,
    )?;
    match editing {
        None => {
            let token = crate::server::tokens::random_token();
            state
                .store
                .add_reservation(studio.id, mini.id, &reservation, &token, now)
                .await?;
        }
        Some(id) => {
            state
                .store
                .update_reservation(studio.id, id, &reservation, now)
                .await?
                .ok_or_else(|| AppError::NotFound("This reservation was removed.".to_owned()))?;
        }
    }
    Ok(())
}

#[server(endpoint = "remove_reservation")]
pub async fn remove_reservation(session_type_id: i64, reservation_id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    owned_mini(&state, &studio, session_type_id).await?;
    if !state
        .store
        .remove_reservation(studio.id, reservation_id)
        .await?
    {
        return Err(AppError::NotFound(
            "This reservation was already removed.".to_owned(),
        ));
    }
    Ok(())
}

/// Share makes the mini's unique link work (the mini stays off the booking site); Publish
/// also lists it on the studio's booking site and link-in-bio page.
#[server(endpoint = "set_mini_visibility")]
pub async fn set_mini_visibility(session_type_id: i64, visibility: String) -> Result<(), AppError> {
    use domain::session_type::{AccessLevel, SessionStatus};
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mini = owned_mini(&state, &studio, session_type_id).await?;
    let mut spec = mini.spec.clone();
    let (status, access) = match visibility.as_str() {
        "draft" => (SessionStatus::Draft, AccessLevel::Private),
        "shared" => (SessionStatus::Active, AccessLevel::Private),
        "published" => (SessionStatus::Active, AccessLevel::Public),
        _ => {
            return Err(AppError::BadRequest(
                "visibility must be draft, shared or published".to_owned(),
            ));
        }
    };
    if status == SessionStatus::Active
        && spec
            .mini
            .as_ref()
            .is_none_or(|session| session.days.is_empty())
    {
        return Err(AppError::Unavailable(
            "Add a date first: a mini session without dates has nothing to book.".to_owned(),
        ));
    }
    spec.status = status;
    spec.access_override = Some(access);
    state
        .store
        .update_session_type(studio.id, mini.id, &spec)
        .await?;
    Ok(())
}
