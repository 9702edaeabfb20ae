//! Opening hours and the one decision that both lists slots and accepts bookings.
//!
//! Rules are wall-clock times in the studio's zone. Each candidate start is expanded to a UTC
//! instant through the zone's rules ([`ZoneRules`]); all further maths (lengths, buffers,
//! overlaps, lead times) runs on instants.
//!
//! Daylight-saving choices: a wall time that does not exist on a spring-forward day is skipped;
//! a wall time that occurs twice on a fall-back day is offered once, at its first occurrence.
//! A range's own edges resolve to the earliest valid instant at or after the wall time, so
//! "09:00-17:00" always means the real hours between those two wall times.
//!
//! Start times sit on a grid that begins at each range's opening time and steps by the
//! offering's "start times every" (its duration unless set otherwise); a session must end by
//! the range's closing time. The buffer is the minimum gap between bookings (seed 000): it keeps
//! a session apart from other bookings and from busy time, never from the opening or closing
//! time, so a studio opening at 08:00 with a 10-minute buffer still offers 08:00. Two sessions
//! clash when either one's buffered interval overlaps the other's session.

use crate::session_type::{Capacity, SessionDuration};
use crate::zone::ZoneRules;
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

mod hours;
pub use hours::{OpeningHours, TimeRange, WallMinute, WeeklyHours, parse_day_ranges};

/// How a session type may be booked: its shape and its booking limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offering {
    pub session_type_id: i64,
    pub duration: SessionDuration,
    pub capacity: Capacity,
    /// Free time kept before and after each session.
    pub buffer: Duration,
    /// The earliest a session can start, counted from now.
    pub min_lead: Duration,
    /// The latest a session can start, counted from now.
    pub max_lead: Duration,
    /// Sessions of this type a day at most (a group session counts once however many join).
    pub max_per_day: Option<u32>,
    /// Distance between candidate starts; the duration unless set otherwise.
    pub step: Duration,
}

impl Offering {
    /// A type with no buffer, bookable from now to a year ahead, stepping by its duration.
    pub fn simple(session_type_id: i64, duration: SessionDuration, capacity: Capacity) -> Self {
        Self {
            session_type_id,
            duration,
            capacity,
            buffer: Duration::zero(),
            min_lead: Duration::zero(),
            max_lead: Duration::days(365),
            max_per_day: None,
            step: duration.as_chrono(),
        }
    }
}

/// Seats held at the studio by a booking or a live hold (of any session type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakenSeats {
    pub session_type_id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seats: u32,
    /// The buffer of that booking's session type, in minutes.
    #[serde(default)]
    pub buffer_minutes: u16,
}

impl TakenSeats {
    fn buffer(&self) -> Duration {
        Duration::minutes(i64::from(self.buffer_minutes))
    }
}

/// A time the instructor is busy elsewhere, e.g. from an external calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusyInterval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
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
    /// The second occurrence of a wall time on a night the clocks go back.
    #[error(
        "That time happens twice tonight, as the clocks go back; it is offered once, at its first occurrence."
    )]
    RepeatedTime,
    #[error("That time has already passed.")]
    InThePast,
    #[error("That time is too soon: sessions must be booked further in advance.")]
    TooSoon,
    #[error("That time is too far ahead to book yet.")]
    TooFarAhead,
    #[error("That time is no longer available: another booking takes it.")]
    Taken,
    #[error("That time is too close to another booking.")]
    BufferClash,
    #[error("That day is fully booked.")]
    DayFull,
    #[error("That time is no longer available: the session is full.")]
    Full,
    #[error("There is no spot at that time.")]
    NotASpot,
    #[error(
        "That spot is reserved for a client; it can be booked only through the link they were sent."
    )]
    ReservedSpot,
    #[error("This reserved spot has already been booked.")]
    ReservationUsed,
}

/// Everything the decision knows about the studio at one moment, indexed for fast look-ups.
#[derive(Debug, Clone)]
pub struct Schedule<'a, Z> {
    zone: &'a Z,
    hours: &'a OpeningHours,
    now: DateTime<Utc>,
    /// Sorted by start.
    taken: Vec<TakenSeats>,
    longest_taken: Duration,
    widest_taken_buffer: Duration,
    /// Disjoint, sorted.
    busy: Vec<BusyInterval>,
}

