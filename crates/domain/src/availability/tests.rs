use super::*;
use crate::timezone::StudioTimezone;
use crate::zone::ZoneTransitions;
use chrono::Weekday;
use proptest::prelude::*;

fn zone(name: &str) -> StudioTimezone {
    StudioTimezone::parse("timezone", name).unwrap()
}

fn week(texts: [&str; 7]) -> OpeningHours {
    OpeningHours::weekly(WeeklyHours::parse(texts).unwrap())
}

fn every_day(text: &str) -> OpeningHours {
    week([text; 7])
}

fn offering(minutes: u16, seats: u32) -> Offering {
    Offering::simple(
        1,
        SessionDuration::from_minutes(minutes).unwrap(),
        Capacity::new(seats).unwrap(),
    )
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn booked(type_id: i64, start: &str, minutes: i64, seats: u32) -> TakenSeats {
    TakenSeats {
        session_type_id: type_id,
        start: utc(start),
        end: utc(start) + Duration::minutes(minutes),
        seats,
        buffer_minutes: 0,
    }
}

fn local_times(zone: StudioTimezone, slots: &[Slot]) -> Vec<String> {
    slots
        .iter()
        .map(|slot| zone.time_of_day(slot.start))
        .collect()
}

/// The local start times offered on a date, with nothing booked.
fn offered(
    zone_name: &str,
    hours: &str,
    minutes: u16,
    on: &str,
) -> (Vec<String>, Vec<DateTime<Utc>>) {
    let zone = zone(zone_name);
    let hours = every_day(hours);
    let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
    let slots = slots_on(&schedule, &offering(minutes, 1), date(on));
    (
        local_times(zone, &slots),
        slots.iter().map(|slot| slot.start).collect(),
    )
}

/// "Now" for tests about dates later in 2026: inside every test offering's one-year lead window.
const LONG_AGO: &str = "2026-01-01T00:00:00Z";

mod opening_hours {
    use super::*;

    #[test]
    fn weekly_hours_parse_several_ranges_a_day() {
        let hours = WeeklyHours::parse([
            "09:00-12:00, 13:00-17:00",
            "",
            "",
            "",
            "",
            "",
            "10:00–11:00",
        ])
        .unwrap();
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
    fn a_closed_date_offers_nothing_and_other_dates_keep_their_hours() {
        let zone = zone("UTC");
        let mut hours = every_day("09:00-11:00");
        hours.close(date("2026-12-25"));
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
        assert!(slots_on(&schedule, &offering(60, 1), date("2026-12-25")).is_empty());
        assert_eq!(
            slots_on(&schedule, &offering(60, 1), date("2026-12-24")).len(),
            2
        );
        assert_eq!(
            check_booking(&schedule, &offering(60, 1), utc("2026-12-25T09:00:00Z")),
            Err(Refusal::OutsideHours)
        );
    }

    #[test]
    fn a_date_with_different_hours_uses_them() {
        let zone = zone("UTC");
        let mut hours = every_day("09:00-11:00");
        let evening = TimeRange::new(
            WallMinute::new(18 * 60).unwrap(),
            WallMinute::new(20 * 60).unwrap(),
        )
        .unwrap();
        hours.set_date(date("2026-12-24"), vec![evening]).unwrap();
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
        let slots = slots_on(&schedule, &offering(60, 1), date("2026-12-24"));
        assert_eq!(local_times(zone, &slots), ["18:00", "19:00"]);
    }

    #[test]
    fn one_days_ranges_parse_sorted_and_refuse_overlaps() {
        let ranges = parse_day_ranges("hours", "13:00-14:00, 10:00-12:00").unwrap();
        assert_eq!(
            ranges.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["10:00-12:00", "13:00-14:00"]
        );
        assert!(parse_day_ranges("hours", "").unwrap().is_empty());
        assert_eq!(
            parse_day_ranges("hours", "10-12").unwrap_err().field,
            "hours"
        );
        assert!(
            parse_day_ranges("hours", "10:00-12:00, 11:00-13:00")
                .unwrap_err()
                .message
                .contains("overlaps")
        );
    }

    #[test]
    fn overlapping_override_ranges_are_refused() {
        let mut hours = every_day("09:00-11:00");
        let range = |from: u16, to: u16| {
            TimeRange::new(WallMinute::new(from).unwrap(), WallMinute::new(to).unwrap()).unwrap()
        };
        assert!(
            hours
                .set_date(date("2026-12-24"), vec![range(600, 720), range(660, 780)])
                .is_err()
        );
    }
}

mod rules {
    use super::*;

    #[test]
    fn slots_step_by_the_duration_inside_the_hours() {
        let (times, starts) = offered("Europe/Berlin", "09:00-12:00", 45, "2026-11-24");
        assert_eq!(times, ["09:00", "09:45", "10:30", "11:15"]);
        assert_eq!(starts[0], utc("2026-11-24T08:00:00Z"));
    }

    #[test]
    fn a_custom_step_offers_overlapping_starts() {
        let zone = zone("UTC");
        let hours = every_day("09:00-11:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
        let every_half_hour = Offering {
            step: Duration::minutes(30),
            ..offering(60, 1)
        };
        let slots = slots_on(&schedule, &every_half_hour, date("2026-11-24"));
        assert_eq!(local_times(zone, &slots), ["09:00", "09:30", "10:00"]);
    }

    #[test]
    fn a_range_ending_at_midnight_is_allowed() {
        let (times, _) = offered("UTC", "22:00-24:00", 60, "2026-11-24");
        assert_eq!(times, ["22:00", "23:00"]);
    }

    #[test]
    fn past_slots_are_not_offered_and_are_refused() {
        let zone = zone("UTC");
        let hours = every_day("09:00-12:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc("2026-11-24T10:30:00Z"));
        let slots = slots_on(&schedule, &offering(60, 1), date("2026-11-24"));
        assert_eq!(local_times(zone, &slots), ["11:00"]);
        assert_eq!(
            check_booking(&schedule, &offering(60, 1), utc("2026-11-24T10:00:00Z")),
            Err(Refusal::InThePast)
        );
    }

    #[test]
    fn the_minimum_lead_time_hides_slots_that_start_too_soon() {
        let zone = zone("UTC");
        let hours = every_day("09:00-17:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc("2026-11-24T08:00:00Z"));
        let three_hours_ahead = Offering {
            min_lead: Duration::hours(3),
            ..offering(60, 1)
        };
        let slots = slots_on(&schedule, &three_hours_ahead, date("2026-11-24"));
        assert_eq!(local_times(zone, &slots)[0], "11:00");
        assert_eq!(
            check_booking(&schedule, &three_hours_ahead, utc("2026-11-24T10:00:00Z")),
            Err(Refusal::TooSoon)
        );
    }

    #[test]
    fn the_maximum_lead_time_hides_slots_too_far_ahead() {
        let zone = zone("UTC");
        let hours = every_day("09:00-17:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc("2026-11-24T12:00:00Z"));
        let two_days = Offering {
            max_lead: Duration::days(2),
            ..offering(60, 1)
        };
        assert_eq!(
            local_times(zone, &slots_on(&schedule, &two_days, date("2026-11-26"))),
            ["09:00", "10:00", "11:00", "12:00"]
        );
        assert!(slots_on(&schedule, &two_days, date("2026-11-27")).is_empty());
        assert_eq!(
            check_booking(&schedule, &two_days, utc("2026-11-26T13:00:00Z")),
            Err(Refusal::TooFarAhead)
        );
    }

    #[test]
    fn a_start_off_the_grid_or_outside_hours_is_refused() {
        let zone = zone("UTC");
        let hours = every_day("09:00-12:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
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
        let zone = zone("UTC");
        let hours = every_day("09:00-11:00");
        let taken = [booked(1, "2026-11-24T09:00:00Z", 60, 1)];
        let schedule = Schedule::new(&zone, &hours, &taken, &[], utc(LONG_AGO));
        assert_eq!(
            local_times(
                zone,
                &slots_on(&schedule, &offering(60, 1), date("2026-11-24"))
            ),
            ["10:00"]
        );
        assert_eq!(
            check_booking(&schedule, &offering(60, 1), utc("2026-11-24T09:00:00Z")),
            Err(Refusal::Taken)
        );
    }

    #[test]
    fn a_group_slot_counts_held_pending_and_confirmed_seats_until_full() {
        let zone = zone("UTC");
        let hours = every_day("09:00-10:00");
        let group = offering(60, 3);
        let one = [booked(1, "2026-11-24T09:00:00Z", 60, 1)];
        let schedule = Schedule::new(&zone, &hours, &one, &[], utc(LONG_AGO));
        assert_eq!(
            slots_on(&schedule, &group, date("2026-11-24"))[0].seats_left,
            2
        );
        let three = [booked(1, "2026-11-24T09:00:00Z", 60, 2), one[0]];
        let full = Schedule::new(&zone, &hours, &three, &[], utc(LONG_AGO));
        assert!(slots_on(&full, &group, date("2026-11-24")).is_empty());
        assert_eq!(
            check_booking(&full, &group, utc("2026-11-24T09:00:00Z")),
            Err(Refusal::Full)
        );
    }

    #[test]
    fn another_session_type_overlapping_blocks_the_slot() {
        let zone = zone("UTC");
        let hours = every_day("09:00-12:00");
        let taken = [booked(2, "2026-11-24T09:30:00Z", 30, 1)];
        let schedule = Schedule::new(&zone, &hours, &taken, &[], utc(LONG_AGO));
        let slots = slots_on(&schedule, &offering(60, 5), date("2026-11-24"));
        assert_eq!(local_times(zone, &slots), ["10:00", "11:00"]);
    }

    #[test]
    fn the_first_session_starts_at_opening_time_whatever_the_buffer() {
        let zone = zone("UTC");
        let hours = every_day("08:00-12:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
        let buffered = Offering {
            buffer: Duration::minutes(10),
            ..offering(30, 1)
        };
        let slots = slots_on(&schedule, &buffered, date("2026-11-24"));
        assert_eq!(
            local_times(zone, &slots),
            [
                "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"
            ]
        );
        assert!(check_booking(&schedule, &buffered, utc("2026-11-24T08:00:00Z")).is_ok());
        assert_eq!(
            check_booking(&schedule, &buffered, utc("2026-11-24T08:10:00Z")),
            Err(Refusal::OutsideHours),
            "starts stay on the grid from the opening time"
        );
    }

    #[test]
    fn start_times_every_half_hour_give_a_long_lesson_more_starts() {
        let zone = zone("UTC");
        let hours = every_day("09:00-13:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
        let by_duration = offering(90, 1);
        let every_half_hour = Offering {
            step: Duration::minutes(30),
            ..offering(90, 1)
        };
        assert_eq!(
            local_times(zone, &slots_on(&schedule, &by_duration, date("2026-11-24"))),
            ["09:00", "10:30"]
        );
        assert_eq!(
            local_times(
                zone,
                &slots_on(&schedule, &every_half_hour, date("2026-11-24"))
            ),
            ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
        );
    }

    #[test]
    fn a_buffer_keeps_a_gap_to_other_bookings_at_listing_and_at_booking() {
        let zone = zone("UTC");
        let hours = every_day("08:00-18:00");
        let buffered = Offering {
            buffer: Duration::minutes(30),
            step: Duration::minutes(30),
            ..offering(60, 1)
        };
        let taken = [booked(2, "2026-11-24T12:00:00Z", 60, 1)];
        let schedule = Schedule::new(&zone, &hours, &taken, &[], utc(LONG_AGO));
        let times = local_times(zone, &slots_on(&schedule, &buffered, date("2026-11-24")));
        assert!(times.contains(&"10:30".to_owned()));
        assert!(
            !times.contains(&"11:00".to_owned()),
            "11:00-12:00 needs 30 minutes before 12:00"
        );
        assert!(!times.contains(&"13:00".to_owned()));
        assert!(times.contains(&"13:30".to_owned()));
        assert_eq!(
            check_booking(&schedule, &buffered, utc("2026-11-24T11:00:00Z")),
            Err(Refusal::BufferClash)
        );
    }

    #[test]
    fn an_existing_bookings_own_buffer_is_respected() {
        let zone = zone("UTC");
        let hours = every_day("08:00-18:00");
        let taken = [TakenSeats {
            buffer_minutes: 45,
            ..booked(2, "2026-11-24T12:00:00Z", 60, 1)
        }];
        let schedule = Schedule::new(&zone, &hours, &taken, &[], utc(LONG_AGO));
        let no_buffer = Offering {
            step: Duration::minutes(15),
            ..offering(60, 1)
        };
        let times = local_times(zone, &slots_on(&schedule, &no_buffer, date("2026-11-24")));
        assert!(
            times.contains(&"10:15".to_owned()) && !times.contains(&"10:30".to_owned()),
            "{times:?}"
        );
        assert!(
            !times.contains(&"13:30".to_owned()) && times.contains(&"13:45".to_owned()),
            "{times:?}"
        );
    }

    #[test]
    fn busy_time_from_an_external_calendar_blocks_slots() {
        let zone = zone("UTC");
        let hours = every_day("09:00-13:00");
        let busy = [
            BusyInterval {
                start: utc("2026-11-24T10:30:00Z"),
                end: utc("2026-11-24T10:45:00Z"),
            },
            BusyInterval {
                start: utc("2026-11-24T10:40:00Z"),
                end: utc("2026-11-24T11:10:00Z"),
            },
        ];
        let schedule = Schedule::new(&zone, &hours, &[], &busy, utc(LONG_AGO));
        let slots = slots_on(&schedule, &offering(60, 1), date("2026-11-24"));
        assert_eq!(local_times(zone, &slots), ["09:00", "12:00"]);
        assert_eq!(
            check_booking(&schedule, &offering(60, 1), utc("2026-11-24T10:00:00Z")),
            Err(Refusal::Taken)
        );
        assert_eq!(
            check_booking(&schedule, &offering(60, 1), utc("2026-11-24T11:00:00Z")),
            Err(Refusal::Taken)
        );
    }

    #[test]
    fn the_daily_maximum_counts_sessions_not_seats() {
        let zone = zone("UTC");
        let hours = every_day("09:00-13:00");
        let two_a_day = Offering {
            max_per_day: Some(2),
            ..offering(60, 3)
        };
        let taken = [
            booked(1, "2026-11-24T09:00:00Z", 60, 1),
            booked(1, "2026-11-24T09:00:00Z", 60, 1),
            booked(1, "2026-11-24T11:00:00Z", 60, 1),
            booked(2, "2026-11-24T12:00:00Z", 60, 1),
        ];
        let schedule = Schedule::new(&zone, &hours, &taken, &[], utc(LONG_AGO));
        let slots = slots_on(&schedule, &two_a_day, date("2026-11-24"));
        assert_eq!(
            local_times(zone, &slots),
            ["09:00", "11:00"],
            "joining an existing session is still allowed"
        );
        assert_eq!(
            check_booking(&schedule, &two_a_day, utc("2026-11-24T10:00:00Z")),
            Err(Refusal::DayFull)
        );
        assert_eq!(
            slots_on(&schedule, &two_a_day, date("2026-11-25")).len(),
            4,
            "the next day is fresh"
        );
    }
}

/// The matrix from the issue: each change day, with morning hours around the change and an
/// afternoon session, checked against instants worked out by hand.
mod daylight_saving {
    use super::*;

    #[test]
    fn new_york_spring_forward_skips_the_missing_hour() {
        let (times, starts) = offered("America/New_York", "00:00-04:00", 60, "2026-03-08");
        assert_eq!(times, ["00:00", "01:00", "03:00"]);
        assert_eq!(starts[2], utc("2026-03-08T07:00:00Z"));
        let (_, afternoon) = offered("America/New_York", "14:00-16:00", 60, "2026-03-08");
        assert_eq!(afternoon[0], utc("2026-03-08T18:00:00Z"));
    }

    #[test]
    fn new_york_fall_back_offers_the_repeated_hour_once() {
        let (times, starts) = offered("America/New_York", "00:00-04:00", 60, "2026-11-01");
        assert_eq!(times, ["00:00", "01:00", "02:00", "03:00"]);
        assert_eq!(
            starts,
            [
                utc("2026-11-01T04:00:00Z"),
                utc("2026-11-01T05:00:00Z"),
                utc("2026-11-01T07:00:00Z"),
                utc("2026-11-01T08:00:00Z")
            ]
        );
        let (_, afternoon) = offered("America/New_York", "14:00-16:00", 60, "2026-11-01");
        assert_eq!(afternoon[0], utc("2026-11-01T19:00:00Z"));
    }

    #[test]
    fn berlin_spring_forward() {
        let (times, starts) = offered("Europe/Berlin", "01:00-04:00", 60, "2026-03-29");
        assert_eq!(times, ["01:00", "03:00"]);
        assert_eq!(
            starts,
            [utc("2026-03-29T00:00:00Z"), utc("2026-03-29T01:00:00Z")]
        );
        let (_, afternoon) = offered("Europe/Berlin", "15:00-16:00", 60, "2026-03-29");
        assert_eq!(afternoon, [utc("2026-03-29T13:00:00Z")]);
    }

    #[test]
    fn berlin_fall_back() {
        let (times, starts) = offered("Europe/Berlin", "01:00-04:00", 60, "2026-10-25");
        assert_eq!(times, ["01:00", "02:00", "03:00"]);
        assert_eq!(
            starts,
            [
                utc("2026-10-24T23:00:00Z"),
                utc("2026-10-25T00:00:00Z"),
                utc("2026-10-25T02:00:00Z")
            ]
        );
        let (_, afternoon) = offered("Europe/Berlin", "15:00-16:00", 60, "2026-10-25");
        assert_eq!(afternoon, [utc("2026-10-25T14:00:00Z")]);
    }

    #[test]
    fn the_second_occurrence_of_a_repeated_time_is_refused_for_what_it_is() {
        let zone = zone("Europe/Berlin");
        let hours = every_day("01:00-04:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
        // 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        let half_hourly = Offering {
            step: Duration::minutes(30),
            ..offering(30, 1)
        };
        assert!(check_booking(&schedule, &half_hourly, utc("2026-10-25T00:30:00Z")).is_ok());
        assert_eq!(
            check_booking(&schedule, &half_hourly, utc("2026-10-25T01:30:00Z")),
            Err(Refusal::RepeatedTime)
        );
        assert_eq!(
            check_booking(&schedule, &half_hourly, utc("2026-10-25T01:40:00Z")),
            Err(Refusal::OutsideHours)
        );
    }

    #[test]
    fn lord_howe_springs_forward_by_half_an_hour() {
        let (times, starts) = offered("Australia/Lord_Howe", "01:00-04:00", 30, "2026-10-04");
        assert_eq!(times, ["01:00", "01:30", "02:30", "03:00", "03:30"]);
        assert_eq!(starts[0], utc("2026-10-03T14:30:00Z"));
        assert_eq!(starts[2], utc("2026-10-03T15:30:00Z"));
        let (_, afternoon) = offered("Australia/Lord_Howe", "15:00-16:00", 60, "2026-10-04");
        assert_eq!(afternoon, [utc("2026-10-04T04:00:00Z")]);
    }

    #[test]
    fn lord_howe_falls_back_by_half_an_hour() {
        let (times, starts) = offered("Australia/Lord_Howe", "01:00-03:00", 30, "2026-04-05");
        assert_eq!(times, ["01:00", "01:30", "02:00", "02:30"]);
        assert_eq!(
            starts,
            [
                utc("2026-04-04T14:00:00Z"),
                utc("2026-04-04T14:30:00Z"),
                utc("2026-04-04T15:30:00Z"),
                utc("2026-04-04T16:00:00Z")
            ]
        );
        let (_, afternoon) = offered("Australia/Lord_Howe", "15:00-16:00", 60, "2026-04-05");
        assert_eq!(afternoon, [utc("2026-04-05T04:30:00Z")]);
    }

    #[test]
    fn kolkata_keeps_its_half_hour_offset() {
        let (times, starts) = offered("Asia/Kolkata", "09:00-10:00, 15:00-16:00", 60, "2026-03-08");
        assert_eq!(times, ["09:00", "15:00"]);
        assert_eq!(
            starts,
            [utc("2026-03-08T03:30:00Z"), utc("2026-03-08T09:30:00Z")]
        );
    }

    #[test]
    fn chatham_springs_forward_at_a_quarter_to_three() {
        let (times, starts) = offered("Pacific/Chatham", "02:00-05:00", 60, "2026-09-27");
        assert_eq!(times, ["02:00", "04:00"]);
        assert_eq!(
            starts,
            [utc("2026-09-26T13:15:00Z"), utc("2026-09-26T14:15:00Z")]
        );
        let (_, afternoon) = offered("Pacific/Chatham", "15:00-16:00", 60, "2026-09-27");
        assert_eq!(afternoon, [utc("2026-09-27T01:15:00Z")]);
    }

    #[test]
    fn chatham_falls_back_at_a_quarter_to_four() {
        let (times, starts) = offered("Pacific/Chatham", "02:00-05:00", 60, "2026-04-05");
        assert_eq!(times, ["02:00", "03:00", "04:00"]);
        assert_eq!(
            starts,
            [
                utc("2026-04-04T12:15:00Z"),
                utc("2026-04-04T13:15:00Z"),
                utc("2026-04-04T15:15:00Z")
            ]
        );
        let (_, afternoon) = offered("Pacific/Chatham", "15:00-16:00", 60, "2026-04-05");
        assert_eq!(afternoon, [utc("2026-04-05T02:15:00Z")]);
    }

    #[test]
    fn a_booking_at_a_missing_wall_time_is_refused() {
        let zone = zone("America/New_York");
        let hours = every_day("00:00-04:00");
        let schedule = Schedule::new(&zone, &hours, &[], &[], utc(LONG_AGO));
        // 02:00 EST would be 07:00Z, but that instant is 03:00 EDT, on the grid: it is the 03:00 slot.
        assert!(check_booking(&schedule, &offering(60, 1), utc("2026-03-08T07:00:00Z")).is_ok());
        // The second 01:00 of the fall-back day (06:00Z) is not offered, and is refused as such.
        assert_eq!(
            check_booking(&schedule, &offering(60, 1), utc("2026-11-01T06:00:00Z")),
            Err(Refusal::RepeatedTime)
        );
    }

    #[test]
    fn captured_transitions_give_the_browser_the_same_slots() {
        for (name, day) in [
            ("America/New_York", "2026-03-08"),
            ("America/New_York", "2026-11-01"),
            ("Europe/Berlin", "2026-03-29"),
            ("Europe/Berlin", "2026-10-25"),
            ("Australia/Lord_Howe", "2026-10-04"),
            ("Australia/Lord_Howe", "2026-04-05"),
            ("Asia/Kolkata", "2026-03-08"),
            ("Pacific/Chatham", "2026-09-27"),
            ("Pacific/Chatham", "2026-04-05"),
        ] {
            let database = zone(name);
            let captured = ZoneTransitions::capture(
                name,
                &database,
                utc("2026-01-01T00:00:00Z"),
                utc("2027-01-01T00:00:00Z"),
            );
            let hours = every_day("00:00-05:00, 14:00-18:00");
            let with_database = Schedule::new(&database, &hours, &[], &[], utc(LONG_AGO));
            let with_captured = Schedule::new(&captured, &hours, &[], &[], utc(LONG_AGO));
            for minutes in [30, 45, 60] {
                assert_eq!(
                    slots_on(&with_database, &offering(minutes, 1), date(day)),
                    slots_on(&with_captured, &offering(minutes, 1), date(day)),
                    "{name} {day} {minutes}"
                );
            }
        }
    }
}

fn arbitrary_taken() -> impl Strategy<Value = Vec<TakenSeats>> {
    prop::collection::vec(
        (
            0_i64..3,
            0_i64..(72 * 4),
            prop::sample::select(vec![15_i64, 30, 45, 60, 90]),
            1_u32..3,
            prop::sample::select(vec![0_u16, 5, 15, 30]),
        ),
        0..16,
    )
    .prop_map(|entries| {
        let base = utc("2026-10-24T00:00:00Z");
        entries
            .into_iter()
            .map(|(type_id, quarter, minutes, seats, buffer_minutes)| {
                let start = base + Duration::minutes(quarter * 15);
                TakenSeats {
                    session_type_id: type_id,
                    start,
                    end: start + Duration::minutes(minutes),
                    seats,
                    buffer_minutes,
                }
            })
            .collect()
    })
}

fn arbitrary_busy() -> impl Strategy<Value = Vec<BusyInterval>> {
    prop::collection::vec((0_i64..(72 * 12), 5_i64..240), 0..4).prop_map(|entries| {
        let base = utc("2026-10-24T00:00:00Z");
        entries
            .into_iter()
            .map(|(five_minutes, length)| {
                let start = base + Duration::minutes(five_minutes * 5);
                BusyInterval {
                    start,
                    end: start + Duration::minutes(length),
                }
            })
            .collect()
    })
}

fn arbitrary_offering() -> impl Strategy<Value = Offering> {
    (
        prop::sample::select(SessionDuration::ALLOWED_MINUTES.to_vec()),
        1_u32..4,
        prop::sample::select(vec![0_i64, 5, 10, 15, 30, 45, 60]),
        0_i64..30,
        1_i64..4,
        prop::option::of(1_u32..4),
        prop::sample::select(vec![15_i64, 30, 0]),
    )
        .prop_map(
            |(minutes, seats, buffer, min_lead_hours, max_lead_days, max_per_day, step)| {
                let duration = SessionDuration::from_minutes(minutes).unwrap();
                Offering {
                    session_type_id: 1,
                    duration,
                    capacity: Capacity::new(seats).unwrap(),
                    buffer: Duration::minutes(buffer),
                    min_lead: Duration::hours(min_lead_hours),
                    max_lead: Duration::days(max_lead_days),
                    max_per_day,
                    step: if step == 0 {
                        duration.as_chrono()
                    } else {
                        Duration::minutes(step)
                    },
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Over random studios and bookings (around Berlin's fall-back day): every listed slot lies
    /// inside the hours and the lead window, clears every other booking's buffered interval and
    /// busy time, leaves a seat, respects the daily maximum, and is accepted; and a random start
    /// is accepted exactly when it is listed.
    #[test]
    fn listing_and_accepting_agree_and_keep_every_rule(
        taken in arbitrary_taken(),
        busy in arbitrary_busy(),
        offer in arbitrary_offering(),
        zone_name in prop::sample::select(vec!["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]),
        now_offset in 0_i64..(48 * 60),
        probe_quarter in 0_i64..(72 * 4),
    ) {
        let zone = zone(zone_name);
        let hours = week(["08:00-12:00, 13:00-18:30", "09:00-17:00", "", "00:00-24:00", "10:00-14:00", "01:00-04:00, 20:00-23:00", "06:00-09:00"]);
        let now = utc("2026-10-24T00:00:00Z") + Duration::minutes(now_offset);
        let schedule = Schedule::new(&zone, &hours, &taken, &busy, now);
        for day in ["2026-10-24", "2026-10-25", "2026-10-26"].map(date) {
            let slots = slots_on(&schedule, &offer, day);
            for slot in &slots {
                prop_assert_eq!(check_booking(&schedule, &offer, slot.start), Ok(*slot));
                prop_assert!(slot.start >= now + offer.min_lead && slot.start > now);
                prop_assert!(slot.start <= now + offer.max_lead);
                prop_assert_eq!(zone.local(slot.start).date_naive(), day);
                // The session itself lies inside a range, on that range's grid of starts; the
                // buffer only keeps it apart from other bookings and busy time.
                let inside_a_range = hours.ranges_on(day).iter().any(|range| {
                    let opens = zone.local(slot.start).naive_local();
                    let closes = zone.local(slot.end).naive_local();
                    let from_opening = (opens - range.start().on(day)).num_minutes();
                    opens >= range.start().on(day)
                        && closes <= range.end().on(day)
                        && from_opening % offer.step.num_minutes() == 0
                });
                prop_assert!(inside_a_range, "slot {:?} outside the hours or off the grid", slot);
                let mut same_session_seats = 0;
                for other in &taken {
                    if other.session_type_id == offer.session_type_id && other.start == slot.start {
                        same_session_seats += other.seats;
                        continue;
                    }
                    let other_buffer = Duration::minutes(i64::from(other.buffer_minutes));
                    prop_assert!(!(other.start - other_buffer < slot.end && slot.start < other.end + other_buffer), "clashes with {:?}", other);
                    prop_assert!(!(other.start < slot.end + offer.buffer && slot.start - offer.buffer < other.end), "clashes with {:?}", other);
                }
                prop_assert!(same_session_seats < offer.capacity.seats());
                for interval in &busy {
                    prop_assert!(!(interval.start < slot.end + offer.buffer && slot.start - offer.buffer < interval.end));
                }
                if let Some(max) = offer.max_per_day
                    && same_session_seats == 0
                {
                    let mut sessions: Vec<_> = taken.iter()
                        .filter(|t| t.session_type_id == offer.session_type_id && zone.local(t.start).date_naive() == day)
                        .map(|t| t.start)
                        .collect();
                    sessions.sort();
                    sessions.dedup();
                    prop_assert!(sessions.len() < max as usize);
                }
            }
        }
        let probe = utc("2026-10-24T00:00:00Z") + Duration::minutes(probe_quarter * 15);
        let day = schedule.zone().local(probe).date_naive();
        let listed = slots_on(&schedule, &offer, day).into_iter().any(|slot| slot.start == probe);
        prop_assert_eq!(listed, check_booking(&schedule, &offer, probe).is_ok());
    }
}
