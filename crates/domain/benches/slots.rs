//! Slot computation for a busy studio: 90 days of slots of a group type against the bookings
//! and busy calendar time of a studio that is well booked inside its opening hours, through
//! the database zone and through captured transitions; and the spots of a 3-date mini session
//! of 60 spots a date.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use domain::availability::{
    BusyInterval, Offering, OpeningHours, Schedule, TakenSeats, WeeklyHours, days_with_room,
};
use domain::mini_session::{BreakInput, MiniSessionDay, MiniSessionDayInput, Spot, spots};
use domain::session_type::{Capacity, SessionDuration};
use domain::timezone::StudioTimezone;
use domain::zone::ZoneTransitions;
use std::hint::black_box;

const DAYS: u32 = 90;

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("instant")
        .with_timezone(&Utc)
}

/// Every day of the 90, inside the opening hours (08:00-12:00, 13:00-20:00, Berlin): the
/// offered group type (1) runs at 09:00 and 15:00 with three of its four seats taken, the
/// studio's private lessons (type 2, 45 min, 10 min buffer) fill most of the late morning and
/// the evening, a workshop (type 3) takes 17:00-18:00 every other day, and the instructor's
/// own calendar is busy over lunch and some afternoons.
fn studio_load(zone: StudioTimezone, first_day: NaiveDate) -> (Vec<TakenSeats>, Vec<BusyInterval>) {
    let at = |day: NaiveDate, hour: u32, minute: u32| {
        zone.tz()
            .from_local_datetime(&day.and_hms_opt(hour, minute, 0).expect("time"))
            .earliest()
            .expect("a wall time that exists")
            .with_timezone(&Utc)
    };
    use chrono::TimeZone;
    let mut taken = Vec::new();
    let mut busy = Vec::new();
    for (index, day) in first_day.iter_days().take(DAYS as usize).enumerate() {
        for (hour, minute) in [(9, 0), (15, 0)] {
            let start = at(day, hour, minute);
            for _ in 0..3 {
                taken.push(TakenSeats {
                    session_type_id: 1,
                    start,
                    end: start + Duration::minutes(60),
                    seats: 1,
                    buffer_minutes: 10,
                });
            }
        }
        for (hour, minute) in [(11, 0), (18, 30), (19, 15)] {
            let start = at(day, hour, minute);
            taken.push(TakenSeats {
                session_type_id: 2,
                start,
                end: start + Duration::minutes(45),
                seats: 1,
                buffer_minutes: 10,
            });
        }
        if index % 2 == 0 {
            let start = at(day, 17, 0);
            taken.push(TakenSeats {
                session_type_id: 3,
                start,
                end: start + Duration::minutes(60),
                seats: 6,
                buffer_minutes: 0,
            });
        }
        busy.push(BusyInterval {
            start: at(day, 11, 50),
            end: at(day, 13, 20),
        });
        if index % 3 == 0 {
            busy.push(BusyInterval {
                start: at(day, 13, 30),
                end: at(day, 14, 0),
            });
        }
    }
    (taken, busy)
}

fn ninety_days_of_slots(c: &mut Criterion) {
    let zone = StudioTimezone::parse("timezone", "Europe/Berlin").expect("zone");
    let week = WeeklyHours::parse(["08:00-12:00, 13:00-20:00"; 7]).expect("hours");
    let hours = OpeningHours::weekly(week);
    let now = instant("2026-10-01T06:00:00Z");
    let first_day = NaiveDate::from_ymd_opt(2026, 10, 1).expect("date");
    let (taken, busy) = studio_load(zone, first_day);
    let offering = Offering {
        buffer: Duration::minutes(10),
        max_lead: Duration::days(120),
        max_per_day: Some(12),
        step: Duration::minutes(30),
        ..Offering::simple(
            1,
            SessionDuration::from_minutes(60).expect("duration"),
            Capacity::new(4).expect("capacity"),
        )
    };
    let schedule = Schedule::new(&zone, &hours, &taken, &busy, now);
    let offered: usize = days_with_room(&schedule, &offering, first_day, DAYS)
        .iter()
        .map(|(_, slots)| slots)
        .sum();
    eprintln!(
        "the 90-day scenario: {} bookings, {} busy intervals, {offered} slots offered",
        taken.len(),
        busy.len()
    );
    // Busy but not full: a few free times a day besides the two group sessions.
    assert!(
        (2 * DAYS as usize..=12 * DAYS as usize).contains(&offered),
        "the scenario must leave a busy studio's handful of slots a day, not {offered}"
    );
    let name = format!(
        "90 days of slots, {} bookings, {} busy",
        taken.len(),
        busy.len()
    );

    c.bench_function(&format!("{name} (tz database)"), |b| {
        b.iter(|| {
            let schedule = Schedule::new(&zone, &hours, &taken, &busy, now);
            black_box(days_with_room(&schedule, &offering, first_day, DAYS))
        })
    });

    let captured = ZoneTransitions::capture(
        "Europe/Berlin",
        &zone,
        now - Duration::days(1),
        now + Duration::days(92),
    );
    c.bench_function(&format!("{name} (captured transitions)"), |b| {
        b.iter(|| {
            let schedule = Schedule::new(&captured, &hours, &taken, &busy, now);
            black_box(days_with_room(&schedule, &offering, first_day, DAYS))
        })
    });
}

fn mini_session_spots(c: &mut Criterion) {
    let zone = StudioTimezone::parse("timezone", "America/New_York").expect("zone");
    let days: Vec<MiniSessionDay> = ["2026-10-10", "2026-10-11", "2026-10-17"]
        .iter()
        .map(|date| {
            MiniSessionDay::parse(&MiniSessionDayInput {
                date: (*date).to_owned(),
                start: "07:00".to_owned(),
                spots: "60".to_owned(),
                spot_minutes: "10".to_owned(),
                gap_minutes: "2".to_owned(),
                breaks: vec![
                    BreakInput {
                        after_spot: "20".to_owned(),
                        minutes: "30".to_owned(),
                    },
                    BreakInput {
                        after_spot: "40".to_owned(),
                        minutes: "45".to_owned(),
                    },
                ],
                same_start_for_all: false,
                location: String::new(),
            })
            .expect("mini session day")
        })
        .collect();
    c.bench_function("mini session: 3 dates of 60 spots with breaks", |b| {
        b.iter(|| {
            let layouts: Vec<Vec<Spot>> = days
                .iter()
                .map(|day| spots(day, &zone).expect("spots"))
                .collect();
            black_box(layouts)
        })
    });
}

criterion_group!(benches, ninety_days_of_slots, mini_session_spots);
criterion_main!(benches);