impl<'a, Z: ZoneRules> Schedule<'a, Z> {
    pub fn new(
        zone: &'a Z,
        hours: &'a OpeningHours,
        taken: &[TakenSeats],
        busy: &[BusyInterval],
        now: DateTime<Utc>,
    ) -> Self {
        let mut taken = taken.to_vec();
        taken.sort_by_key(|seats| seats.start);
        let longest_taken = taken
            .iter()
            .map(|t| t.end - t.start)
            .max()
            .unwrap_or_else(Duration::zero);
        let widest_taken_buffer = taken
            .iter()
            .map(TakenSeats::buffer)
            .max()
            .unwrap_or_else(Duration::zero);
        Self {
            zone,
            hours,
            now,
            taken,
            longest_taken,
            widest_taken_buffer,
            busy: merged(busy),
        }
    }

    pub fn zone(&self) -> &Z {
        self.zone
    }
}

fn merged(busy: &[BusyInterval]) -> Vec<BusyInterval> {
    let mut sorted: Vec<BusyInterval> = busy.iter().copied().filter(|b| b.start < b.end).collect();
    sorted.sort_by_key(|b| b.start);
    let mut result: Vec<BusyInterval> = Vec::with_capacity(sorted.len());
    for interval in sorted {
        match result.last_mut() {
            Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
            _ => result.push(interval),
        }
    }
    result
}

/// Bookable slots on one local date of the studio, in start order.
pub fn slots_on<Z: ZoneRules>(
    schedule: &Schedule<'_, Z>,
    offering: &Offering,
    date: NaiveDate,
) -> Vec<Slot> {
    let sessions_that_day = sessions_on(schedule, offering, date);
    candidates_on(schedule, offering, date)
        .filter_map(|(start, end)| {
            evaluate(schedule, offering, start, end, &sessions_that_day).ok()
        })
        .collect()
}

/// Accepts or refuses a requested start with exactly the rules `slots_on` lists by.
pub fn check_booking<Z: ZoneRules>(
    schedule: &Schedule<'_, Z>,
    offering: &Offering,
    start: DateTime<Utc>,
) -> Result<Slot, Refusal> {
    let wall = schedule.zone.wall_time(start);
    let date = wall.date();
    let Some((start, end)) =
        candidates_on(schedule, offering, date).find(|(candidate, _)| *candidate == start)
    else {
        return Err(match schedule.zone.resolve(wall) {
            LocalResult::Ambiguous(first, second)
                if second == start
                    && candidates_on(schedule, offering, date)
                        .any(|(candidate, _)| candidate == first) =>
            {
                Refusal::RepeatedTime
            }
            _ => Refusal::OutsideHours,
        });
    };
    evaluate(
        schedule,
        offering,
        start,
        end,
        &sessions_on(schedule, offering, date),
    )
}

/// The local dates from `first` for `days` days, each with its number of bookable slots.
pub fn days_with_room<Z: ZoneRules>(
    schedule: &Schedule<'_, Z>,
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

/// Every start the opening hours allow on `date`, on the step grid, expanded to UTC.
fn candidates_on<'s, Z: ZoneRules>(
    schedule: &'s Schedule<'_, Z>,
    offering: &'s Offering,
    date: NaiveDate,
) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + 's {
    let zone = schedule.zone;
    let length = offering.duration.as_chrono();
    let step = offering.step.num_minutes().max(1);
    schedule
        .hours
        .ranges_on(date)
        .iter()
        .flat_map(move |range| {
            let opens = earliest_instant_at_or_after(zone, range.start().on(date));
            let closes = earliest_instant_at_or_after(zone, range.end().on(date));
            let first = i64::from(range.start().minutes());
            let last = i64::from(range.end().minutes());
            std::iter::successors(Some(first), move |minute| Some(minute + step))
                .take_while(move |minute| *minute < last)
                .filter_map(move |minute| {
                    let wall = date.and_time(NaiveTime::MIN) + Duration::minutes(minute);
                    let start = match zone.resolve(wall) {
                        LocalResult::Single(start) | LocalResult::Ambiguous(start, _) => start,
                        LocalResult::None => return None,
                    };
                    let end = start + length;
                    (start >= opens && end <= closes).then_some((start, end))
                })
        })
}

