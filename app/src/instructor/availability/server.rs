//! Server-side helpers of the availability page.

pub(crate) fn parse_override_date(
    studio: &store::Studio,
    text: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<chrono::NaiveDate, domain::FieldError> {
    let date = domain::dates::parse_date("date", text)?;
    let today = studio.settings.timezone.local(now).date_naive();
    if date < today {
        return Err(domain::FieldError::new(
            "date",
            "Pick today or a later date.",
        ));
    }
    Ok(date)
}

/// The start times of one day's slots: "09:00", or "02:00 CEST" and "03:00 CET" on a day
/// whose clocks change, so each shows the offset it is in.
pub(crate) fn slot_times(
    zone: domain::timezone::StudioTimezone,
    slots: &[domain::availability::Slot],
) -> Vec<String> {
    let moments: Vec<domain::zone::Moment> =
        slots.iter().map(|slot| zone.moment(slot.start)).collect();
    let one_offset = moments
        .windows(2)
        .all(|pair| pair[0].offset_seconds == pair[1].offset_seconds);
    moments
        .iter()
        .map(|moment| {
            if one_offset {
                moment.time()
            } else {
                moment.time_with_zone()
            }
        })
        .collect()
}
