//! Mini sessions (seed 003): on each date, N spots from a start time, each of a set length,
//! with a gap between spots and optional breaks; or one start time shared by all N seats.
//!
//! Spots are laid out in real elapsed time from the start instant, so a spot is always exactly
//! its length even on a night when the clocks change; the start wall time must exist that day.

use crate::availability::WallMinute;
use crate::fees::Discount;
use crate::field::whole_number_in;
use crate::text::Location;
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
    #[serde(default)]
    pub location: Option<Location>,
}

/// A break as typed: after which spot, and how long.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakInput {
    pub after_spot: String,
    pub minutes: String,
}

/// A mini-session date as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniSessionDayInput {
    pub date: String,
    pub start: String,
    pub spots: String,
    pub spot_minutes: String,
    pub gap_minutes: String,
    pub breaks: Vec<BreakInput>,
    pub same_start_for_all: bool,
    /// Optional.
    pub location: String,
}

impl MiniSessionDay {
    pub const MAX_SPOTS: u16 = 200;

    /// The form's fields for editing this date.
    pub fn input(&self) -> MiniSessionDayInput {
        let minutes = self.start.minutes();
        MiniSessionDayInput {
            date: self.date.format("%Y-%m-%d").to_string(),
            start: format!("{:02}:{:02}", minutes / 60, minutes % 60),
            spots: self.spots.to_string(),
            spot_minutes: self.spot_minutes.to_string(),
            gap_minutes: self.gap_minutes.to_string(),
            breaks: self
                .breaks
                .iter()
                .map(|pause| BreakInput {
                    after_spot: pause.after_spot.to_string(),
                    minutes: pause.minutes.to_string(),
                })
                .collect(),
            same_start_for_all: self.same_start_for_all,
            location: self
                .location
                .as_ref()
                .map(|location| location.as_str().to_owned())
                .unwrap_or_default(),
        }
    }

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
        for BreakInput {
            after_spot: after,
            minutes,
        } in &input.breaks
        {
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
        let location = if input.location.trim().is_empty() {
            None
        } else {
            errors.take(Location::parse("location", &input.location))
        };
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
                    location,
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

    /// Adds a date, or replaces the one dated `replacing`, keeping the dates in order; refuses
    /// a second copy of a date. The new date's spots must lay out in the studio's zone.
    pub fn with_day<Z: ZoneRules>(
        &self,
        replacing: Option<NaiveDate>,
        day: MiniSessionDay,
        zone: &Z,
    ) -> Result<Self, FieldError> {
        spots(&day, zone)?;
        let mut days: Vec<MiniSessionDay> = self
            .days
            .iter()
            .filter(|kept| Some(kept.date) != replacing)
            .cloned()
            .collect();
        if days.iter().any(|kept| kept.date == day.date) {
            return Err(FieldError::new(
                "date",
                "This mini session already has that date; edit it instead.",
            ));
        }
        days.push(day);
        days.sort_by_key(|day| day.date);
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

/// Where a spot is: its date and its number on that date (1-based). Reservations and the
/// instructor's overview name spots this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SpotPlace {
    pub date: NaiveDate,
    pub number: u16,
}

/// A spot kept for one client, bookable only through its direct link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    pub place: SpotPlace,
    /// Seen only by the instructor.
    pub note: String,
    pub discount: Option<Discount>,
    /// The client pays the instructor directly: the booking takes no card.
    pub pay_outside: bool,
}

/// The reservation form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservationInput {
    pub date: String,
    pub spot: String,
    pub note: String,
    /// An amount ("15", "12.50") or a percentage ("10%"); empty for none.
    pub discount: String,
    pub pay_outside: bool,
}

impl Reservation {
    pub const MAX_NOTE_CHARS: usize = 500;

