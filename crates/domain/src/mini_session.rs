//! Mini sessions (seed 003): on each date, N spots from a start time, each of a set length,
//! with a gap between spots and optional breaks; or one start time shared by all N seats.
//!
//! Spots are laid out in real elapsed time from the start instant, so a spot is always exactly
//! its length even on a night when the clocks change; the start wall time must exist that day.

use crate::availability::WallMinute;
use crate::fees::Discount;
use crate::field::whole_number_in;
use crate::text::PersonName;
use crate::zone::ZoneRules;
use crate::{FieldError, FieldErrors};
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    /// The break follows this spot (1-based).
    pub after_spot: u16,
    pub minutes: u16,
}

/// One date of a mini session, every field valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniSessionDay {
    pub date: NaiveDate,
    pub start: WallMinute,
    pub spots: u16,
    pub spot_minutes: u16,
    pub gap_minutes: u16,
    pub breaks: Vec<Break>,
    /// One start for everyone (classes, workshops): a single spot with `spots` seats.
    pub same_start_for_all: bool,
}

/// A mini-session date as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniSessionDayInput {
    pub date: String,
    pub start: String,
    pub spots: String,
    pub spot_minutes: String,
    pub gap_minutes: String,
    /// (after spot, minutes) pairs.
    pub breaks: Vec<(String, String)>,
    pub same_start_for_all: bool,
}

impl MiniSessionDay {
    pub const MAX_SPOTS: u16 = 200;

