//! The studio's IANA time zone, and turning instants into wall-clock text.

use crate::FieldError;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StudioTimezone(Tz);

impl StudioTimezone {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::new(field, "Time zone is required."));
        }
        name.parse::<Tz>().map(Self).map_err(|_| {
            FieldError::new(
                field,
                format!("\"{name}\" is not an IANA time zone name, e.g. America/New_York."),
            )
        })
    }

    pub fn tz(self) -> Tz {
        self.0
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    pub fn local(self, instant: DateTime<Utc>) -> DateTime<Tz> {
        instant.with_timezone(&self.0)
    }

    /// "14:30" in the studio's zone.
    pub fn time_of_day(self, instant: DateTime<Utc>) -> String {
        self.local(instant).format("%H:%M").to_string()
    }

    /// "Tuesday 24 November 2026" in the studio's zone.
    pub fn long_date(self, instant: DateTime<Utc>) -> String {
        self.local(instant).format("%A %-d %B %Y").to_string()
    }

    /// The first instant of a local date (later than midnight on days a DST change skips it).
    pub fn start_of_day(self, date: chrono::NaiveDate) -> DateTime<Utc> {
        use chrono::TimeZone;
        let mut wall = date.and_time(chrono::NaiveTime::MIN);
        for _ in 0..(24 * 4) {
            match self.0.from_local_datetime(&wall) {
                chrono::LocalResult::Single(local) | chrono::LocalResult::Ambiguous(local, _) => {
                    return local.with_timezone(&Utc);
                }
                chrono::LocalResult::None => wall += chrono::Duration::minutes(15),
            }
        }
        Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN))
    }

    /// The instant as the studio's clocks show it, with the zone's name for it.
    pub fn moment(self, instant: DateTime<Utc>) -> crate::zone::Moment {
        crate::zone::Moment::of(&self, instant)
    }

    /// "Tuesday 24 November 2026, 09:00 CET": a moment on the studio's clocks, with its day and
    /// the zone's name for it.
    pub fn long_moment(self, instant: DateTime<Utc>) -> String {
        let moment = self.moment(instant);
        format!(
            "{}, {} {}",
            self.long_date(instant),
            moment.time(),
            moment.zone
        )
    }

    /// "09:00–10:00 CET", or "02:30 CEST – 02:00 CET" across a clock change.
    pub fn time_range(self, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
        crate::zone::time_range(&self, start, end)
    }
}

impl crate::zone::ZoneRules for StudioTimezone {
    fn offset_seconds_at(&self, instant: DateTime<Utc>) -> i32 {
        self.0.offset_seconds_at(instant)
    }

    fn resolve(&self, local: chrono::NaiveDateTime) -> chrono::LocalResult<DateTime<Utc>> {
        self.0.resolve(local)
    }

    fn abbreviation_at(&self, instant: DateTime<Utc>) -> String {
        self.0.abbreviation_at(instant)
    }
}

impl TryFrom<String> for StudioTimezone {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse("timezone", &raw)
    }
}

impl From<StudioTimezone> for String {
    fn from(value: StudioTimezone) -> String {
        value.name().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn iana_names_parse() {
        assert_eq!(
            StudioTimezone::parse("timezone", "Asia/Kolkata")
                .unwrap()
                .name(),
            "Asia/Kolkata"
        );
    }

    #[test]
    fn unknown_zones_are_refused_with_an_example() {
        let error = StudioTimezone::parse("timezone", "Mars/Olympus").unwrap_err();
        assert_eq!(error.field, "timezone");
        assert!(error.message.contains("America/New_York"));
    }

    #[test]
    fn instants_are_shown_in_the_studio_zone() {
        let zone = StudioTimezone::parse("timezone", "Asia/Kolkata").unwrap();
        let instant = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        assert_eq!(zone.time_of_day(instant), "14:30");
        assert_eq!(zone.long_date(instant), "Tuesday 24 November 2026");
        assert_eq!(
            zone.long_moment(instant),
            "Tuesday 24 November 2026, 14:30 IST"
        );
    }
}
