//! Slot computation at studio scale: 90 days of slots for one session type against 2,000
//! bookings and 500 busy intervals, through the database zone and through captured transitions;
//! and the spots of a 3-date mini session of 60 spots a date.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use domain::availability::{
    BusyInterval, Offering, OpeningHours, Schedule, TakenSeats, WeeklyHours, days_with_room,
};
use domain::mini_session::{MiniSessionDay, MiniSessionDayInput, Spot, spots};
use domain::session_type::{Capacity, SessionDuration};
use domain::timezone::StudioTimezone;
use domain::zone::ZoneTransitions;
use std::hint::black_box;

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("instant")
        .with_timezone(&Utc)
}

/// A busy studio: bookings of three types spread over the 90 days, and busy blocks between.
fn studio_load(first: DateTime<Utc>) -> (Vec<TakenSeats>, Vec<BusyInterval>) {
    let mut taken = Vec::with_capacity(2_000);
    for n in 0..2_000_i64 {
        let start = first + Duration::minutes((n * 977) % (90 * 24 * 60) / 15 * 15);
        taken.push(TakenSeats {
            session_type_id: n % 3,
            start,
            end: start + Duration::minutes(30 + (n % 4) * 15),
            seats: 1,
            buffer_minutes: [0, 5, 15][(n % 3) as usize],
        });
    }
    let busy = (0..500_i64)
        .map(|n| {
            let start = first + Duration::minutes((n * 2_593) % (90 * 24 * 60) / 5 * 5);
            BusyInterval {
                start,
                end: start + Duration::minutes(20 + n % 90),
            }
        })
        .collect();
    (taken, busy)
}

fn ninety_days_of_slots(c: &mut Criterion) {
    let zone = StudioTimezone::parse("timezone", "Europe/Berlin").expect("zone");
    let week = WeeklyHours::parse(["08:00-12:00, 13:00-20:00"; 7]).expect("hours");
    let hours = OpeningHours::weekly(week);
    let now = instant("2026-10-01T06:00:00Z");
    let (taken, busy) = studio_load(now);
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
    let first_day = NaiveDate::from_ymd_opt(2026, 10, 1).expect("date");
    let schedule = Schedule::new(&zone, &hours, &taken, &busy, now);
    let offered: usize = days_with_room(&schedule, &offering, first_day, 90)
        .iter()
        .map(|(_, slots)| slots)
        .sum();
    eprintln!("the 90-day scenario offers {offered} slots");
    assert!(
        offered > 1_000,
        "the scenario must leave many slots to compute"
    );

    c.bench_function(
        "90 days of slots, 2000 bookings, 500 busy (tz database)",
        |b| {
            b.iter(|| {
                let schedule = Schedule::new(&zone, &hours, &taken, &busy, now);
                black_box(days_with_room(&schedule, &offering, first_day, 90))
            })
        },
    );

    let captured = ZoneTransitions::capture(
        "Europe/Berlin",
        &zone,
        now - Duration::days(1),
        now + Duration::days(92),
    );
    c.bench_function(
        "90 days of slots, 2000 bookings, 500 busy (captured transitions)",
        |b| {
            b.iter(|| {
                let schedule = Schedule::new(&captured, &hours, &taken, &busy, now);
                black_box(days_with_room(&schedule, &offering, first_day, 90))
            })
        },
    );
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
                    ("20".to_owned(), "30".to_owned()),
                    ("40".to_owned(), "45".to_owned()),
                ],
                same_start_for_all: false,
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
