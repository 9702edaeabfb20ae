//! Glue between stored records and the domain's decision function.

use crate::error::AppError;
use crate::state::app_state;
use chrono::{NaiveDate, TimeZone, Utc};
use domain::availability::{Offering, OpeningHours, Refusal, TakenSeats};

/// The booking rules of a stored session type, as the decision function takes them.
pub fn offering_of(session_type: &store::SessionType) -> Offering {
    let spec = &session_type.spec;
    Offering {
        buffer: spec.buffer.as_chrono(),
        min_lead: spec.min_lead.as_chrono(),
        max_lead: spec.max_lead.as_chrono(),
        max_per_day: spec.max_per_day.limit(),
        ..Offering::simple(session_type.id, spec.duration, spec.capacity)
    }
}

/// The opening hours and the seats taken between two local dates, loaded in one query each.
pub async fn schedule_parts(
    studio: &store::Studio,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> Result<(OpeningHours, Vec<TakenSeats>), AppError> {
    let state = app_state()?;
    let hours = state.store.opening_hours(studio.id).await?;
    // A day's local midnight is within 14 hours of UTC midnight; a day's margin covers every zone.
    let from = Utc.from_utc_datetime(
        &(first_day - chrono::Duration::days(1)).and_time(chrono::NaiveTime::MIN),
    );
    let to = Utc.from_utc_datetime(
        &(last_day + chrono::Duration::days(2)).and_time(chrono::NaiveTime::MIN),
    );
    let taken = state.store.taken_seats(studio.id, from, to).await?;
    Ok((hours, taken))
}

pub fn refusal_message(refusal: Refusal) -> String {
    format!("{refusal} Please pick another time.")
}
