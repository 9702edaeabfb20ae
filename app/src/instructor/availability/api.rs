//! Weekly hours, date overrides and the two-week preview of a type's slots.

#[cfg(feature = "ssr")]
use super::server::{parse_override_date, slot_times};
#[cfg(feature = "ssr")]
use crate::instructor::session_types::server::owned_session_type;
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::booking_ops::capitalized;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHoursView {
    /// Monday first: (form field, label, ranges text).
    pub days: Vec<(String, String, String)>,
}

#[server(endpoint = "weekly_hours")]
pub async fn weekly_hours() -> Result<WeeklyHoursView, AppError> {
    use domain::availability::WeeklyHours;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let hours = state.store.weekly_hours(studio.id).await?;
    Ok(WeeklyHoursView {
        days: WeeklyHours::WEEKDAYS
            .into_iter()
            .map(|day| {
                let field = WeeklyHours::field_name(day);
                (field.to_owned(), capitalized(field), hours.text_for(day))
            })
            .collect(),
    })
}

#[server(endpoint = "save_weekly_hours")]
#[allow(clippy::too_many_arguments)]
pub async fn save_weekly_hours(
    monday: String,
    tuesday: String,
    wednesday: String,
    thursday: String,
    friday: String,
    saturday: String,
    sunday: String,
) -> Result<(), AppError> {
    use domain::availability::WeeklyHours;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let hours = WeeklyHours::parse([
        &monday, &tuesday, &wednesday, &thursday, &friday, &saturday, &sunday,
    ])?;
    state.store.save_weekly_hours(studio.id, &hours).await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOverrideView {
    /// ISO date, the override's identity.
    pub date: String,
    pub date_label: String,
    /// "Closed" or the ranges, e.g. "10:00-12:00, 13:00-14:00".
    pub hours: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewDay {
    pub date_label: String,
    pub slots: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotPreview {
    /// The studio's zone, which the times are in.
    pub timezone: String,
    /// (id, name) of every session type that is not archived.
    pub session_types: Vec<(i64, String)>,
    pub chosen: Option<i64>,
    pub days: Vec<PreviewDay>,
}

/// The studio's date overrides from today on, by date.
#[server(endpoint = "date_overrides")]
pub async fn date_overrides() -> Result<Vec<DateOverrideView>, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let today = studio.settings.timezone.local(state.now()).date_naive();
    let hours = state.store.opening_hours(studio.id).await?;
    Ok(hours
        .overrides()
        .filter(|(date, _)| *date >= today)
        .map(|(date, ranges)| DateOverrideView {
            date: domain::dates::iso_date(date),
            date_label: domain::dates::long_date(date),
            hours: if ranges.is_empty() {
                "Closed".to_owned()
            } else {
                ranges
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        })
        .collect())
}

/// Closes a date, or gives it its own hours.
#[server(endpoint = "save_date_override")]
pub async fn save_date_override(
    date: String,
    #[server(default)] closed: Option<String>,
    #[server(default)] hours: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mut errors = domain::FieldErrors::new();
    let date = errors.take(parse_override_date(&studio, &date, state.now()));
    let ranges = if closed.is_some() {
        Some(Vec::new())
    } else {
        match domain::availability::parse_day_ranges("hours", &hours) {
            Ok(ranges) if ranges.is_empty() => {
                errors.push(domain::FieldError::new(
                    "hours",
                    "Enter the hours, like 10:00-14:00, or tick Closed all day.",
                ));
                None
            }
            other => errors.take(other),
        }
    };
    let (Some(date), Some(ranges)) = (date, ranges) else {
        return Err(errors.into());
    };
    state
        .store
        .save_date_override(studio.id, date, &ranges)
        .await?;
    Ok(())
}

#[server(endpoint = "remove_date_override")]
pub async fn remove_date_override(date: String) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let date = domain::dates::parse_date("date", &date)?;
    state.store.remove_date_override(studio.id, date).await?;
    Ok(())
}

/// The next two weeks of slots of one of the instructor's session types (the first one unless
/// chosen), computed by the same function as the student's booking page, whatever the type's
/// status, so a draft can be checked before it goes live.
#[server(endpoint = "availability_preview")]
pub async fn availability_preview(session_type_id: Option<i64>) -> Result<SlotPreview, AppError> {
    use crate::server::booking_ops::{offering_of, schedule_parts};
    use domain::availability::{Schedule, slots_on};
    use domain::session_type::SessionStatus;
    const PREVIEW_DAYS: u32 = 14;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let types: Vec<store::SessionType> = state
        .store
        .session_types(studio.id)
        .await?
        .into_iter()
        .filter(|session_type| session_type.spec.status != SessionStatus::Archived)
        .collect();
    let chosen = match session_type_id {
        Some(id) => Some(owned_session_type(&state, &studio, id).await?),
        None => types.first().cloned(),
    };
    let mut days = Vec::new();
    if let Some(session_type) = &chosen {
        let zone = studio.settings.timezone;
        let now = state.now();
        let first_day = zone.local(now).date_naive();
        let last_day = first_day + chrono::Duration::days(i64::from(PREVIEW_DAYS));
        let (hours, taken) = schedule_parts(&state, &studio, (first_day, last_day), now).await?;
        let schedule = Schedule::new(&zone, &hours, &taken, &[], now);
        let offering = offering_of(session_type);
        days = first_day
            .iter_days()
            .take(PREVIEW_DAYS as usize)
            .map(|date| PreviewDay {
                date_label: date.format("%a %-d %b").to_string(),
                slots: slot_times(zone, &slots_on(&schedule, &offering, date)),
            })
            .collect();
    }
    Ok(SlotPreview {
        timezone: studio.settings.timezone.name().to_owned(),
        session_types: types
            .iter()
            .map(|session_type| (session_type.id, session_type.spec.name.to_string()))
            .collect(),
        chosen: chosen.map(|session_type| session_type.id),
        days,
    })
}
