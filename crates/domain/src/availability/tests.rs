use super::*;
use proptest::prelude::*;

fn zone(name: &str) -> StudioTimezone {
    StudioTimezone::parse("timezone", name).unwrap()
}

fn week(texts: [&str; 7]) -> WeeklyHours {
    WeeklyHours::parse(texts).unwrap()
}

fn every_day(text: &str) -> WeeklyHours {
    week([text; 7])
}

fn offering(minutes: u16, seats: u32) -> Offering {
    Offering {
        session_type_id: 1,
        duration: SessionDuration::from_minutes(minutes).unwrap(),
        capacity: Capacity::new(seats).unwrap(),
    }
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn local_times(schedule: &Schedule<'_>, slots: &[Slot]) -> Vec<String> {
    slots
        .iter()
        .map(|slot| schedule.timezone.time_of_day(slot.start))
        .collect()
}

const LONG_AGO: &str = "2020-01-01T00:00:00Z";

#[test]
fn weekly_hours_parse_several_ranges_a_day() {
    let hours = week([
        "09:00-12:00, 13:00-17:00",
        "",
        "",
        "",
        "",
        "",
        "10:00–11:00",
    ]);
    assert_eq!(hours.ranges_on(Weekday::Mon).len(), 2);
    assert_eq!(hours.text_for(Weekday::Mon), "09:00-12:00, 13:00-17:00");
    assert!(hours.ranges_on(Weekday::Tue).is_empty());
    assert_eq!(hours.text_for(Weekday::Sun), "10:00-11:00");
}

#[test]
fn bad_weekly_hours_name_the_day() {
    let errors = WeeklyHours::parse(["9-5", "", "17:00-09:00", "", "", "", ""]).unwrap_err();
    assert!(errors.message_for("monday").is_some());
    assert!(errors.message_for("wednesday").is_some());
    let overlap =
        WeeklyHours::parse(["09:00-12:00, 11:00-13:00", "", "", "", "", "", ""]).unwrap_err();
    assert!(overlap.message_for("monday").unwrap().contains("overlaps"));
}

#[test]
fn slots_step_by_the_duration_inside_the_hours() {
    let hours = every_day("09:00-12:00");
    let schedule = Schedule {
        timezone: zone("Europe/Berlin"),
        weekly_hours: &hours,
        taken: &[],
        now: utc(LONG_AGO),
    };
    let slots = slots_on(&schedule, &offering(45, 1), date("2026-11-24"));
    assert_eq!(
        local_times(&schedule, &slots),
        ["09:00", "09:45", "10:30", "11:15"]
    );
    assert_eq!(slots[0].start, utc("2026-11-24T08:00:00Z"));
}

#[test]
fn a_range_ending_at_midnight_is_allowed() {
    let hours = every_day("22:00-24:00");
    let schedule = Schedule {
        timezone: zone("UTC"),
        weekly_hours: &hours,
        taken: &[],
        now: utc(LONG_AGO),
    };
    let slots = slots_on(&schedule, &offering(60, 1), date("2026-11-24"));
    assert_eq!(local_times(&schedule, &slots), ["22:00", "23:00"]);
}

#[test]
fn past_slots_are_not_offered_and_are_refused() {
    let hours = every_day("09:00-12:00");
    let schedule = Schedule {
        timezone: zone("UTC"),
        weekly_hours: &hours,
        taken: &[],
        now: utc("2026-11-24T10:30:00Z"),
    };
    let slots = slots_on(&schedule, &offering(60, 1), date("2026-11-24"));
    assert_eq!(local_times(&schedule, &slots), ["11:00"]);
    assert_eq!(
        check_booking(&schedule, &offering(60, 1), utc("2026-11-24T10:00:00Z")),
        Err(Refusal::InThePast)
    );
}

#[test]
fn a_start_off_the_grid_or_outside_hours_is_refused() {
    let hours = every_day("09:00-12:00");
    let schedule = Schedule {
        timezone: zone("UTC"),
        weekly_hours: &hours,
        taken: &[],
        now: utc(LONG_AGO),
    };
    for start in [
        "2026-11-24T09:10:00Z",
        "2026-11-24T12:00:00Z",
        "2026-11-24T11:30:00Z",
        "2026-11-24T03:00:00Z",
    ] {
        assert_eq!(
            check_booking(&schedule, &offering(60, 1), utc(start)),
            Err(Refusal::OutsideHours),
            "{start}"
        );
    }
}

#[test]
fn a_private_slot_is_gone_once_booked() {
    let hours = every_day("09:00-11:00");
    let taken = [TakenSeats {
        session_type_id: 1,
        start: utc("2026-11-24T09:00:00Z"),
        end: utc("2026-11-24T10:00:00Z"),
        seats: 1,
    }];
    let schedule = Schedule {
        timezone: zone("UTC"),
        weekly_hours: &hours,
        taken: &taken,
        now: utc(LONG_AGO),
    };
    let slots = slots_on(&schedule, &offering(60, 1), date("2026-11-24"));
    assert_eq!(local_times(&schedule, &slots), ["10:00"]);
    assert_eq!(
        check_booking(&schedule, &offering(60, 1), utc("2026-11-24T09:00:00Z")),
        Err(Refusal::Taken)
    );
}

#[test]
fn a_group_slot_counts_down_its_seats_until_full() {
    let hours = every_day("09:00-10:00");
    let group = offering(60, 3);
    let start = utc("2026-11-24T09:00:00Z");
    let end = utc("2026-11-24T10:00:00Z");
    let one = [TakenSeats {
        session_type_id: 1,
        start,
        end,
        seats: 1,
    }];
    let schedule = Schedule {
        timezone: zone("UTC"),
        weekly_hours: &hours,
        taken: &one,
        now: utc(LONG_AGO),
    };
    assert_eq!(
        slots_on(&schedule, &group, date("2026-11-24"))[0].seats_left,
        2
    );

    let three = [TakenSeats { seats: 2, ..one[0] }, one[0]];
    let full = Schedule {
        taken: &three,
        ..schedule
    };
    assert!(slots_on(&full, &group, date("2026-11-24")).is_empty());
    assert_eq!(check_booking(&full, &group, start), Err(Refusal::Full));
}

#[test]
fn another_session_type_overlapping_blocks_the_slot() {
    let hours = every_day("09:00-12:00");
    let taken = [TakenSeats {
        session_type_id: 2,
        start: utc("2026-11-24T09:30:00Z"),
        end: utc("2026-11-24T10:00:00Z"),
        seats: 1,
    }];
    let schedule = Schedule {
        timezone: zone("UTC"),
        weekly_hours: &hours,
        taken: &taken,
        now: utc(LONG_AGO),
    };
    let slots = slots_on(&schedule, &offering(60, 5), date("2026-11-24"));
    assert_eq!(local_times(&schedule, &slots), ["10:00", "11:00"]);
}

#[test]
fn new_york_spring_forward_skips_the_missing_hour() {
    let hours = every_day("00:00-04:00");
    let schedule = Schedule {
        timezone: zone("America/New_York"),
        weekly_hours: &hours,
        taken: &[],
        now: utc(LONG_AGO),
    };
    let slots = slots_on(&schedule, &offering(60, 1), date("2026-03-08"));
    assert_eq!(local_times(&schedule, &slots), ["00:00", "01:00", "03:00"]);
}

#[test]
fn new_york_fall_back_offers_the_repeated_hour_once() {
    let hours = every_day("00:00-04:00");
    let schedule = Schedule {
        timezone: zone("America/New_York"),
        weekly_hours: &hours,
        taken: &[],
        now: utc(LONG_AGO),
    };
    let slots = slots_on(&schedule, &offering(60, 1), date("2026-11-01"));
    assert_eq!(
        local_times(&schedule, &slots),
        ["00:00", "01:00", "02:00", "03:00"]
    );
    // 01:00 is the first occurrence, still on daylight time (UTC-4).
    assert_eq!(slots[1].start, utc("2026-11-01T05:00:00Z"));
}

#[test]
fn afternoon_slots_on_a_change_day_keep_their_wall_time() {
    let hours = every_day("14:00-16:00");
    let schedule = Schedule {
        timezone: zone("America/New_York"),
        weekly_hours: &hours,
        taken: &[],
        now: utc(LONG_AGO),
    };
    let spring = slots_on(&schedule, &offering(60, 1), date("2026-03-08"));
    assert_eq!(spring[0].start, utc("2026-03-08T18:00:00Z"));
    let autumn = slots_on(&schedule, &offering(60, 1), date("2026-11-01"));
    assert_eq!(autumn[0].start, utc("2026-11-01T19:00:00Z"));
}

#[test]
fn half_hour_zones_expand_correctly() {
    let hours = every_day("09:00-10:00");
    let schedule = Schedule {
        timezone: zone("Asia/Kolkata"),
        weekly_hours: &hours,
        taken: &[],
        now: utc(LONG_AGO),
    };
    let slots = slots_on(&schedule, &offering(60, 1), date("2026-11-24"));
    assert_eq!(slots[0].start, utc("2026-11-24T03:30:00Z"));
}

fn arbitrary_taken() -> impl Strategy<Value = Vec<TakenSeats>> {
    prop::collection::vec(
        (
            0_i64..3,
            0_i64..(48 * 4),
            prop::sample::select(vec![30_i64, 45, 60, 90]),
            1_u32..3,
        ),
        0..12,
    )
    .prop_map(|entries| {
        let base = utc("2026-11-23T00:00:00Z");
        entries
            .into_iter()
            .map(|(type_id, quarter, minutes, seats)| {
                let start = base + Duration::minutes(quarter * 15);
                TakenSeats {
                    session_type_id: type_id,
                    start,
                    end: start + Duration::minutes(minutes),
                    seats,
                }
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn listing_and_accepting_never_disagree(
        taken in arbitrary_taken(),
        minutes in prop::sample::select(SessionDuration::ALLOWED_MINUTES.to_vec()),
        seats in 1_u32..4,
        now_offset in 0_i64..(48 * 60),
        probe_quarter in 0_i64..(48 * 4),
    ) {
        let hours = week(["08:00-12:00, 13:00-18:30"; 7]);
        let now = utc("2026-11-23T00:00:00Z") + Duration::minutes(now_offset);
        let schedule = Schedule { timezone: zone("Europe/Berlin"), weekly_hours: &hours, taken: &taken, now };
        let offer = Offering { session_type_id: 1, duration: SessionDuration::from_minutes(minutes).unwrap(), capacity: Capacity::new(seats).unwrap() };
        for day in [date("2026-11-23"), date("2026-11-24")] {
            for slot in slots_on(&schedule, &offer, day) {
                prop_assert_eq!(check_booking(&schedule, &offer, slot.start), Ok(slot));
                prop_assert!(slot.start > now);
                let seats_here: u32 = taken.iter()
                    .filter(|t| t.start < slot.end && slot.start < t.end)
                    .map(|t| t.seats)
                    .sum();
                prop_assert!(seats_here < offer.capacity.seats());
            }
        }
        let probe = utc("2026-11-23T00:00:00Z") + Duration::minutes(probe_quarter * 15);
        let day = schedule.timezone.local(probe).date_naive();
        let listed = slots_on(&schedule, &offer, day).into_iter().any(|slot| slot.start == probe);
        prop_assert_eq!(listed, check_booking(&schedule, &offer, probe).is_ok());
    }
}