    pub fn parse(input: &MiniSessionDayInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = errors.take(
            NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d")
                .map_err(|_| FieldError::new("date", "Pick a date.")),
        );
        let start = errors.take(
            NaiveTime::parse_from_str(input.start.trim(), "%H:%M")
                .ok()
                .and_then(|time| {
                    WallMinute::new(
                        u16::try_from(time.signed_duration_since(NaiveTime::MIN).num_minutes())
                            .ok()?,
                    )
                })
                .ok_or_else(|| FieldError::new("start", "Enter the start time like 09:30.")),
        );
        let spots = errors.take(whole_number_in::<u16>(
            "spots",
            &input.spots,
            1..=Self::MAX_SPOTS,
            "Spots",
        ));
        let spot_minutes = errors.take(whole_number_in::<u16>(
            "spot_minutes",
            &input.spot_minutes,
            5..=480,
            "Spot length (minutes)",
        ));
        let gap_minutes = if input.gap_minutes.trim().is_empty() {
            Some(0)
        } else {
            errors.take(whole_number_in::<u16>(
                "gap_minutes",
                &input.gap_minutes,
                0..=240,
                "Gap (minutes)",
            ))
        };
        let mut breaks = Vec::new();
        for (after, minutes) in &input.breaks {
            let after = errors.take(whole_number_in::<u16>(
                "breaks",
                after,
                1..=Self::MAX_SPOTS,
                "A break's spot",
            ));
            let minutes = errors.take(whole_number_in::<u16>(
                "breaks",
                minutes,
                1..=480,
                "A break's length (minutes)",
            ));
            if let (Some(after_spot), Some(minutes)) = (after, minutes) {
                breaks.push(Break {
                    after_spot,
                    minutes,
                });
            }
        }
        if let Some(spots) = spots
            && breaks.iter().any(|b| b.after_spot >= spots)
        {
            errors.push(FieldError::new(
                "breaks",
                "A break must come after one spot and before the last.",
            ));
        }
        breaks.sort_by_key(|b| b.after_spot);
        if breaks
            .windows(2)
            .any(|pair| pair[0].after_spot == pair[1].after_spot)
        {
            errors.push(FieldError::new(
                "breaks",
                "Only one break can follow a spot.",
            ));
        }
        match (date, start, spots, spot_minutes, gap_minutes) {
            (Some(date), Some(start), Some(spots), Some(spot_minutes), Some(gap_minutes))
                if errors.is_empty() =>
            {
                Ok(Self {
                    date,
                    start,
                    spots,
                    spot_minutes,
                    gap_minutes,
                    breaks,
                    same_start_for_all: input.same_start_for_all,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A generated spot, as the preview and the booking page show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spot {
    /// 1-based.
    pub number: u16,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seats: u32,
}

/// Lays out a date's spots through the studio's zone.
pub fn spots<Z: ZoneRules>(day: &MiniSessionDay, zone: &Z) -> Result<Vec<Spot>, FieldError> {
    let wall =
        day.date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(day.start.minutes()));
    let first = match zone.resolve(wall) {
        LocalResult::Single(instant) | LocalResult::Ambiguous(instant, _) => instant,
        LocalResult::None => {
            return Err(FieldError::new(
                "start",
                "That start time does not exist on this date: the clocks go forward.",
            ));
        }
    };
    let length = Duration::minutes(i64::from(day.spot_minutes));
    let layout = if day.same_start_for_all {
        vec![Spot {
            number: 1,
            start: first,
            end: first + length,
            seats: u32::from(day.spots),
        }]
    } else {
        let gap = Duration::minutes(i64::from(day.gap_minutes));
        let mut layout = Vec::with_capacity(usize::from(day.spots));
        let mut start = first;
        for number in 1..=day.spots {
            layout.push(Spot {
                number,
                start,
                end: start + length,
                seats: 1,
            });
            start = start + length + gap;
            if let Some(pause) = day.breaks.iter().find(|b| b.after_spot == number) {
                start += Duration::minutes(i64::from(pause.minutes));
            }
        }
        layout
    };
    let last_end = layout
        .last()
        .map(|spot| zone.wall_time(spot.end - Duration::seconds(1)).date());
    if last_end != Some(day.date) {
        return Err(FieldError::new(
            "spots",
            "The spots run past midnight; start earlier or offer fewer.",
        ));
    }
    Ok(layout)
}

/// A mini session over one or more dates, e.g. "Fall minis" on two Saturdays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniSession {
    pub days: Vec<MiniSessionDay>,
}

impl MiniSession {
    /// Refuses an empty list and a date given twice.
    pub fn new(mut days: Vec<MiniSessionDay>) -> Result<Self, FieldError> {
        if days.is_empty() {
            return Err(FieldError::new("days", "Add at least one date."));
        }
        days.sort_by_key(|day| day.date);
        if days.windows(2).any(|pair| pair[0].date == pair[1].date) {
            return Err(FieldError::new("days", "Each date can be added once."));
        }
        Ok(Self { days })
    }

    /// The preview the instructor sees: every date with its spots, in date order.
    pub fn preview<Z: ZoneRules>(
        &self,
        zone: &Z,
    ) -> Result<Vec<(NaiveDate, Vec<Spot>)>, FieldError> {
        self.days
            .iter()
            .map(|day| spots(day, zone).map(|layout| (day.date, layout)))
            .collect()
    }
}

/// A spot kept for a named client, with an optional discount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    pub spot: u16,
    pub client: PersonName,
    /// Seen only by the instructor.
    pub note: String,
    pub discount: Option<Discount>,
    pub pay_outside: bool,
}

/// Checks a new reservation against the day's spots and the reservations already made.
pub fn reserve(
    spots: &[Spot],
    existing: &[Reservation],
    new: Reservation,
) -> Result<Reservation, FieldError> {
    if !spots.iter().any(|spot| spot.number == new.spot) {
        return Err(FieldError::new(
            "spot",
            "There is no such spot on this date.",
        ));
    }
    if existing
        .iter()
        .any(|reservation| reservation.spot == new.spot)
    {
        return Err(FieldError::new("spot", "That spot is already reserved."));
    }
    if new.note.chars().count() > 500 {
        return Err(FieldError::new(
            "note",
            "Keep the note under 500 characters.",
        ));
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fees::Percent;
    use crate::timezone::StudioTimezone;

    fn input(
        date: &str,
        start: &str,
        spots: &str,
        minutes: &str,
        gap: &str,
    ) -> MiniSessionDayInput {
        MiniSessionDayInput {
            date: date.into(),
            start: start.into(),
            spots: spots.into(),
            spot_minutes: minutes.into(),
            gap_minutes: gap.into(),
            breaks: Vec::new(),
            same_start_for_all: false,
        }
    }

    fn zone(name: &str) -> StudioTimezone {
        StudioTimezone::parse("timezone", name).unwrap()
    }

    fn times(zone: StudioTimezone, spots: &[Spot]) -> Vec<String> {
        spots
            .iter()
            .map(|spot| zone.time_of_day(spot.start))
            .collect()
    }

    #[test]
    fn spots_follow_each_other_with_the_gap() {
        let day = MiniSessionDay::parse(&input("2026-10-10", "09:00", "4", "20", "10")).unwrap();
        let berlin = zone("Europe/Berlin");
        let layout = spots(&day, &berlin).unwrap();
        assert_eq!(times(berlin, &layout), ["09:00", "09:30", "10:00", "10:30"]);
        assert_eq!(layout[3].end - layout[3].start, Duration::minutes(20));
    }

    #[test]
    fn a_break_pushes_the_later_spots() {
        let mut form = input("2026-10-10", "09:00", "4", "20", "10");
        form.breaks = vec![("2".into(), "45".into())];
        let day = MiniSessionDay::parse(&form).unwrap();
        let berlin = zone("Europe/Berlin");
        assert_eq!(
            times(berlin, &spots(&day, &berlin).unwrap()),
            ["09:00", "09:30", "10:45", "11:15"]
        );
    }

    #[test]
    fn the_same_start_for_all_gives_one_spot_with_every_seat() {
        let mut form = input("2026-10-10", "18:00", "12", "90", "");
        form.same_start_for_all = true;
        let layout = spots(&MiniSessionDay::parse(&form).unwrap(), &zone("UTC")).unwrap();
        assert_eq!(layout.len(), 1);
        assert_eq!(layout[0].seats, 12);
        let mut late_class = input("2026-10-10", "23:00", "12", "90", "");
        late_class.same_start_for_all = true;
        assert_eq!(
            spots(&MiniSessionDay::parse(&late_class).unwrap(), &zone("UTC"))
                .unwrap_err()
                .field,
            "spots"
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let mut form = input("someday", "9am", "0", "2", "-1");
        form.breaks = vec![("9".into(), "0".into())];
        let errors = MiniSessionDay::parse(&form).unwrap_err();
        for field in [
            "date",
            "start",
            "spots",
            "spot_minutes",
            "gap_minutes",
            "breaks",
        ] {
            assert!(errors.message_for(field).is_some(), "{field}");
        }
        let mut late_break = input("2026-10-10", "09:00", "3", "20", "0");
        late_break.breaks = vec![("3".into(), "10".into())];
        assert!(
            MiniSessionDay::parse(&late_break)
                .unwrap_err()
                .message_for("breaks")
                .is_some()
        );
    }

    #[test]
    fn a_start_in_the_spring_forward_gap_is_refused_and_midnight_is_a_wall() {
        let day = MiniSessionDay::parse(&input("2026-03-08", "02:30", "3", "20", "0")).unwrap();
        assert_eq!(
            spots(&day, &zone("America/New_York")).unwrap_err().field,
            "start"
        );
        let late = MiniSessionDay::parse(&input("2026-10-10", "23:00", "4", "20", "0")).unwrap();
        assert_eq!(spots(&late, &zone("UTC")).unwrap_err().field, "spots");
        let until_midnight =
            MiniSessionDay::parse(&input("2026-10-10", "23:00", "3", "20", "0")).unwrap();
        assert_eq!(spots(&until_midnight, &zone("UTC")).unwrap().len(), 3);
    }

    #[test]
    fn spots_keep_their_length_across_a_clock_change() {
        let day = MiniSessionDay::parse(&input("2026-11-01", "00:30", "3", "30", "15")).unwrap();
        let layout = spots(&day, &zone("America/New_York")).unwrap();
        for pair in layout.windows(2) {
            assert_eq!(pair[1].start - pair[0].end, Duration::minutes(15));
        }
    }

    #[test]
    fn a_mini_session_previews_every_date_in_order() {
        let first = MiniSessionDay::parse(&input("2026-10-17", "10:00", "2", "15", "5")).unwrap();
        let second = MiniSessionDay::parse(&input("2026-10-10", "09:00", "3", "20", "0")).unwrap();
        let session = MiniSession::new(vec![first.clone(), second]).unwrap();
        let preview = session.preview(&zone("UTC")).unwrap();
        assert_eq!(
            preview
                .iter()
                .map(|(date, spots)| (date.to_string(), spots.len()))
                .collect::<Vec<_>>(),
            [("2026-10-10".to_owned(), 3), ("2026-10-17".to_owned(), 2)]
        );
        assert!(MiniSession::new(vec![first.clone(), first]).is_err());
        assert!(MiniSession::new(Vec::new()).is_err());
    }

    #[test]
    fn a_spot_can_be_reserved_once_for_a_named_client() {
        let day = MiniSessionDay::parse(&input("2026-10-10", "09:00", "3", "20", "0")).unwrap();
        let layout = spots(&day, &zone("UTC")).unwrap();
        let reservation = Reservation {
            spot: 2,
            client: PersonName::parse("client", "The Jones family").unwrap(),
            note: "Returning clients".into(),
            discount: Some(Discount::Percent(Percent::new(10).unwrap())),
            pay_outside: false,
        };
        let kept = reserve(&layout, &[], reservation.clone()).unwrap();
        assert_eq!(
            reserve(&layout, &[kept], reservation.clone())
                .unwrap_err()
                .message,
            "That spot is already reserved."
        );
        assert!(
            reserve(
                &layout,
                &[],
                Reservation {
                    spot: 9,
                    ..reservation
                }
            )
            .is_err()
        );
    }
}