    /// Parses the form and checks it against the mini's spots and its other reservations
    /// (`others`, without the one being edited): a spot keeps at most as many reservations as
    /// it has seats.
    pub fn parse<Z: ZoneRules>(
        input: &ReservationInput,
        session: &MiniSession,
        zone: &Z,
        others: &[Reservation],
        currency: crate::money::Currency,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d").ok();
        let number = input.spot.trim().parse::<u16>().ok();
        let spot = match (date, number) {
            (Some(date), Some(number)) => session.spot(zone, SpotPlace { date, number }),
            _ => None,
        };
        if spot.is_none() {
            errors.push(FieldError::new(
                "spot",
                "Pick one of this mini session's spots.",
            ));
        }
        let note = input.note.trim().to_owned();
        if note.chars().count() > Self::MAX_NOTE_CHARS {
            errors.push(FieldError::new(
                "note",
                format!("Keep the note to {} characters.", Self::MAX_NOTE_CHARS),
            ));
        }
        let discount = if input.discount.trim().is_empty() {
            None
        } else {
            errors.take(Discount::parse("discount", &input.discount, currency))
        };
        if let (Some((place, spot)), true) = (spot, errors.is_empty()) {
            let kept = others
                .iter()
                .filter(|reservation| reservation.place == place)
                .count();
            if kept >= spot.seats as usize {
                errors.push(FieldError::new("spot", "That spot is already reserved."));
                return Err(errors);
            }
            return Ok(Self {
                place,
                note,
                discount,
                pay_outside: input.pay_outside,
            });
        }
        Err(errors)
    }
}

/// What the instructor's overview shows on a spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpotStatus {
    Open,
    /// Someone is filling in the booking form: the 15-minute hold.
    Booking,
    Reserved,
    /// Every seat is booked (or paid for, or awaiting payment).
    Booked,
}

impl SpotStatus {
    pub fn label(self) -> &'static str {
        match self {
            SpotStatus::Open => "Open",
            SpotStatus::Booking => "Booking\u{2026}",
            SpotStatus::Reserved => "Reserved",
            SpotStatus::Booked => "Booked",
        }
    }

    /// A spot's status from what keeps its seats: `booked` bookings (pending payments
    /// included), `holding` forms being filled in, and unused reservations.
    pub fn of(seats: u32, booked: u32, holding: u32, reserved: u32) -> Self {
        if booked >= seats {
            SpotStatus::Booked
        } else if holding > 0 {
            SpotStatus::Booking
        } else if booked + reserved >= seats {
            SpotStatus::Reserved
        } else {
            SpotStatus::Open
        }
    }
}

/// A spot with the seats still open to one client at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSpot {
    pub place: SpotPlace,
    pub spot: Spot,
    pub seats_left: u32,
}

/// Everything the decision knows about a mini at one moment: the one function behind both the
/// spots a client is offered and whether a hold is taken.
#[derive(Debug, Clone, Copy)]
pub struct SpotRules<'a, Z> {
    pub session: &'a MiniSession,
    pub zone: &'a Z,
    /// Seats kept at this mini's spots (bookings of other types are not counted: the
    /// instructor planned the mini's times).
    pub taken: &'a [crate::availability::TakenSeats],
    /// Reservations not yet used by a booking.
    pub reserved: &'a [SpotPlace],
    pub now: DateTime<Utc>,
}

impl<Z: ZoneRules> SpotRules<'_, Z> {
    /// The spots open to a client who holds the reserved link of `pass`, if any, in time
    /// order. A date whose spots no longer lay out (the studio's zone changed) lists none.
    pub fn open_spots(&self, pass: Option<SpotPlace>) -> Vec<OpenSpot> {
        self.laid_out()
            .filter_map(|(place, spot)| {
                self.evaluate(place, spot, pass)
                    .ok()
                    .map(|seats_left| OpenSpot {
                        place,
                        spot,
                        seats_left,
                    })
            })
            .collect()
    }

    /// Accepts or refuses a hold at `start` with exactly the rules `open_spots` lists by.
    pub fn check(
        &self,
        start: DateTime<Utc>,
        pass: Option<SpotPlace>,
    ) -> Result<OpenSpot, crate::availability::Refusal> {
        let (place, spot) = self
            .laid_out()
            .find(|(_, spot)| spot.start == start)
            .ok_or(crate::availability::Refusal::NotASpot)?;
        self.evaluate(place, spot, pass).map(|seats_left| OpenSpot {
            place,
            spot,
            seats_left,
        })
    }

    fn laid_out(&self) -> impl Iterator<Item = (SpotPlace, Spot)> + '_ {
        self.session.days.iter().flat_map(|day| {
            spots(day, self.zone)
                .unwrap_or_default()
                .into_iter()
                .map(|spot| {
                    (
                        SpotPlace {
                            date: day.date,
                            number: spot.number,
                        },
                        spot,
                    )
                })
        })
    }

    fn evaluate(
        &self,
        place: SpotPlace,
        spot: Spot,
        pass: Option<SpotPlace>,
    ) -> Result<u32, crate::availability::Refusal> {
        use crate::availability::Refusal;
        if spot.start <= self.now {
            return Err(Refusal::InThePast);
        }
        let taken: u32 = self
            .taken
            .iter()
            .filter(|seats| seats.start == spot.start)
            .map(|seats| seats.seats)
            .sum();
        let reserved = u32::try_from(self.reserved.iter().filter(|kept| **kept == place).count())
            .unwrap_or(u32::MAX);
        let reserved_for_others = if pass == Some(place) {
            if reserved == 0 {
                return Err(Refusal::ReservationUsed);
            }
            reserved - 1
        } else {
            reserved
        };
        let free = spot.seats.saturating_sub(taken);
        match free.saturating_sub(reserved_for_others) {
            0 if free > 0 => Err(Refusal::ReservedSpot),
            0 if spot.seats > 1 => Err(Refusal::Full),
            0 => Err(Refusal::Taken),
            left => Ok(left),
        }
    }
}

