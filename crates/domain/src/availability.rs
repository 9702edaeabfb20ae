//! Weekly hours and the one decision that both lists slots and accepts bookings.
//!
//! Rules are wall-clock times in the studio's zone. Each candidate start is expanded to a
//! UTC instant through the zone; all further maths (lengths, overlaps) runs on instants.
//!
//! Daylight-saving choices: a wall time that does not exist on a spring-forward day is
//! skipped; a wall time that occurs twice on a fall-back day is offered once, at its first
//! occurrence. A range's own edges resolve to the earliest valid instant at or after the
//! wall time, so "09:00–17:00" always means the real hours between those two wall times.

use crate::session_type::{Capacity, SessionDuration};
use crate::timezone::StudioTimezone;
use crate::{FieldError, FieldErrors};
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use serde::{Deserialize, Serialize};

const MINUTES_PER_DAY: u16 = 24 * 60;

/// Wall-clock minutes since local midnight, 0..=1440 (1440 is "24:00", the day's end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WallMinute(u16);

impl WallMinute {
    pub fn new(minutes: u16) -> Option<Self> {
        (minutes <= MINUTES_PER_DAY).then_some(Self(minutes))
    }

    fn parse(text: &str) -> Option<Self> {
        let (hours, minutes) = text.trim().split_once(':')?;
        if hours.is_empty() || hours.len() > 2 || minutes.len() != 2 {
            return None;
        }
        let hours: u16 = hours.parse().ok()?;
        let minutes: u16 = minutes.parse().ok()?;
        if minutes >= 60 {
            return None;
        }
        Self::new(hours * 60 + minutes)
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    fn on(self, date: NaiveDate) -> chrono::NaiveDateTime {
        let midnight = date.and_time(NaiveTime::MIN);
        midnight + Duration::minutes(i64::from(self.0))
    }
}

impl std::fmt::Display for WallMinute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// An opening range within one day, start strictly before end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRange {
    start: WallMinute,
    end: WallMinute,
}

impl TimeRange {
    pub fn new(start: WallMinute, end: WallMinute) -> Option<Self> {
        (start < end).then_some(Self { start, end })
    }

    pub fn start(self) -> WallMinute {
        self.start
    }

    pub fn end(self) -> WallMinute {
        self.end
    }
}

impl std::fmt::Display for TimeRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

/// Opening hours for each weekday, Monday first; ranges sorted and never overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHours {
    days: [Vec<TimeRange>; 7],
}

impl WeeklyHours {
    pub const WEEKDAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The form field that holds a weekday's ranges, e.g. "monday".
    pub fn field_name(day: Weekday) -> &'static str {
        match day {
            Weekday::Mon => "monday",
            Weekday::Tue => "tuesday",
            Weekday::Wed => "wednesday",
            Weekday::Thu => "thursday",
            Weekday::Fri => "friday",
            Weekday::Sat => "saturday",
            Weekday::Sun => "sunday",
        }
    }

    /// Builds the week from ranges per day, refusing overlaps.
    pub fn from_ranges(
        ranges: impl IntoIterator<Item = (Weekday, TimeRange)>,
    ) -> Result<Self, FieldErrors> {
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        for (day, range) in ranges {
            days[day.num_days_from_monday() as usize].push(range);
        }
        let mut errors = FieldErrors::new();
        for (index, ranges) in days.iter_mut().enumerate() {
            ranges.sort_by_key(|range| range.start);
            if let Some(pair) = ranges.windows(2).find(|pair| pair[1].start < pair[0].end) {
                errors.push(FieldError::new(
                    Self::field_name(Self::WEEKDAYS[index]),
                    format!("{} overlaps {}.", pair[0], pair[1]),
                ));
            }
        }
        errors.into_result().map(|()| Self { days })
    }

    /// Parses one text per weekday, Monday first, each like "09:00-12:00, 13:00-17:00"
    /// (empty for a closed day).
    pub fn parse(texts: [&str; 7]) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut ranges = Vec::new();
        for (day, text) in Self::WEEKDAYS.into_iter().zip(texts) {
            let field = Self::field_name(day);
            for part in text
                .split([',', ';'])
                .map(str::trim)
                .filter(|part| !part.is_empty())
            {
                match parse_range(part) {
                    Some(range) => ranges.push((day, range)),
                    None => errors.push(FieldError::new(
                        field,
                        format!(
                            "\"{part}\" is not a time range; write it like 09:00-17:00 (start before end)."
                        ),
                    )),
                }
            }
        }
        match Self::from_ranges(ranges) {
            Ok(week) if errors.is_empty() => Ok(week),
            Ok(_) => Err(errors),
            Err(overlaps) => {
                errors.0.extend(overlaps.0);
                Err(errors)
            }
        }
    }

    pub fn ranges_on(&self, day: Weekday) -> &[TimeRange] {
        &self.days[day.num_days_from_monday() as usize]
    }

    /// The text a weekday's form field shows, e.g. "09:00-12:00, 13:00-17:00".
    pub fn text_for(&self, day: Weekday) -> String {
        self.ranges_on(day)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn iter(&self) -> impl Iterator<Item = (Weekday, TimeRange)> + '_ {
        Self::WEEKDAYS
            .into_iter()
            .flat_map(move |day| self.ranges_on(day).iter().map(move |range| (day, *range)))
    }

    pub fn is_empty(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }
}