/// Resolves a wall time to an instant; a time inside a spring-forward gap moves to the gap's end.
fn earliest_instant_at_or_after<Z: ZoneRules>(zone: &Z, wall: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = wall;
    // Gaps last at most a few hours; stepping by minutes finds the first valid wall time.
    for _ in 0..=(24 * 60) {
        match zone.resolve(probe) {
            LocalResult::Single(instant) | LocalResult::Ambiguous(instant, _) => return instant,
            LocalResult::None => probe += Duration::minutes(1),
        }
    }
    DateTime::from_naive_utc_and_offset(wall, Utc)
}

/// The starts of this type's sessions already held on a local date.
fn sessions_on<Z: ZoneRules>(
    schedule: &Schedule<'_, Z>,
    offering: &Offering,
    date: NaiveDate,
) -> Vec<DateTime<Utc>> {
    if offering.max_per_day.is_none() {
        return Vec::new();
    }
    let day_start = earliest_instant_at_or_after(schedule.zone, date.and_time(NaiveTime::MIN));
    let next_day = date.succ_opt().unwrap_or(date);
    let day_end = earliest_instant_at_or_after(schedule.zone, next_day.and_time(NaiveTime::MIN));
    let first = schedule.taken.partition_point(|t| t.start < day_start);
    let mut starts: Vec<DateTime<Utc>> = schedule.taken[first..]
        .iter()
        .take_while(|t| t.start < day_end)
        .filter(|t| t.session_type_id == offering.session_type_id)
        .map(|t| t.start)
        .collect();
    starts.dedup();
    starts
}

fn evaluate<Z: ZoneRules>(
    schedule: &Schedule<'_, Z>,
    offering: &Offering,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    sessions_that_day: &[DateTime<Utc>],
) -> Result<Slot, Refusal> {
    let now = schedule.now;
    if start <= now {
        return Err(Refusal::InThePast);
    }
    if start < now + offering.min_lead {
        return Err(Refusal::TooSoon);
    }
    if start > now + offering.max_lead {
        return Err(Refusal::TooFarAhead);
    }
    let buffer = offering.buffer;
    let (guarded_start, guarded_end) = (start - buffer, end + buffer);

    let busy_from = schedule
        .busy
        .partition_point(|busy| busy.end <= guarded_start);
    if let Some(busy) = schedule.busy.get(busy_from)
        && busy.start < guarded_end
    {
        return Err(if busy.start < end && start < busy.end {
            Refusal::Taken
        } else {
            Refusal::BufferClash
        });
    }

    let reach = schedule.longest_taken + schedule.widest_taken_buffer + buffer;
    let from = schedule.taken.partition_point(|t| t.start < start - reach);
    let mut seats_used = 0_u32;
    let mut clash = None;
    for taken in schedule.taken[from..]
        .iter()
        .take_while(|t| t.start < guarded_end + schedule.widest_taken_buffer)
    {
        if taken.session_type_id == offering.session_type_id && taken.start == start {
            seats_used = seats_used.saturating_add(taken.seats);
            continue;
        }
        let cores_overlap = taken.start < end && start < taken.end;
        let buffers_overlap = (taken.start < guarded_end && guarded_start < taken.end)
            || (taken.start - taken.buffer() < end && start < taken.end + taken.buffer());
        if cores_overlap {
            clash = Some(Refusal::Taken);
            break;
        }
        if buffers_overlap {
            clash = clash.or(Some(Refusal::BufferClash));
        }
    }
    if let Some(refusal) = clash {
        return Err(refusal);
    }

    let joins_existing_session = seats_used > 0;
    if let Some(max) = offering.max_per_day
        && !joins_existing_session
        && sessions_that_day.len() >= max as usize
    {
        return Err(Refusal::DayFull);
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
