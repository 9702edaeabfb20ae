//! Mini sessions (seed 003): an instructor lays out dates of spots, reserves one, shares the
//! mini; clients hold spots through the one decision that also lists them.

mod support;

use futures::future::join_all;
use serde_json::Value;
use support::{Client, TestApp, days_from_today, link_of};

on_both_backends!(
    a_new_mini_starts_as_an_empty_draft_and_lays_out_its_dates,
    bad_date_settings_are_named_next_to_their_fields,
    a_shared_mini_lists_its_open_spots_and_a_hold_shows_as_booking,
    fifty_clients_racing_for_one_spot_leave_one_hold,
    a_same_start_date_of_five_seats_takes_exactly_five,
    a_reserved_spot_is_held_only_through_its_direct_link,
    a_date_with_a_booking_keeps_its_booked_spot,
    another_studio_and_a_signed_out_caller_cannot_touch_a_mini,
    a_client_books_a_spot_on_the_booking_page_and_the_spot_shows_booked,
    a_reserved_spots_discount_is_kept_with_its_booking,
    a_reserved_spot_paid_outside_is_booked_without_a_way_to_pay,
    a_minis_own_email_text_words_its_clients_confirmation,
    a_published_mini_is_on_the_studios_bio_link_until_it_is_unpublished,
    the_instructors_client_view_booking_is_a_preview_and_not_a_sale,
    a_dates_roster_shows_each_client_with_their_payment_and_forms,
    a_client_moved_to_another_spot_keeps_their_booking_and_both_are_emailed,
    a_mini_collecting_payment_outside_is_booked_without_a_way_to_pay,
);

const SLUG: &str = "fern-photo";

async fn create_mini(instructor: &Client, title: &str) -> String {
    let reply = instructor
        .call("create_mini_session", &[("name", title)])
        .await;
    assert!(reply.status < 400, "{}", reply.body);
    let id = reply.json();
    assert!(id.is_i64(), "{}", reply.body);
    id.to_string()
}

async fn save_date(instructor: &Client, mini: &str, fields: &[(&str, &str)]) -> support::Reply {
    let mut form: Vec<(&str, &str)> = vec![("session_type_id", mini)];
    form.extend_from_slice(fields);
    instructor.call("save_mini_date", &form).await
}