impl MiniSession {
    /// How long its spots are, as lists show it: "20-minute spots", "20 to 30-minute spots",
    /// or "No dates yet".
    pub fn length_label(&self) -> String {
        let lengths = self.days.iter().map(|day| day.spot_minutes);
        match (lengths.clone().min(), lengths.max()) {
            (Some(shortest), Some(longest)) if shortest == longest => {
                format!("{shortest}-minute spots")
            }
            (Some(shortest), Some(longest)) => format!("{shortest} to {longest}-minute spots"),
            _ => "No dates yet".to_owned(),
        }
    }

    /// The spot that starts at `start`, if the mini has one.
    pub fn spot_starting<Z: ZoneRules>(
        &self,
        zone: &Z,
        start: DateTime<Utc>,
    ) -> Option<(SpotPlace, Spot)> {
        self.days.iter().find_map(|day| {
            spots(day, zone)
                .ok()?
                .into_iter()
                .find(|spot| spot.start == start)
                .map(|spot| {
                    (
                        SpotPlace {
                            date: day.date,
                            number: spot.number,
                        },
                        spot,
                    )
                })
        })
    }

    /// The spot at a place, if the mini has it.
    pub fn spot<Z: ZoneRules>(&self, zone: &Z, place: SpotPlace) -> Option<(SpotPlace, Spot)> {
        let day = self.days.iter().find(|day| day.date == place.date)?;
        spots(day, zone)
            .ok()?
            .into_iter()
            .find(|spot| spot.number == place.number)
            .map(|spot| (place, spot))
    }
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
            location: String::new(),
        }
    }

    fn break_after(spot: &str, minutes: &str) -> BreakInput {
        BreakInput {
            after_spot: spot.into(),
            minutes: minutes.into(),
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
        form.breaks = vec![break_after("2", "45")];
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
        form.breaks = vec![break_after("9", "0")];
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
        late_break.breaks = vec![break_after("3", "10")];
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

    fn saturday() -> MiniSession {
        let mut form = input("2026-10-10", "09:00", "3", "20", "10");
        form.breaks = vec![break_after("1", "30")];
        let workshop = MiniSessionDayInput {
            same_start_for_all: true,
            ..input("2026-10-11", "18:00", "5", "90", "")
        };
        MiniSession::new(vec![
            MiniSessionDay::parse(&form).unwrap(),
            MiniSessionDay::parse(&workshop).unwrap(),
        ])
        .unwrap()
    }

    fn place(date: &str, number: u16) -> SpotPlace {
        SpotPlace {
            date: date.parse().unwrap(),
            number,
        }
    }

    fn at(instant: &str) -> DateTime<Utc> {
        instant.parse().unwrap()
    }

    fn taken(start: &str, seats: u32) -> TakenSeats {
        TakenSeats {
            session_type_id: 7,
            start: at(start),
            end: at(start) + Duration::minutes(20),
            seats,
            buffer_minutes: 0,
        }
    }

    fn reservation_form(date: &str, spot: &str, discount: &str) -> ReservationInput {
        ReservationInput {
            date: date.into(),
            spot: spot.into(),
            note: "Returning clients".into(),
            discount: discount.into(),
            pay_outside: false,
        }
    }

    use crate::availability::{Refusal, TakenSeats};
    use crate::money::Currency;

    #[test]
    fn a_spot_is_reserved_as_often_as_it_has_seats() {
        let session = saturday();
        let utc = zone("UTC");
        let usd = Currency::parse("currency", "USD").unwrap();
        let kept = Reservation::parse(
            &reservation_form("2026-10-10", "2", "10%"),
            &session,
            &utc,
            &[],
            usd,
        )
        .unwrap();
        assert_eq!(kept.place, place("2026-10-10", 2));
        assert_eq!(
            kept.discount,
            Some(Discount::Percent(Percent::new(10).unwrap()))
        );
        let again = Reservation::parse(
            &reservation_form("2026-10-10", "2", ""),
            &session,
            &utc,
            std::slice::from_ref(&kept),
            usd,
        )
        .unwrap_err();
        assert_eq!(
            again.message_for("spot"),
            Some("That spot is already reserved.")
        );
        let workshop_seat = Reservation::parse(
            &reservation_form("2026-10-11", "1", "15"),
            &session,
            &utc,
            &[kept],
            usd,
        )
        .unwrap();
        assert_eq!(
            workshop_seat.discount.map(Discount::label).as_deref(),
            Some("$15.00 off")
        );
        let nowhere = Reservation::parse(
            &reservation_form("2026-10-10", "9", "free"),
            &session,
            &utc,
            &[],
            usd,
        )
        .unwrap_err();
        assert!(nowhere.message_for("spot").is_some());
        assert!(nowhere.message_for("discount").is_some());
    }

    #[test]
    fn open_spots_and_the_hold_check_are_one_decision() {
        let session = saturday();
        let utc = zone("UTC");
        let taken = [
            taken("2026-10-10T10:00:00Z", 1),
            taken("2026-10-11T18:00:00Z", 4),
        ];
        let reserved = [place("2026-10-10", 3)];
        let rules = SpotRules {
            session: &session,
            zone: &utc,
            taken: &taken,
            reserved: &reserved,
            now: at("2026-10-01T00:00:00Z"),
        };
        let open: Vec<_> = rules
            .open_spots(None)
            .iter()
            .map(|open| (open.place.number, open.seats_left))
            .collect();
        assert_eq!(open, [(1, 1), (1, 1)], "spot 2 is booked, spot 3 reserved");
        assert_eq!(
            rules.check(at("2026-10-10T10:00:00Z"), None),
            Err(Refusal::Taken)
        );
        assert_eq!(
            rules.check(at("2026-10-10T10:30:00Z"), None),
            Err(Refusal::ReservedSpot)
        );
        assert_eq!(
            rules
                .check(at("2026-10-10T10:30:00Z"), Some(place("2026-10-10", 3)))
                .map(|open| open.place),
            Ok(place("2026-10-10", 3))
        );
        assert_eq!(
            rules.check(at("2026-10-10T09:10:00Z"), None),
            Err(Refusal::NotASpot)
        );
        assert_eq!(
            rules.open_spots(Some(place("2026-10-10", 3))).len(),
            3,
            "the reserved link opens its own spot too"
        );
        let later = SpotRules {
            now: at("2026-10-10T09:55:00Z"),
            ..rules
        };
        assert_eq!(
            later.check(at("2026-10-10T09:00:00Z"), None),
            Err(Refusal::InThePast)
        );
    }

    #[test]
    fn a_same_start_date_fills_seat_by_seat_and_a_used_reservation_opens_nothing() {
        let session = saturday();
        let utc = zone("UTC");
        let class = at("2026-10-11T18:00:00Z");
        let seats_left = |taken: &[TakenSeats], pass: Option<SpotPlace>| {
            SpotRules {
                session: &session,
                zone: &utc,
                taken,
                reserved: &[],
                now: at("2026-10-01T00:00:00Z"),
            }
            .check(class, pass)
            .map(|open| open.seats_left)
        };
        let four = [taken("2026-10-11T18:00:00Z", 4)];
        let five = [taken("2026-10-11T18:00:00Z", 5)];
        assert_eq!(seats_left(&four, None), Ok(1));
        assert_eq!(seats_left(&five, None), Err(Refusal::Full));
        assert_eq!(
            seats_left(&four, Some(place("2026-10-11", 1))),
            Err(Refusal::ReservationUsed)
        );
    }

    #[test]
    fn a_spot_shows_who_keeps_it() {
        assert_eq!(SpotStatus::of(1, 0, 0, 0), SpotStatus::Open);
        assert_eq!(SpotStatus::of(1, 0, 1, 0), SpotStatus::Booking);
        assert_eq!(SpotStatus::of(1, 0, 0, 1), SpotStatus::Reserved);
        assert_eq!(SpotStatus::of(1, 1, 0, 0), SpotStatus::Booked);
        assert_eq!(SpotStatus::of(5, 3, 1, 1), SpotStatus::Booking);
        assert_eq!(SpotStatus::of(5, 4, 0, 0), SpotStatus::Open);
    }
}
