//! Opening hours: weekly wall-clock ranges and per-date overrides.

use crate::{FieldError, FieldErrors};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

    pub(crate) fn on(self, date: NaiveDate) -> chrono::NaiveDateTime {
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

/// Parses one day's ranges, like "10:00-12:00, 13:00-14:00", refusing malformed or overlapping
/// ones; an empty text is no ranges.
pub fn parse_day_ranges(field: &str, text: &str) -> Result<Vec<TimeRange>, FieldError> {
    let mut ranges = Vec::new();
    for part in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let range = parse_range(part).ok_or_else(|| {
            FieldError::new(
                field,
                format!(
                    "\"{part}\" is not a time range; write it like 09:00-17:00 (start before end)."
                ),
            )
        })?;
        ranges.push(range);
    }
    ranges.sort_by_key(|range| range.start);
    if let Some(pair) = ranges.windows(2).find(|pair| pair[1].start < pair[0].end) {
        return Err(FieldError::new(
            field,
            format!("{} overlaps {}.", pair[0], pair[1]),
        ));
    }
    Ok(ranges)
}

fn parse_range(text: &str) -> Option<TimeRange> {
    let (start, end) = text.split_once(['-', '–'])?;
    TimeRange::new(WallMinute::parse(start)?, WallMinute::parse(end)?)
}

/// The weekly hours with dates that differ: closed (no ranges) or other ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub weekly: WeeklyHours,
    overrides: BTreeMap<NaiveDate, Vec<TimeRange>>,
}

impl OpeningHours {
    pub fn weekly(weekly: WeeklyHours) -> Self {
        Self {
            weekly,
            overrides: BTreeMap::new(),
        }
    }

    /// Closes a date whatever its weekday's hours.
    pub fn close(&mut self, date: NaiveDate) {
        self.overrides.insert(date, Vec::new());
    }

    /// Gives a date its own ranges instead of its weekday's, refusing overlaps.
    pub fn set_date(
        &mut self,
        date: NaiveDate,
        mut ranges: Vec<TimeRange>,
    ) -> Result<(), FieldError> {
        ranges.sort_by_key(|range| range.start());
        if let Some(pair) = ranges
            .windows(2)
            .find(|pair| pair[1].start() < pair[0].end())
        {
            return Err(FieldError::new(
                "ranges",
                format!("{} overlaps {}.", pair[0], pair[1]),
            ));
        }
        self.overrides.insert(date, ranges);
        Ok(())
    }

    pub fn overrides(&self) -> impl Iterator<Item = (NaiveDate, &[TimeRange])> {
        self.overrides
            .iter()
            .map(|(date, ranges)| (*date, ranges.as_slice()))
    }

    pub fn ranges_on(&self, date: NaiveDate) -> &[TimeRange] {
        match self.overrides.get(&date) {
            Some(ranges) => ranges,
            None => self.weekly.ranges_on(date.weekday()),
        }
    }
}