async fn overview(instructor: &Client, mini: &str) -> Value {
    let reply = instructor.call("mini_overview", &[("id", mini)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn spot_times(overview: &Value, date_index: usize) -> Vec<String> {
    overview["dates"][date_index]["spots"]
        .as_array()
        .expect("spots")
        .iter()
        .map(|spot| spot["time"].as_str().expect("time").to_owned())
        .collect()
}

fn spot_statuses(overview: &Value, date_index: usize) -> Vec<String> {
    overview["dates"][date_index]["spots"]
        .as_array()
        .expect("spots")
        .iter()
        .map(|spot| spot["status"].as_str().expect("status").to_owned())
        .collect()
}

/// A mini with one date of `spots` spots from 09:00 (20 minutes, 10 apart), shared.
async fn shared_mini(
    app: &TestApp,
    spots: &str,
    same_start: bool,
) -> (Client, String, String, String) {
    let instructor = app.instructor_with_studio(SLUG, "UTC").await;
    let mini = create_mini(&instructor, "Fall minis").await;
    let date = days_from_today("UTC", 5);
    let mut fields = vec![
        ("date", date.as_str()),
        ("start", "09:00"),
        ("spots", spots),
        ("spot_minutes", "20"),
        ("gap_minutes", "10"),
        ("location", "Rose garden"),
    ];
    if same_start {
        fields.push(("same_start_for_all", "on"));
    }
    let saved = save_date(&instructor, &mini, &fields).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let shared = instructor
        .call(
            "set_mini_visibility",
            &[("session_type_id", &mini), ("visibility", "shared")],
        )
        .await;
    assert_eq!(shared.status, 200, "{}", shared.body);
    let share_url = overview(&instructor, &mini).await["share_url"]
        .as_str()
        .expect("share url")
        .to_owned();
    let share = share_url
        .split("share=")
        .nth(1)
        .expect("a share token")
        .to_owned();
    (instructor, mini, date, share)
}

async fn open_spots(client: &Client, mini: &str, share: &str) -> Value {
    let reply = client
        .call(
            "mini_spots",
            &[("slug", SLUG), ("session_type_id", mini), ("share", share)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

async fn hold(client: &Client, mini: &str, start: &str, share: &str) -> support::Reply {
    client
        .call(
            "hold_spot",
            &[
                ("slug", SLUG),
                ("session_type_id", mini),
                ("start", start),
                ("share", share),
            ],
        )
        .await
}

/// The mini's booking page (the studio's type page) on `date`, as `share` opens it.
async fn booking_page_on(client: &Client, mini: &str, share: &str, date: &str) -> support::Reply {
    client
        .call(
            "booking_options",
            &[
                ("slug", SLUG),
                ("session_type_id", mini),
                ("share", share),
                ("date", date),
            ],
        )
        .await
}

/// Holds the `index`th spot the booking page lists on `date` (its reply leads to the form).
async fn hold_nth_spot(
    client: &Client,
    mini: &str,
    share: &str,
    date: &str,
    index: usize,
) -> support::Reply {
    let day = booking_page_on(client, mini, share, date).await.json();
    let start = day["slots"][index]["start"]
        .as_str()
        .expect("a listed spot")
        .to_owned();
    let held = hold_picked(client, mini, &start, share).await;
    assert_eq!(held.status, 200, "{}", held.body);
    held
}

/// Holds a time picked on the booking page, as its form sends it.
async fn hold_picked(client: &Client, mini: &str, start: &str, share: &str) -> support::Reply {
    client
        .call(
            "hold_slot",
            &[
                ("slug", SLUG),
                ("session_type_id", mini),
                ("start", start),
                ("share", share),
            ],
        )
        .await
}

fn starts(spots: &Value) -> Vec<String> {
    spots["dates"][0]["spots"]
        .as_array()
        .expect("spots")
        .iter()
        .map(|spot| spot["start"].as_str().expect("start").to_owned())
        .collect()
}

async fn a_new_mini_starts_as_an_empty_draft_and_lays_out_its_dates(app: TestApp) {
    let instructor = app.instructor_with_studio(SLUG, "Europe/Berlin").await;
    let mini = create_mini(&instructor, "Pumpkin patch minis").await;
    let empty = overview(&instructor, &mini).await;
    assert_eq!(empty["title"], "Pumpkin patch minis");
    assert_eq!(empty["status"], "Draft");
    assert_eq!(empty["dates"], Value::Array(Vec::new()));

    let first = days_from_today("Europe/Berlin", 10);
    let second = days_from_today("Europe/Berlin", 17);
    let saved = save_date(
        &instructor,
        &mini,
        &[
            ("date", &first),
            ("start", "09:00"),
            ("spots", "4"),
            ("spot_minutes", "20"),
            ("gap_minutes", "10"),
            ("breaks[0][after_spot]", "2"),
            ("breaks[0][minutes]", "45"),
            ("location", "Rose garden"),
        ],
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let workshop = save_date(
        &instructor,
        &mini,
        &[
            ("date", &second),
            ("start", "18:00"),
            ("spots", "12"),
            ("spot_minutes", "90"),
            ("same_start_for_all", "on"),
        ],
    )
    .await;
    assert_eq!(workshop.status, 200, "{}", workshop.body);

    let laid_out = overview(&instructor, &mini).await;
    assert_eq!(laid_out["dates"].as_array().map(Vec::len), Some(2));
    let times = spot_times(&laid_out, 0);
    assert_eq!(times.len(), 4);
    assert!(times[0].starts_with("09:00"), "{times:?}");
    assert!(times[1].starts_with("09:30"), "{times:?}");
    assert!(
        times[2].starts_with("10:45"),
        "the break follows spot 2: {times:?}"
    );
    assert_eq!(laid_out["dates"][0]["location"], "Rose garden");
    assert_eq!(laid_out["dates"][1]["spots"][0]["seats"], 12);
    assert_eq!(spot_statuses(&laid_out, 0), ["Open"; 4]);

    let again = save_date(
        &instructor,
        &mini,
        &[
            ("date", &first),
            ("start", "14:00"),
            ("spots", "2"),
            ("spot_minutes", "20"),
        ],
    )
    .await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(again.field_message("date").is_some(), "{}", again.body);

    let moved = save_date(
        &instructor,
        &mini,
        &[
            ("replacing", &first),
            ("date", &first),
            ("start", "14:00"),
            ("spots", "2"),
            ("spot_minutes", "20"),
        ],
    )
    .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let edited = overview(&instructor, &mini).await;
    assert!(spot_times(&edited, 0)[0].starts_with("14:00"));

    let removed = instructor
        .call(
            "remove_mini_date",
            &[("session_type_id", &mini), ("date", &second)],
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(
        overview(&instructor, &mini).await["dates"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

async fn bad_date_settings_are_named_next_to_their_fields(app: TestApp) {
    let instructor = app.instructor_with_studio(SLUG, "America/New_York").await;
    let mini = create_mini(&instructor, "Spring minis").await;
    let nonsense = save_date(
        &instructor,
        &mini,
        &[
            ("date", "someday"),
            ("start", "9am"),
            ("spots", "0"),
            ("spot_minutes", "2"),
            ("gap_minutes", "-1"),
        ],
    )
    .await;
    assert_eq!(nonsense.status, 422, "{}", nonsense.body);
    for field in ["date", "start", "spots", "spot_minutes", "gap_minutes"] {
        assert!(
            nonsense.field_message(field).is_some(),
            "{field}: {}",
            nonsense.body
        );
    }
    let past_midnight = save_date(
        &instructor,
        &mini,
        &[
            ("date", &days_from_today("America/New_York", 9)),
            ("start", "23:00"),
            ("spots", "6"),
            ("spot_minutes", "30"),
        ],
    )
    .await;
    assert_eq!(past_midnight.status, 422, "{}", past_midnight.body);
    assert_eq!(
        past_midnight.field_message("spots").as_deref(),
        Some("The spots run past midnight; start earlier or offer fewer.")
    );
    let untitled = instructor
        .call("create_mini_session", &[("name", "  ")])
        .await;
    assert_eq!(untitled.status, 422, "{}", untitled.body);
    assert!(
        untitled.field_message("name").is_some(),
        "{}",
        untitled.body
    );
    let no_dates = instructor
        .call(
            "set_mini_visibility",
            &[("session_type_id", &mini), ("visibility", "shared")],
        )
        .await;
    assert_eq!(no_dates.status, 409, "{}", no_dates.body);
    assert!(
        no_dates.body.contains("Add a date first"),
        "{}",
        no_dates.body
    );
}

async fn a_shared_mini_lists_its_open_spots_and_a_hold_shows_as_booking(app: TestApp) {
    let (instructor, mini, _, share) = shared_mini(&app, "3", false).await;
    let client = app.visitor();
    let listed = open_spots(&client, &mini, &share).await;
    let open = starts(&listed);
    assert_eq!(open.len(), 3);
    let held = hold(&client, &mini, &open[1], &share).await;
    assert_eq!(held.status, 200, "{}", held.body);
    assert_eq!(
        spot_statuses(&overview(&instructor, &mini).await, 0),
        ["Open", "Booking", "Open"]
    );
    assert_eq!(
        starts(&open_spots(&app.visitor(), &mini, &share).await).len(),
        2
    );
    let without_link = app
        .visitor()
        .call("mini_spots", &[("slug", SLUG), ("session_type_id", &mini)])
        .await;
    assert_eq!(
        without_link.status, 404,
        "a shared mini is not listed: {}",
        without_link.body
    );

    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(
        spot_statuses(&overview(&instructor, &mini).await, 0),
        ["Open"; 3],
        "the hold ran out and the spot is open again"
    );
    assert_eq!(
        starts(&open_spots(&app.visitor(), &mini, &share).await).len(),
        3
    );
}

async fn fifty_clients_racing_for_one_spot_leave_one_hold(app: TestApp) {
    let (instructor, mini, _, share) = shared_mini(&app, "2", false).await;
    let first = starts(&open_spots(&app.visitor(), &mini, &share).await)[0].clone();
    let clients: Vec<Client> = (0..8).map(|_| app.visitor()).collect();
    let attempts =
        join_all((0..50).map(|racer| hold(&clients[racer % 8], &mini, &first, &share))).await;
    let held = attempts.iter().filter(|reply| reply.status == 200).count();
    assert_eq!(held, 1, "exactly one client holds the spot");
    for refused in attempts.iter().filter(|reply| reply.status != 200) {
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert!(
            refused.body.contains("no longer available"),
            "{}",
            refused.body
        );
    }
    assert_eq!(
        spot_statuses(&overview(&instructor, &mini).await, 0),
        ["Booking", "Open"]
    );
}

async fn a_same_start_date_of_five_seats_takes_exactly_five(app: TestApp) {
    let (instructor, mini, _, share) = shared_mini(&app, "5", true).await;
    let class = starts(&open_spots(&app.visitor(), &mini, &share).await);
    assert_eq!(class.len(), 1, "one start for everyone");
    let clients: Vec<Client> = (0..8).map(|_| app.visitor()).collect();
    let attempts =
        join_all((0..50).map(|racer| hold(&clients[racer % 8], &mini, &class[0], &share))).await;
    assert_eq!(
        attempts.iter().filter(|reply| reply.status == 200).count(),
        5
    );
    assert!(
        attempts
            .iter()
            .filter(|reply| reply.status != 200)
            .all(|reply| reply.status == 409 && reply.body.contains("full")),
        "the others are told the session is full"
    );
    assert_eq!(
        overview(&instructor, &mini).await["dates"][0]["spots"][0]["status"],
        "Booking"
    );
    assert!(starts(&open_spots(&app.visitor(), &mini, &share).await).is_empty());
}

async fn a_reserved_spot_is_held_only_through_its_direct_link(app: TestApp) {
    let (instructor, mini, date, share) = shared_mini(&app, "3", false).await;
    let reserved = instructor
        .call(
            "reserve_spot",
            &[
                ("session_type_id", &mini),
                ("date", &date),
                ("spot", "2"),
                ("note", "The Jones family"),
                ("discount", "10%"),
            ],
        )
        .await;
    assert_eq!(reserved.status, 200, "{}", reserved.body);
    let laid_out = overview(&instructor, &mini).await;
    assert_eq!(spot_statuses(&laid_out, 0), ["Open", "Reserved", "Open"]);
    let reservation = &laid_out["dates"][0]["spots"][1]["reservation"];
    assert_eq!(reservation["discount"], "10% off");
    assert_eq!(reservation["note"], "The Jones family");
    let link = reservation["link"]
        .as_str()
        .expect("direct link")
        .to_owned();
    let token = link.split("share=").nth(1).expect("token").to_owned();

    let everyone = open_spots(&app.visitor(), &mini, &share).await;
    let public_starts = starts(&everyone);
    assert_eq!(
        public_starts.len(),
        2,
        "the reserved spot is not offered to others"
    );
    let reserved_start = {
        let with_link = open_spots(&app.visitor(), &mini, &token).await;
        assert!(with_link["reserved_for_you"].is_string(), "{with_link}");
        let spots = with_link["dates"][0]["spots"]
            .as_array()
            .expect("spots")
            .clone();
        spots
            .iter()
            .find(|spot| spot["reserved_for_you"] == true)
            .expect("the reserved spot")["start"]
            .as_str()
            .expect("start")
            .to_owned()
    };
    let refused = hold(&app.visitor(), &mini, &reserved_start, &share).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("reserved for a client"),
        "{}",
        refused.body
    );
    let guessed = hold(
        &app.visitor(),
        &mini,
        &reserved_start,
        "reserved-made-up-token",
    )
    .await;
    assert_eq!(guessed.status, 404, "{}", guessed.body);

    let through_link = hold(&app.visitor(), &mini, &reserved_start, &token).await;
    assert_eq!(through_link.status, 200, "{}", through_link.body);
    let again = hold(&app.visitor(), &mini, &reserved_start, &token).await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("already been booked"), "{}", again.body);
    let used = overview(&instructor, &mini).await;
    assert_eq!(used["dates"][0]["spots"][1]["status"], "Booking");
    assert_eq!(used["dates"][0]["spots"][1]["reservation"]["used"], true);

    let second_reservation = instructor
        .call(
            "reserve_spot",
            &[("session_type_id", &mini), ("date", &date), ("spot", "2")],
        )
        .await;
    assert_eq!(
        second_reservation.status, 422,
        "{}",
        second_reservation.body
    );
    assert_eq!(
        second_reservation.field_message("spot").as_deref(),
        Some("That spot is already reserved.")
    );
    let bad_discount = instructor
        .call(
            "reserve_spot",
            &[
                ("session_type_id", &mini),
                ("date", &date),
                ("spot", "3"),
                ("discount", "lots"),
            ],
        )
        .await;
    assert_eq!(bad_discount.status, 422, "{}", bad_discount.body);
    assert!(
        bad_discount.field_message("discount").is_some(),
        "{}",
        bad_discount.body
    );

    let id = used["dates"][0]["spots"][1]["reservation"]["id"].to_string();
    let removed = instructor
        .call(
            "remove_reservation",
            &[("session_type_id", &mini), ("reservation_id", &id)],
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    let dead_link = open_spots_reply(&app.visitor(), &mini, &token).await;
    assert_eq!(dead_link.status, 404, "{}", dead_link.body);
    assert!(
        dead_link.body.contains("reservation was removed"),
        "{}",
        dead_link.body
    );
}

async fn open_spots_reply(client: &Client, mini: &str, token: &str) -> support::Reply {
    client
        .call(
            "mini_spots",
            &[("slug", SLUG), ("session_type_id", mini), ("share", token)],
        )
        .await
}

async fn a_date_with_a_booking_keeps_its_booked_spot(app: TestApp) {
    let (instructor, mini, date, share) = shared_mini(&app, "3", false).await;
    let open = starts(&open_spots(&app.visitor(), &mini, &share).await);
    let held = hold(&app.visitor(), &mini, &open[0], &share).await;
    assert_eq!(held.status, 200, "{}", held.body);
    let removed = instructor
        .call(
            "remove_mini_date",
            &[("session_type_id", &mini), ("date", &date)],
        )
        .await;
    assert_eq!(removed.status, 409, "{}", removed.body);
    let moved_start = save_date(
        &instructor,
        &mini,
        &[
            ("replacing", &date),
            ("date", &date),
            ("start", "10:00"),
            ("spots", "3"),
            ("spot_minutes", "20"),
        ],
    )
    .await;
    assert_eq!(moved_start.status, 409, "{}", moved_start.body);
    let more_spots = save_date(
        &instructor,
        &mini,
        &[
            ("replacing", &date),
            ("date", &date),
            ("start", "09:00"),
            ("spots", "5"),
            ("spot_minutes", "20"),
            ("gap_minutes", "10"),
        ],
    )
    .await;
    assert_eq!(
        more_spots.status, 200,
        "adding spots keeps the booked one: {}",
        more_spots.body
    );
}

async fn another_studio_and_a_signed_out_caller_cannot_touch_a_mini(app: TestApp) {
    let (_, mini, date, _) = shared_mini(&app, "3", false).await;
    let other = app.instructor_with_studio("other-studio", "UTC").await;
    let signed_out = app.visitor();
    for caller in [&other, &signed_out] {
        for (endpoint, form) in [
            ("mini_overview", vec![("id", mini.as_str())]),
            (
                "save_mini_date",
                vec![
                    ("session_type_id", mini.as_str()),
                    ("date", date.as_str()),
                    ("start", "08:00"),
                    ("spots", "1"),
                    ("spot_minutes", "20"),
                ],
            ),
            (
                "remove_mini_date",
                vec![("session_type_id", mini.as_str()), ("date", date.as_str())],
            ),
            (
                "reserve_spot",
                vec![
                    ("session_type_id", mini.as_str()),
                    ("date", date.as_str()),
                    ("spot", "1"),
                ],
            ),
            (
                "set_mini_visibility",
                vec![
                    ("session_type_id", mini.as_str()),
                    ("visibility", "published"),
                ],
            ),
        ] {
            let reply = caller.call(endpoint, &form).await;
            assert!(
                matches!(reply.status, 401 | 404),
                "{endpoint} answered {}: {}",
                reply.status,
                reply.body
            );
        }
    }
}

async fn a_client_books_a_spot_on_the_booking_page_and_the_spot_shows_booked(app: TestApp) {
    let (instructor, mini, date, share) = shared_mini(&app, "3", false).await;
    let client = app.visitor();
    let calendar = client
        .call(
            "booking_options",
            &[
                ("slug", SLUG),
                ("session_type_id", &mini),
                ("share", &share),
            ],
        )
        .await;
    assert_eq!(calendar.status, 200, "{}", calendar.body);
    let month = calendar.json();
    let with_spots: Vec<&str> = month["month"]["days"]
        .as_array()
        .expect("days")
        .iter()
        .filter(|day| day["free_slots"].as_u64() > Some(0))
        .map(|day| day["date"].as_str().expect("date"))
        .collect();
    assert_eq!(
        with_spots,
        [date.as_str()],
        "the calendar opens on the mini's month, its one date open"
    );
    assert_eq!(month["session_type"]["duration_label"], "20-minute spots");
    let day = booking_page_on(&client, &mini, &share, &date).await.json();
    let times: Vec<&str> = day["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|slot| slot["time_label"].as_str().expect("time"))
        .collect();
    assert_eq!(times, ["09:00", "09:30", "10:00"]);
    let start = day["slots"][2]["start"].as_str().expect("start").to_owned();
    let held = hold_picked(&client, &mini, &start, &share).await;
    assert_eq!(held.status, 200, "{}", held.body);
    let link = link_of(&held);
    let completed = client
        .call(
            "complete_booking",
            &[
                ("link", &link),
                ("student_name", "Maya Jones"),
                ("student_email", "maya@example.com"),
            ],
        )
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let page = client.booking_page(&link).await;
    assert_eq!(page["status"], "confirmed");
    assert_eq!(page["place"], "Rose garden", "the date's own location");
    assert_eq!(
        spot_statuses(&overview(&instructor, &mini).await, 0),
        ["Open", "Open", "Booked"]
    );
    let off_the_grid = hold_picked(&client, &mini, &format!("{date}T09:10:00Z"), &share).await;
    assert_eq!(off_the_grid.status, 409, "{}", off_the_grid.body);
    assert!(
        off_the_grid.body.contains("no spot at that time"),
        "{}",
        off_the_grid.body
    );
}

/// Saves the mini's session details: $150 a spot, link only, with `extra` fields.
async fn save_details(instructor: &Client, mini: &str, extra: &[(&str, &str)]) {
    let mut form = vec![
        ("session_type_id", mini),
        ("name", "Fall minis"),
        ("description", "Twenty minutes in the rose garden."),
        ("duration_minutes", "30"),
        ("capacity", "1"),
        ("price", "150"),
        ("status", "active"),
        ("access_level", "private"),
    ];
    form.extend_from_slice(extra);
    let saved = instructor.call("update_session_type", &form).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
}

/// A shared mini of three spots at $150 each, link only, paid at the session.
async fn priced_mini(app: &TestApp) -> (Client, String, String) {
    let (instructor, mini, date, _) = shared_mini(app, "3", false).await;
    instructor.offer_payment_methods(&["pay_at_session"]).await;
    save_details(&instructor, &mini, &[]).await;
    assert_eq!(
        overview(&instructor, &mini).await["dates"][0]["spots"]
            .as_array()
            .map(Vec::len),
        Some(3),
        "saving the details keeps the dates"
    );
    (instructor, mini, date)
}

async fn a_reserved_spots_discount_is_kept_with_its_booking(app: TestApp) {
    let (instructor, mini, date) = priced_mini(&app).await;
    let reserved = instructor
        .call(
            "reserve_spot",
            &[
                ("session_type_id", &mini),
                ("date", &date),
                ("spot", "1"),
                ("discount", "10%"),
            ],
        )
        .await;
    assert_eq!(reserved.status, 200, "{}", reserved.body);
    let link = overview(&instructor, &mini).await["dates"][0]["spots"][0]["reservation"]["link"]
        .as_str()
        .expect("link")
        .to_owned();
    let token = link.split("share=").nth(1).expect("token").to_owned();
    let client = app.visitor();
    // The direct link opens the mini's own booking page, whose calendar and hold carry it on.
    let day = booking_page_on(&client, &mini, &token, &date).await;
    assert_eq!(day.status, 200, "{}", day.body);
    let day = day.json();
    assert_eq!(
        day["share"],
        token.as_str(),
        "the page keeps the link for its next steps"
    );
    assert_eq!(
        day["slots"].as_array().map(Vec::len),
        Some(3),
        "the reserved spot is offered too"
    );
    let start = day["slots"][0]["start"].as_str().expect("start").to_owned();
    let held = hold_picked(&client, &mini, &start, &token).await;
    assert_eq!(held.status, 200, "{}", held.body);
    let completed = client
        .call(
            "complete_booking",
            &[
                ("link", &link_of(&held)),
                ("student_name", "Ann Jones"),
                ("student_email", "ann@example.com"),
                ("payment_method", "at_session"),
            ],
        )
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let listed = instructor.call("bookings", &[]).await.json();
    let id = listed[0]["id"].as_i64().expect("booking id");
    let booking = app
        .store()
        .await
        .booking_by_id(id)
        .await
        .expect("query")
        .expect("booking");
    let price = booking.price.expect("price kept");
    assert_eq!(price.total.minor_units(), 13_500);
    let discount = price.discount.expect("discount kept");
    assert_eq!(discount.amount.minor_units(), 1_500);
    assert_eq!(discount.reason.label(), "Reserved spot discount");
}

async fn a_reserved_spot_paid_outside_is_booked_without_a_way_to_pay(app: TestApp) {
    let (instructor, mini, date) = priced_mini(&app).await;
    let reserved = instructor
        .call(
            "reserve_spot",
            &[
                ("session_type_id", &mini),
                ("date", &date),
                ("spot", "2"),
                ("pay_outside", "on"),
            ],
        )
        .await;
    assert_eq!(reserved.status, 200, "{}", reserved.body);
    let spot = &overview(&instructor, &mini).await["dates"][0]["spots"][1]["reservation"];
    assert_eq!(spot["pay_outside"], true);
    let token = spot["link"]
        .as_str()
        .and_then(|link| link.split("share=").nth(1))
        .expect("token")
        .to_owned();
    let client = app.visitor();
    let held = hold_nth_spot(&client, &mini, &token, &date, 1).await;
    let link = link_of(&held);
    books_without_paying(&client, &link).await;
}

async fn a_minis_own_email_text_words_its_clients_confirmation(app: TestApp) {
    let (instructor, mini, date, share) = shared_mini(&app, "3", false).await;
    let editor = instructor
        .call("message_template_editor", &[("id", &mini), ("kind", "")])
        .await;
    assert_eq!(editor.status, 200, "{}", editor.body);
    assert_eq!(
        editor.json()["back_link"],
        format!("/dashboard/minis/{mini}"),
        "the mini's emails lead back to its overview"
    );
    let worded = instructor
        .call(
            "edit_message_template",
            &[
                ("id", &mini),
                ("kind", "confirmation"),
                ("subject", "Your mini in the {location}, {student_name}"),
                ("body", "Wear something cosy: we shoot outdoors."),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(worded.status, 200, "{}", worded.body);
    let client = app.visitor();
    let held = hold_nth_spot(&client, &mini, &share, &date, 0).await;
    let completed = client
        .call(
            "complete_booking",
            &[
                ("link", &link_of(&held)),
                ("student_name", "Maya Jones"),
                ("student_email", "maya@example.com"),
            ],
        )
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let mails = app.mails(2).await;
    let clients = mails
        .iter()
        .find(|mail| mail.to == "maya@example.com")
        .expect("the client's confirmation");
    assert_eq!(clients.subject, "Your mini in the Rose garden, Maya Jones");
    assert!(
        clients
            .text
            .contains("Wear something cosy: we shoot outdoors."),
        "{}",
        clients.text
    );
}

async fn set_visibility(instructor: &Client, mini: &str, visibility: &str) {
    let set = instructor
        .call(
            "set_mini_visibility",
            &[("session_type_id", mini), ("visibility", visibility)],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
}

async fn a_published_mini_is_on_the_studios_bio_link_until_it_is_unpublished(app: TestApp) {
    let (instructor, mini, date, _) = shared_mini(&app, "3", false).await;
    let bio_link = format!("/bio/{SLUG}");
    let link_to_mini = format!("href=\"/s/{SLUG}/{mini}\"");
    let shared_only = app.visitor().get(&bio_link).await;
    assert_eq!(shared_only.status, 200, "{}", shared_only.body);
    assert!(
        !shared_only.body.contains(&link_to_mini),
        "a mini shared by link only stays off the Bio Link: {}",
        shared_only.body
    );
    assert!(
        shared_only
            .body
            .contains("Nothing is open for booking right now.")
    );

    set_visibility(&instructor, &mini, "published").await;
    let mini_overview = overview(&instructor, &mini).await;
    assert!(
        mini_overview["bio_link_url"]
            .as_str()
            .is_some_and(|url| url.ends_with(&bio_link)),
        "{mini_overview}"
    );
    let published = app.visitor().get(&bio_link).await;
    assert_eq!(published.status, 200, "{}", published.body);
    let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").expect("date");
    for expected in [
        link_to_mini.clone(),
        "Fall minis".to_owned(),
        day.format("%A %-d %B").to_string(),
    ] {
        assert!(
            published.body.contains(&expected),
            "{expected} missing from {}",
            published.body
        );
    }
    assert!(
        !published.body.contains("<script"),
        "the Bio Link runs no script"
    );

    set_visibility(&instructor, &mini, "shared").await;
    let unpublished = app.visitor().get(&bio_link).await;
    assert!(
        !unpublished.body.contains(&link_to_mini),
        "{}",
        unpublished.body
    );
    let nowhere = app.visitor().get("/bio/no-such-studio").await;
    assert_eq!(nowhere.status, 404, "{}", nowhere.body);
}

async fn the_instructors_client_view_booking_is_a_preview_and_not_a_sale(app: TestApp) {
    let (instructor, mini, date) = priced_mini(&app).await;
    let share = overview(&instructor, &mini).await["client_view_url"]
        .as_str()
        .and_then(|url| url.split("share=").nth(1))
        .expect("Client View opens the share link")
        .to_owned();
    let day = booking_page_on(&instructor, &mini, &share, &date)
        .await
        .json();
    assert!(
        day["notice"]
            .as_str()
            .is_some_and(|notice| notice.starts_with("Preview:")),
        "the steps say they are a preview: {day}"
    );
    let start = day["slots"][0]["start"].as_str().expect("start").to_owned();
    let held = hold_picked(&instructor, &mini, &start, &share).await;
    assert_eq!(held.status, 200, "{}", held.body);
    assert_eq!(
        spot_statuses(&overview(&instructor, &mini).await, 0),
        ["Booking", "Open", "Open"],
        "a preview holds its spot like a client's hold"
    );
    let link = link_of(&held);
    let form = instructor.booking_page(&link).await;
    assert!(
        form["notice"]
            .as_str()
            .is_some_and(|notice| notice.starts_with("Preview:")),
        "{form}"
    );
    let completed = instructor
        .call(
            "complete_booking",
            &[
                ("link", &link),
                ("student_name", "Test Client"),
                ("student_email", "test@example.com"),
                ("payment_method", "at_session"),
            ],
        )
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let page = instructor.booking_page(&link).await;
    assert_eq!(
        page["status"], "confirmed",
        "it reads as the client's confirmation"
    );
    assert_eq!(page["can_change"], false);
    assert_eq!(
        page["student_email"], "test@example.com",
        "filled in as a client would, not under the instructor's account"
    );
    assert!(
        page["notice"]
            .as_str()
            .is_some_and(|notice| notice.starts_with("Preview booking:")),
        "{page}"
    );
    assert_eq!(
        spot_statuses(&overview(&instructor, &mini).await, 0),
        ["Open"; 3],
        "the spot is free again for clients"
    );
    let listed = instructor
        .call("bookings", &[("status", "cancelled")])
        .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let listed = listed.json();
    assert_eq!(listed[0]["preview"], true, "marked as a preview: {listed}");
    assert!(
        app.mails_after_a_while().await.is_empty(),
        "a preview sends no email"
    );

    let client = app.visitor();
    let clients_day = booking_page_on(&client, &mini, &share, &date).await.json();
    assert_eq!(
        clients_day["notice"],
        Value::Null,
        "clients see no preview banner"
    );
    let clients_hold = hold_picked(&client, &mini, &start, &share).await;
    assert_eq!(clients_hold.status, 200, "{}", clients_hold.body);
    let clients_form = client.booking_page(&link_of(&clients_hold)).await;
    assert_eq!(clients_form["notice"], Value::Null);

    set_visibility(&instructor, &mini, "draft").await;
    let draft = booking_page_on(&instructor, &mini, &share, &date).await;
    assert_eq!(
        draft.status, 200,
        "Client View previews a draft: {}",
        draft.body
    );
    let closed = booking_page_on(&app.visitor(), &mini, &share, &date).await;
    assert_eq!(
        closed.status, 404,
        "clients cannot open a draft: {}",
        closed.body
    );
}

/// The priced mini with a contract and one question of its own; one client booked at spot 2,
/// signed and answered. Answers the booking's id.
async fn mini_with_a_signed_client(app: &TestApp) -> (Client, String, String, i64) {
    let (instructor, mini, date) = priced_mini(app).await;
    let contract = instructor
        .call(
            "save_library_form",
            &[
                ("kind", "contract"),
                ("title", "Mini release"),
                ("body", "I, {student_name}, book {session_name} on {date}."),
            ],
        )
        .await;
    assert!(contract.status < 400, "{}", contract.body);
    let contract_id = instructor.call("forms_library", &[]).await.json()[0]["id"].to_string();
    save_details(
        &instructor,
        &mini,
        &[
            ("contract_id", &contract_id),
            ("questions[0][prompt]", "Outfit colours?"),
            ("questions[0][kind]", "short_text"),
        ],
    )
    .await;
    let share = overview(&instructor, &mini).await["share_url"]
        .as_str()
        .and_then(|url| url.split("share=").nth(1))
        .expect("share")
        .to_owned();
    let client = app.visitor();
    let held = hold_nth_spot(&client, &mini, &share, &date, 1).await;
    let link = link_of(&held);
    let version = client.booking_page(&link).await["hold"]["questions_version"]
        .as_str()
        .expect("version")
        .to_owned();
    let completed = client
        .call(
            "complete_booking",
            &[
                ("link", &link),
                ("student_name", "Maya Jones"),
                ("student_email", "maya@example.com"),
                ("payment_method", "at_session"),
                ("questions_version", &version),
                ("answers[0]", "Rust and cream"),
                ("contract_name", "Maya Jones"),
                ("contract_agreed", "yes"),
            ],
        )
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let id = instructor.call("bookings", &[]).await.json()[0]["id"]
        .as_i64()
        .expect("booking id");
    (instructor, mini, date, id)
}

async fn roster(instructor: &Client, mini: &str, date: &str) -> Value {
    let reply = instructor
        .call("mini_roster", &[("id", mini), ("date", date)])
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// (spot, client or "", status) of each row.
fn roster_rows(roster: &Value) -> Vec<(u64, String, String)> {
    roster["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            (
                row["spot"].as_u64().expect("spot"),
                row["booking"]["client"].as_str().unwrap_or("").to_owned(),
                row["status"].as_str().expect("status").to_owned(),
            )
        })
        .collect()
}

async fn a_dates_roster_shows_each_client_with_their_payment_and_forms(app: TestApp) {
    let (instructor, mini, date, id) = mini_with_a_signed_client(&app).await;
    let listed = roster(&instructor, &mini, &date).await;
    assert_eq!(
        roster_rows(&listed),
        [
            (1, String::new(), "Open".to_owned()),
            (2, "Maya Jones".to_owned(), "Confirmed".to_owned()),
            (3, String::new(), "Open".to_owned()),
        ]
    );
    let booked = &listed["rows"][1]["booking"];
    assert_eq!(booked["id"], id);
    assert_eq!(booked["email"], "maya@example.com");
    assert_eq!(booked["contract"], "Signed");
    assert_eq!(booked["questionnaire"], "Answered");
    assert!(
        booked["payment"]
            .as_str()
            .is_some_and(|payment| payment.ends_with(" · $150.00 owed")),
        "{booked}"
    );
    assert_eq!(listed["rows"][0]["time"], "09:00–09:20 UTC");
    assert_eq!(listed["location"], "Rose garden");

    let no_date = instructor
        .call("mini_roster", &[("id", &mini), ("date", "2001-01-01")])
        .await;
    assert_eq!(no_date.status, 404, "{}", no_date.body);
    let bad_date = instructor
        .call("mini_roster", &[("id", &mini), ("date", "soon")])
        .await;
    assert_eq!(bad_date.status, 400, "{}", bad_date.body);
    let stranger = app.instructor_with_studio("other-studio", "UTC").await;
    let hidden = stranger
        .call("mini_roster", &[("id", &mini), ("date", &date)])
        .await;
    assert_eq!(hidden.status, 404, "{}", hidden.body);
}

async fn move_to(instructor: &Client, booking: i64, start: &str) -> support::Reply {
    instructor
        .call(
            "move_booking",
            &[("id", &booking.to_string()), ("start", start)],
        )
        .await
}

async fn a_client_moved_to_another_spot_keeps_their_booking_and_both_are_emailed(app: TestApp) {
    let (instructor, mini, date, id) = mini_with_a_signed_client(&app).await;
    let options = instructor
        .call("move_options", &[("id", &id.to_string()), ("date", &date)])
        .await;
    assert_eq!(options.status, 200, "{}", options.body);
    let options = options.json();
    let times: Vec<&str> = options["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|slot| slot["time_label"].as_str().expect("time"))
        .collect();
    assert_eq!(times, ["09:00", "09:30", "10:00"], "the mini's spots");
    let moved = move_to(&instructor, id, &format!("{date}T10:00:00Z")).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(
        roster_rows(&roster(&instructor, &mini, &date).await),
        [
            (1, String::new(), "Open".to_owned()),
            (2, String::new(), "Open".to_owned()),
            (3, "Maya Jones".to_owned(), "Confirmed".to_owned()),
        ]
    );
    let listed = roster(&instructor, &mini, &date).await;
    let kept = &listed["rows"][2]["booking"];
    assert_eq!(kept["id"], id, "the same booking, moved");
    assert_eq!(kept["contract"], "Signed");
    assert_eq!(kept["questionnaire"], "Answered");
    app.emails_once_one_contains("Moved: Maya Jones").await;
    let mut moved_to: Vec<String> = app
        .emails_once_one_contains("Moved: Fall minis")
        .await
        .iter()
        .filter(|mail| mail.contains("\nMoved: "))
        .map(|mail| mail.lines().next().unwrap_or_default().to_owned())
        .collect();
    moved_to.sort();
    assert_eq!(moved_to.len(), 2, "one email to each side: {moved_to:?}");
    assert!(
        moved_to.contains(&"To: maya@example.com".to_owned()),
        "{moved_to:?}"
    );

    let off_grid = move_to(&instructor, id, &format!("{date}T09:10:00Z")).await;
    assert_eq!(off_grid.status, 409, "{}", off_grid.body);

    let cancelled = instructor
        .call(
            "cancel_booking",
            &[
                ("id", &id.to_string()),
                ("message", "The garden is closed."),
            ],
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(
        spot_statuses(&overview(&instructor, &mini).await, 0),
        ["Open"; 3],
        "a cancelled client's spot is open again"
    );
}

async fn a_mini_collecting_payment_outside_is_booked_without_a_way_to_pay(app: TestApp) {
    let (instructor, mini, date) = priced_mini(&app).await;
    save_details(&instructor, &mini, &[("collect_outside", "on")]).await;
    let settings = instructor
        .call("session_type_settings", &[("id", &mini)])
        .await
        .json();
    assert_eq!(
        settings["collect_outside"], "on",
        "the box stays ticked: {settings}"
    );
    let share = overview(&instructor, &mini).await["share_url"]
        .as_str()
        .and_then(|url| url.split("share=").nth(1))
        .expect("share")
        .to_owned();
    let client = app.visitor();
    let link = link_of(&hold_nth_spot(&client, &mini, &share, &date, 0).await);
    books_without_paying(&client, &link).await;
}

/// Completes the held form without a way to pay, as a fee collected outside Bookable does.
async fn books_without_paying(client: &Client, link: &str) {
    let form = client.booking_page(link).await;
    assert_eq!(
        form["hold"]["payment_choices"],
        serde_json::json!([]),
        "nothing to choose: the studio collects the payment"
    );
    assert_eq!(form["price_label"], "$150.00, paid to the studio directly");
    let completed = client
        .call(
            "complete_booking",
            &[
                ("link", link),
                ("student_name", "Ann Jones"),
                ("student_email", "ann@example.com"),
            ],
        )
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let page = client.booking_page(link).await;
    assert_eq!(page["status"], "confirmed");
    assert_eq!(page["price_label"], "$150.00, paid to the studio directly");
    assert_eq!(page["payment_label"], Value::Null, "nothing to pay online");
}
