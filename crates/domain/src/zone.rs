//! Time-zone rules as the slot engine needs them: which instants a wall time names, and the
//! offset in force at an instant.
//!
//! The server reads rules from the IANA database ([`chrono_tz::Tz`], feature `tzdb`). The browser
//! must not carry that database, so the server sends [`ZoneTransitions`]: the offsets of the
//! studio's zone over the booking horizon, a few bytes per DST change. Both implement
//! [`ZoneRules`], and the engine is generic over it, so both compute the same slots.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc,
};
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

    /// What the offset in force at `instant` is called, e.g. "CET" or "EDT"; where the rules
    /// know no name, the offset itself, e.g. "UTC+05:30".
    fn abbreviation_at(&self, instant: DateTime<Utc>) -> String {
        offset_label(self.offset_seconds_at(instant))
    }
}

/// An offset as people read it: "UTC", "UTC+01:00", "UTC−03:30".
pub fn offset_label(seconds: i32) -> String {
    if seconds == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds < 0 { '\u{2212}' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// How a zone is named beside a time in a second zone: "New York time" for America/New_York;
/// `None` for names that are no place (UTC, Etc/GMT+5).
pub fn place_time_label(zone_name: &str) -> Option<String> {
    if zone_name.starts_with("Etc/") {
        return None;
    }
    let (_, place) = zone_name.rsplit_once('/')?;
    Some(format!("{} time", place.replace('_', " ")))
}

/// An instant as a clock on the wall of one zone shows it, with the zone's name for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    pub wall: NaiveDateTime,
    /// "CET", "EDT" or "UTC+05:30".
    pub zone: String,
    pub offset_seconds: i32,
}

impl Moment {
    pub fn of(zone: &impl ZoneRules, instant: DateTime<Utc>) -> Self {
        Self {
            wall: zone.wall_time(instant),
            zone: zone.abbreviation_at(instant),
            offset_seconds: zone.offset_seconds_at(instant),
        }
    }

    /// "14:30".
    pub fn time(&self) -> String {
        self.wall.format("%H:%M").to_string()
    }

    /// "14:30 CET".
    pub fn time_with_zone(&self) -> String {
        format!("{} {}", self.time(), self.zone)
    }

    /// "Saturday 27 March 2027".
    pub fn long_date(&self) -> String {
        self.wall.format("%A %-d %B %Y").to_string()
    }

    /// "Saturday 27 March 2027, 02:00 CET": a deadline, named with its zone.
    pub fn date_time_with_zone(&self) -> String {
        format!("{}, {}", self.long_date(), self.time_with_zone())
    }
}

/// A session's start and end as one zone shows them: "09:00–10:00 CET". When the offset
/// changes in between (a clock-change night), each end carries its own: "02:30 CEST – 02:00
/// CET". An end on the next day says so.
pub fn range_text(start: &Moment, end: &Moment) -> String {
    let next_day = if end.wall.date() > start.wall.date() {
        " (next day)"
    } else {
        ""
    };
    if start.offset_seconds == end.offset_seconds {
        return format!("{}–{}{next_day} {}", start.time(), end.time(), start.zone);
    }
    // Two offsets under one name would read as one: name them by their offsets instead.
    let (start_zone, end_zone) = if start.zone == end.zone {
        (
            offset_label(start.offset_seconds),
            offset_label(end.offset_seconds),
        )
    } else {
        (start.zone.clone(), end.zone.clone())
    };
    format!(
        "{} {start_zone} – {} {end_zone}{next_day}",
        start.time(),
        end.time()
    )
}

/// A session's time in a zone: "02:30 CEST – 02:00 CET" (see [`range_text`]).
pub fn time_range(zone: &impl ZoneRules, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    range_text(&Moment::of(zone, start), &Moment::of(zone, end))
}

/// A time in a second zone (the booker's own), beside the studio's: "19:00–20:00 EDT", with
/// the date when that zone's date differs from the studio's ("19:00–20:00 EDT, Saturday 27
/// March").
pub fn other_zone_range(studio_date: NaiveDate, start: &Moment, end: &Moment) -> String {
    let range = range_text(start, end);
    if start.wall.date() == studio_date {
        range
    } else {
        format!("{range}, {}", start.wall.format("%A %-d %B"))
    }
}

/// One time in a second zone: "19:00 EDT", or "20:00 EDT, Sat 27 Mar" on another date.
pub fn other_zone_time(studio_date: NaiveDate, moment: &Moment) -> String {
    if moment.wall.date() == studio_date {
        moment.time_with_zone()
    } else {
        format!(
            "{}, {}",
            moment.time_with_zone(),
            moment.wall.format("%a %-d %b")
        )
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

    fn abbreviation_at(&self, instant: DateTime<Utc>) -> String {
        let name = instant.with_timezone(self).format("%Z").to_string();
        // Zones without a name for their offset give the offset ("+0530", "-03").
        if name.starts_with(['+', '-']) || name.is_empty() {
            offset_label(self.offset_seconds_at(instant))
        } else {
            name
        }
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
    fn a_range_across_the_fall_back_names_each_end_by_its_own_offset() {
        let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
        // 02:30 CEST on 25 October 2026 is 00:30 UTC; thirty minutes later it is 02:00 CET.
        let start = utc("2026-10-25T00:30:00Z");
        assert_eq!(
            time_range(&berlin, start, start + Duration::minutes(30)),
            "02:30 CEST – 02:00 CET"
        );
        assert_eq!(
            time_range(
                &berlin,
                utc("2026-10-24T07:00:00Z"),
                utc("2026-10-24T08:00:00Z")
            ),
            "09:00–10:00 CEST"
        );
        assert_eq!(
            time_range(
                &berlin,
                utc("2026-11-24T22:30:00Z"),
                utc("2026-11-24T23:30:00Z")
            ),
            "23:30–00:30 (next day) CET"
        );
    }

    #[test]
    fn a_second_zone_is_named_by_its_place() {
        assert_eq!(
            place_time_label("America/New_York").as_deref(),
            Some("New York time")
        );
        assert_eq!(
            place_time_label("America/Argentina/Buenos_Aires").as_deref(),
            Some("Buenos Aires time")
        );
        assert_eq!(place_time_label("UTC"), None);
        assert_eq!(place_time_label("Etc/GMT+5"), None);
    }

    #[test]
    fn zones_without_abbreviations_show_their_offset() {
        let kolkata: chrono_tz::Tz = "Asia/Kolkata".parse().unwrap();
        let sao_paulo: chrono_tz::Tz = "America/Sao_Paulo".parse().unwrap();
        let instant = utc("2026-11-24T09:00:00Z");
        assert_eq!(kolkata.abbreviation_at(instant), "IST");
        assert_eq!(sao_paulo.abbreviation_at(instant), "UTC\u{2212}03:00");
        assert_eq!(
            chrono::FixedOffset::east_opt(19_800)
                .unwrap()
                .abbreviation_at(instant),
            "UTC+05:30"
        );
    }

    #[test]
    fn a_second_zone_shows_its_date_when_it_differs_from_the_studios() {
        let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
        let new_york: chrono_tz::Tz = "America/New_York".parse().unwrap();
        // Sunday 28 March 2027, 01:00 in Berlin is Saturday 27 March, 20:00 in New York.
        let start = utc("2027-03-28T00:00:00Z");
        let end = start + Duration::hours(1);
        let studio_date = Moment::of(&berlin, start).wall.date();
        assert_eq!(
            other_zone_range(
                studio_date,
                &Moment::of(&new_york, start),
                &Moment::of(&new_york, end)
            ),
            "20:00–21:00 EDT, Saturday 27 March"
        );
        assert_eq!(
            other_zone_time(studio_date, &Moment::of(&new_york, start)),
            "20:00 EDT, Sat 27 Mar"
        );
        let same_day = utc("2027-03-28T16:00:00Z");
        assert_eq!(
            other_zone_time(
                Moment::of(&berlin, same_day).wall.date(),
                &Moment::of(&new_york, same_day)
            ),
            "12:00 EDT"
        );
        assert_eq!(
            Moment::of(&berlin, utc("2027-03-27T01:00:00Z")).date_time_with_zone(),
            "Saturday 27 March 2027, 02:00 CET"
        );
    }

    /// Reads a range as [`range_text`] writes it back into its two instants, taking each
    /// time with the zone written next to it (or the one zone written after both).
    fn read_back(text: &str, start: &Moment, end: &Moment) -> (NaiveDateTime, NaiveDateTime) {
        let offset_of = |label: &str| -> i32 {
            if let Some(rest) = label.strip_prefix("UTC") {
                if rest.is_empty() {
                    return 0;
                }
                let sign = if rest.starts_with('+') { 1 } else { -1 };
                let digits: String = rest.chars().skip(1).collect();
                let (hours, minutes) = digits.split_once(':').unwrap();
                return sign
                    * (hours.parse::<i32>().unwrap() * 3600
                        + minutes.parse::<i32>().unwrap() * 60);
            }
            // A name stands for the offset of the end it was taken from.
            if label == start.zone {
                start.offset_seconds
            } else {
                assert_eq!(label, end.zone);
                end.offset_seconds
            }
        };
        let next_day = text.contains(" (next day)");
        let text = text.replace(" (next day)", "");
        let (first, second, first_zone, second_zone) =
            if let Some((left, right)) = text.split_once(" – ") {
                let (first, first_zone) = left.split_once(' ').unwrap();
                let (second, second_zone) = right.split_once(' ').unwrap();
                (
                    first.to_owned(),
                    second.to_owned(),
                    first_zone.to_owned(),
                    second_zone.to_owned(),
                )
            } else {
                let (times, zone) = text.split_once(' ').unwrap();
                let (first, second) = times.split_once('–').unwrap();
                (
                    first.to_owned(),
                    second.to_owned(),
                    zone.to_owned(),
                    zone.to_owned(),
                )
            };
        let date = start.wall.date();
        let end_date = if next_day {
            date.succ_opt().unwrap()
        } else {
            date
        };
        let at = |day: NaiveDate, time: &str, zone: &str| {
            day.and_time(chrono::NaiveTime::parse_from_str(time, "%H:%M").unwrap())
                - Duration::seconds(i64::from(offset_of(zone)))
        };
        (
            at(date, &first, &first_zone),
            at(end_date, &second, &second_zone),
        )
    }

    proptest::proptest! {
        /// Whatever the zone and the night, a shown range reads back as the real start and end:
        /// so its end is never shown before its start.
        #[test]
        fn a_shown_range_reads_back_as_its_instants(
            name in proptest::sample::select(vec!["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "America/Sao_Paulo", "Europe/London", "UTC"]),
            minute in 0_i64..(2 * 366 * 24 * 60),
            minutes in proptest::sample::select(crate::session_type::SessionDuration::ALLOWED_MINUTES.to_vec()),
            near_a_change in proptest::bool::ANY,
        ) {
            let zone: chrono_tz::Tz = name.parse().unwrap();
            let base = utc("2026-01-01T00:00:00Z");
            let mut start = base + Duration::minutes(minute);
            if near_a_change {
                // Start within two hours before the next offset change, if there is one soon.
                let rules = ZoneTransitions::capture(name, &zone, start, start + Duration::days(200));
                if let Some((at, _)) = rules.changes.first() {
                    let change = DateTime::from_timestamp(*at, 0).unwrap();
                    start = change - Duration::minutes(minute % 120 + 1);
                }
            }
            let end = start + Duration::minutes(i64::from(minutes));
            let (first, last) = (Moment::of(&zone, start), Moment::of(&zone, end));
            let text = range_text(&first, &last);
            let (read_start, read_end) = read_back(&text, &first, &last);
            proptest::prop_assert_eq!(read_start, start.naive_utc(), "{}", text);
            proptest::prop_assert_eq!(read_end, end.naive_utc(), "{}", text);
            proptest::prop_assert!(read_end > read_start);
        }
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
