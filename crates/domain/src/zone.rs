//! Time-zone rules as the slot engine needs them: which instants a wall time names, and the
//! offset in force at an instant.
//!
//! The server reads rules from the IANA database ([`chrono_tz::Tz`], feature `tzdb`). The browser
//! must not carry that database, so the server sends [`ZoneTransitions`]: the offsets of the
//! studio's zone over the booking horizon, a few bytes per DST change. Both implement
//! [`ZoneRules`], and the engine is generic over it, so both compute the same slots.

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

pub trait ZoneRules {
    /// Seconds east of UTC in force at `instant`.
    fn offset_seconds_at(&self, instant: DateTime<Utc>) -> i32;

    /// The instants whose wall time in this zone is `local`: none in a spring-forward gap,
    /// two (earliest first) in a fall-back overlap.
    fn resolve(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>>;

    /// The wall time of `instant` in this zone.
    fn wall_time(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        instant.naive_utc() + Duration::seconds(i64::from(self.offset_seconds_at(instant)))
    }
}

/// "14:30": the wall time of an instant in any zone (the studio's, or the booker's).
pub fn time_of_day(zone: &impl ZoneRules, instant: DateTime<Utc>) -> String {
    zone.wall_time(instant).format("%H:%M").to_string()
}

/// "Tuesday 24 November 2026": the wall date of an instant in any zone.
pub fn long_date(zone: &impl ZoneRules, instant: DateTime<Utc>) -> String {
    zone.wall_time(instant).format("%A %-d %B %Y").to_string()
}

#[cfg(feature = "tzdb")]
impl ZoneRules for chrono_tz::Tz {
    fn offset_seconds_at(&self, instant: DateTime<Utc>) -> i32 {
        use chrono::Offset;
        self.offset_from_utc_datetime(&instant.naive_utc())
            .fix()
            .local_minus_utc()
    }

    fn resolve(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        self.from_local_datetime(&local)
            .map(|instant| instant.with_timezone(&Utc))
    }
}

/// A zone's offsets over a window of time: the offset before the window and every change in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneTransitions {
    pub name: String,
    pub initial_offset_seconds: i32,
    /// (UTC Unix seconds of the change, offset in force from then on), in time order.
    pub changes: Vec<(i64, i32)>,
}

impl ZoneTransitions {
    /// Reads the offsets of `zone` between two instants from its rules.
    pub fn capture(
        name: &str,
        zone: &impl ZoneRules,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Self {
        let initial = zone.offset_seconds_at(from);
        let mut changes = Vec::new();
        let mut previous = initial;
        let mut cursor = from;
        // Every real-world zone keeps an offset for at least a day; hourly probes find each change,
        // then a binary search finds its exact second.
        while cursor < to {
            let next = (cursor + Duration::hours(1)).min(to);
            let offset = zone.offset_seconds_at(next);
            if offset != previous {
                let (mut before, mut after) = (cursor.timestamp(), next.timestamp());
                while after - before > 1 {
                    let middle = before + (after - before) / 2;
                    let probe = DateTime::from_timestamp(middle, 0).unwrap_or(next);
                    if zone.offset_seconds_at(probe) == previous {
                        before = middle;
                    } else {
                        after = middle;
                    }
                }
                changes.push((after, offset));
                previous = offset;
            }
            cursor = next;
        }
        Self {
            name: name.to_owned(),
            initial_offset_seconds: initial,
            changes,
        }
    }

    fn distinct_offsets(&self) -> Vec<i32> {
        let mut offsets: Vec<i32> = std::iter::once(self.initial_offset_seconds)
            .chain(self.changes.iter().map(|(_, offset)| *offset))
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        offsets
    }
}

impl ZoneRules for ZoneTransitions {
    fn offset_seconds_at(&self, instant: DateTime<Utc>) -> i32 {
        let seconds = instant.timestamp();
        let applied = self.changes.partition_point(|(at, _)| *at <= seconds);
        match applied {
            0 => self.initial_offset_seconds,
            n => self.changes[n - 1].1,
        }
    }

    fn resolve(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        let mut matches: Vec<DateTime<Utc>> = self
            .distinct_offsets()
            .into_iter()
            .filter_map(|offset| {
                let instant =
                    Utc.from_utc_datetime(&(local - Duration::seconds(i64::from(offset))));
                (self.offset_seconds_at(instant) == offset).then_some(instant)
            })
            .collect();
        matches.sort_unstable();
        matches.dedup();
        match matches.as_slice() {
            [] => LocalResult::None,
            [only] => LocalResult::Single(*only),
            [first, .., last] => LocalResult::Ambiguous(*first, *last),
        }
    }
}

/// A fixed offset is its own rule set (UTC, or an offset-only zone).
impl ZoneRules for FixedOffset {
    fn offset_seconds_at(&self, _instant: DateTime<Utc>) -> i32 {
        self.local_minus_utc()
    }

    fn resolve(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        self.from_local_datetime(&local)
            .map(|instant| instant.with_timezone(&Utc))
    }
}

#[cfg(all(test, feature = "tzdb"))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn wall(date: &str, hour: u32, minute: u32) -> NaiveDateTime {
        date.parse::<NaiveDate>()
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap()
    }

    #[test]
    fn captured_transitions_find_each_change_to_the_second() {
        let zone: chrono_tz::Tz = "America/New_York".parse().unwrap();
        let rules = ZoneTransitions::capture(
            "America/New_York",
            &zone,
            utc("2026-01-01T00:00:00Z"),
            utc("2027-01-01T00:00:00Z"),
        );
        assert_eq!(rules.initial_offset_seconds, -5 * 3600);
        assert_eq!(
            rules.changes,
            vec![
                (utc("2026-03-08T07:00:00Z").timestamp(), -4 * 3600),
                (utc("2026-11-01T06:00:00Z").timestamp(), -5 * 3600),
            ]
        );
    }

    #[test]
    fn one_instant_reads_in_the_studio_zone_and_in_the_bookers_zone() {
        let studio: chrono_tz::Tz = "America/New_York".parse().unwrap();
        let booker = ZoneTransitions::capture(
            "Asia/Kolkata",
            &"Asia/Kolkata".parse::<chrono_tz::Tz>().unwrap(),
            utc("2026-11-01T00:00:00Z"),
            utc("2026-12-01T00:00:00Z"),
        );
        let instant = utc("2026-11-24T22:00:00Z");
        assert_eq!(
            (time_of_day(&studio, instant), long_date(&studio, instant)),
            ("17:00".to_owned(), "Tuesday 24 November 2026".to_owned())
        );
        assert_eq!(
            (time_of_day(&booker, instant), long_date(&booker, instant)),
            ("03:30".to_owned(), "Wednesday 25 November 2026".to_owned())
        );
    }

    #[test]
    fn captured_rules_resolve_wall_times_like_the_database() {
        for name in [
            "America/New_York",
            "Europe/Berlin",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
            "Pacific/Chatham",
        ] {
            let zone: chrono_tz::Tz = name.parse().unwrap();
            let rules = ZoneTransitions::capture(
                name,
                &zone,
                utc("2026-01-01T00:00:00Z"),
                utc("2027-01-01T00:00:00Z"),
            );
            let mut local = wall("2026-01-02", 0, 0);
            while local < wall("2026-12-30", 0, 0) {
                assert_eq!(
                    rules.resolve(local),
                    zone.resolve(local),
                    "{name} at {local}"
                );
                local += Duration::minutes(30);
            }
        }
    }
}