fn parse_range(text: &str) -> Option<TimeRange> {
    let (start, end) = text.split_once(['-', '–'])?;
    TimeRange::new(WallMinute::parse(start)?, WallMinute::parse(end)?)
}

/// What is being booked: the session type's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offering {
    pub session_type_id: i64,
    pub duration: SessionDuration,
    pub capacity: Capacity,
}

/// Seats already taken at the studio (by any session type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakenSeats {
    pub session_type_id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seats: u32,
}

/// Everything the decision needs to know about the studio at one moment.
#[derive(Debug, Clone, Copy)]
pub struct Schedule<'a> {
    pub timezone: StudioTimezone,
    pub weekly_hours: &'a WeeklyHours,
    pub taken: &'a [TakenSeats],
    pub now: DateTime<Utc>,
}

/// A start time that can be booked, with the seats still free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seats_left: u32,
    pub capacity: u32,
}

/// Why a requested start cannot be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("That time is outside the studio's opening hours.")]
    OutsideHours,
    #[error("That time has already passed.")]
    InThePast,
    #[error("That time is no longer available: another booking takes it.")]
    Taken,
    #[error("That session is full: no seats are left.")]
    Full,
}

/// Bookable slots on one local date of the studio, in start order.
pub fn slots_on(schedule: &Schedule<'_>, offering: &Offering, date: NaiveDate) -> Vec<Slot> {
    candidates_on(schedule, offering, date)
        .filter_map(|(start, end)| evaluate(schedule, offering, start, end).ok())
        .collect()
}

/// Accepts or refuses a requested start with exactly the rules `slots_on` lists by.
pub fn check_booking(
    schedule: &Schedule<'_>,
    offering: &Offering,
    start: DateTime<Utc>,
) -> Result<Slot, Refusal> {
    let date = schedule.timezone.local(start).date_naive();
    let (start, end) = candidates_on(schedule, offering, date)
        .find(|(candidate, _)| *candidate == start)
        .ok_or(Refusal::OutsideHours)?;
    evaluate(schedule, offering, start, end)
}

/// The local dates from `first` for `days` days, each with its number of bookable slots.
pub fn days_with_room(
    schedule: &Schedule<'_>,
    offering: &Offering,
    first: NaiveDate,
    days: u32,
) -> Vec<(NaiveDate, usize)> {
    first
        .iter_days()
        .take(days as usize)
        .map(|date| (date, slots_on(schedule, offering, date).len()))
        .collect()
}

/// Every wall-clock start the weekly hours allow on `date`, expanded to UTC.
fn candidates_on<'s>(
    schedule: &'s Schedule<'_>,
    offering: &'s Offering,
    date: NaiveDate,
) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + 's {
    let zone = schedule.timezone;
    let length = offering.duration.as_chrono();
    let step = u16::from(offering.duration);
    schedule
        .weekly_hours
        .ranges_on(date.weekday())
        .iter()
        .flat_map(move |range| {
            let opens = earliest_instant_at_or_after(zone, range.start().on(date));
            let closes = earliest_instant_at_or_after(zone, range.end().on(date));
            (range.start().minutes()..range.end().minutes())
                .step_by(usize::from(step))
                .filter_map(move |minute| {
                    let wall = WallMinute(minute).on(date);
                    let start = match zone.tz().from_local_datetime(&wall) {
                        LocalResult::Single(start) => start,
                        LocalResult::Ambiguous(first, _) => first,
                        LocalResult::None => return None,
                    }
                    .with_timezone(&Utc);
                    let end = start + length;
                    (start >= opens && end <= closes).then_some((start, end))
                })
        })
}

/// Resolves a wall time to an instant; a time inside a spring-forward gap moves to the gap's end.
fn earliest_instant_at_or_after(
    zone: StudioTimezone,
    wall: chrono::NaiveDateTime,
) -> DateTime<Utc> {
    let mut probe = wall;
    // Gaps are at most a few hours; stepping by minutes finds the first valid wall time.
    for _ in 0..=(24 * 60) {
        match zone.tz().from_local_datetime(&probe) {
            LocalResult::Single(instant) | LocalResult::Ambiguous(instant, _) => {
                return instant.with_timezone(&Utc);
            }
            LocalResult::None => probe += Duration::minutes(1),
        }
    }
    Utc.from_utc_datetime(&wall)
}

fn evaluate(
    schedule: &Schedule<'_>,
    offering: &Offering,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Slot, Refusal> {
    if start <= schedule.now {
        return Err(Refusal::InThePast);
    }
    let mut seats_used = 0_u32;
    for taken in schedule.taken {
        let overlaps = taken.start < end && start < taken.end;
        if !overlaps {
            continue;
        }
        let same_session =
            taken.session_type_id == offering.session_type_id && taken.start == start;
        if same_session {
            seats_used = seats_used.saturating_add(taken.seats);
        } else {
            return Err(Refusal::Taken);
        }
    }
    let capacity = offering.capacity.seats();
    if seats_used >= capacity {
        return Err(if capacity == 1 {
            Refusal::Taken
        } else {
            Refusal::Full
        });
    }
    Ok(Slot {
        start,
        end,
        seats_left: capacity - seats_used,
        capacity,
    })
}

#[cfg(test)]
mod tests;
