//! Glue between stored records and the domain's decision function.

use crate::error::AppError;
use crate::state::app_state;
use chrono::{NaiveDate, TimeZone, Utc};
use domain::availability::{Offering, Refusal, TakenSeats, WeeklyHours};

pub fn offering_of(session_type: &store::SessionType) -> Offering {
    Offering {
        session_type_id: session_type.id,
        duration: session_type.spec.duration,
        capacity: session_type.spec.capacity,
    }
}

/// The weekly hours and the seats taken between two local dates, loaded in one query each.
pub async fn schedule_parts(
    studio: &store::Studio,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> Result<(WeeklyHours, Vec<TakenSeats>), AppError> {
    let state = app_state()?;
    let hours = state.store.weekly_hours(studio.id).await?;
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
