//! The student's booking flow against the real server: access levels, holds, payment choice,
//! the booking's signed link (view, calendar, cancel, reschedule) and member sign-in.

mod support;

use serde_json::Value;
use support::{Backend, Client, TestApp, day_after_tomorrow, decoded_email, link_of};

/// A studio open around the clock, with one Active type of `capacity` and `fields`.
async fn studio_with_type(app: &TestApp, fields: &[(&str, &str)]) -> (Client, String) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = instructor.session_type_with(fields).await;
    (instructor, id)
}

async fn hold(student: &Client, id: &str, start: &str, share: Option<&str>) -> support::Reply {
    let mut form = vec![
        ("slug", "maple-yoga"),
        ("session_type_id", id),
        ("start", start),
    ];
    if let Some(share) = share {
        form.push(("share", share));
    }
    student.call("hold_slot", &form).await
}

fn start_at(hour: u32) -> String {
    format!("{}T{hour:02}:00:00Z", day_after_tomorrow("UTC"))
}

async fn slot_starts(student: &Client, id: &str, share: Option<&str>) -> Vec<String> {
    let date = day_after_tomorrow("UTC");
    let mut form = vec![
        ("slug", "maple-yoga"),
        ("session_type_id", id),
        ("date", date.as_str()),
    ];
    if let Some(share) = share {
        form.push(("share", share));
    }
    let reply = student.call("booking_options", &form).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["slots"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|slot| slot["start"].as_str().map(str::to_owned))
        .collect()
}

async fn a_hold_takes_the_seat_until_the_student_completes_the_form(app: TestApp) {
    let (_, id) = studio_with_type(&app, &[]).await;
    let student = app.visitor();
    let start = start_at(10);
    let held = hold(&student, &id, &start, None).await;
    assert_eq!(held.status, 200, "{}", held.body);
    let link = link_of(&held);
    assert!(
        !slot_starts(&app.visitor(), &id, None)
            .await
            .contains(&start),
        "the held time is not offered to others"
    );
    let page = student.booking_page(&link).await;
    assert_eq!(page["status"], "held");
    let seconds = page["hold"]["seconds_left"].as_i64().expect("seconds");
    assert!((890..=900).contains(&seconds), "{seconds}");
    assert_eq!(
        student.booking_page(&link).await["status"],
        "held",
        "reloading keeps the hold"
    );
    let other = hold(&app.visitor(), &id, &start, None).await;
    assert_eq!(other.status, 409, "{}", other.body);
    assert!(other.body.contains("no longer available"), "{}", other.body);

    let completed = student
        .call(
            "complete_booking",
            &[
                ("link", &link),
                ("student_name", "Ada"),
                ("student_email", "ada@example.com"),
            ],
        )
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let page = student.booking_page(&link).await;
    assert_eq!(page["status"], "confirmed");
    assert_eq!(page["student_name"], "Ada");
    assert_eq!(page["payment_label"], "Pay at the session (cash)");
    let email = decoded_email(&app.emails(1).await.join("\n"));
    assert!(
        email.contains(&format!("{}/booking/{link}", app.base_url)),
        "the confirmation email carries the booking's link: {email}"
    );
}

async fn an_expired_hold_releases_the_seat_and_is_refused_clearly(app: TestApp) {
    let (_, id) = studio_with_type(&app, &[]).await;
    let student = app.visitor();
    let start = start_at(11);
    let link = link_of(&hold(&student, &id, &start, None).await);
    app.clock.advance(chrono::Duration::seconds(3));
    assert!(
        slot_starts(&app.visitor(), &id, None)
            .await
            .contains(&start),
        "the time is offered again once the hold ran out"
    );
    assert_eq!(student.booking_page(&link).await["status"], "expired");
    let late = student
        .call(
            "complete_booking",
            &[
                ("link", &link),
                ("student_name", "Ada"),
                ("student_email", "ada@example.com"),
            ],
        )
        .await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.body.contains("hold ran out"), "{}", late.body);
    let again = hold(&app.visitor(), &id, &start, None).await;
    assert_eq!(
        again.status, 200,
        "someone else can hold it: {}",
        again.body
    );
}

async fn the_student_chooses_among_the_studios_payment_methods(app: TestApp) {
    let (instructor, id) = studio_with_type(&app, &[]).await;
    let saved = instructor
        .call(
            "save_offerings",
            &[
                ("personal_sessions", "on"),
                ("show_on_landing", "on"),
                ("default_access_level", "public"),
                ("pay_at_session", "on"),
                ("pay_by_check", "on"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let student = app.visitor();
    let link = link_of(&hold(&student, &id, &start_at(9), None).await);
    let page = student.booking_page(&link).await;
    assert_eq!(
        page["hold"]["payment_choices"],
        serde_json::json!([
            {"value": "at_session", "label": "Pay at the session (cash)", "detail": ""},
            {"value": "by_check", "label": "Check by mail", "detail": ""}
        ])
    );
    let details = |method: &'static str| {
        [
            ("link", link.as_str()),
            ("student_name", "Ada"),
            ("student_email", "ada@example.com"),
            ("payment_method", method),
        ]
    };
    for bad in ["", "stripe"] {
        let refused = student.call("complete_booking", &details(bad)).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(
            refused.field_message("payment_method").as_deref(),
            Some("Choose how you will pay.")
        );
    }
    let completed = student.call("complete_booking", &details("by_check")).await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let page = student.booking_page(&link).await;
    assert_eq!(page["status"], "payment_pending");
    assert_eq!(page["payment_label"], "Check by mail");
}

async fn a_members_only_type_is_hidden_and_refused_unless_a_member_signs_in(app: TestApp) {
    let (instructor, id) = studio_with_type(
        &app,
        &[
            ("name", "Members Flow"),
            ("access_level", "members_only"),
            ("price", "40"),
            ("non_member_price", "55"),
        ],
    )
    .await;
    instructor
        .call(
            "add_member",
            &[("name", "Ada"), ("email", "ada@example.com")],
        )
        .await;
    let guest = app.visitor();
    let studio = guest
        .call("public_studio", &[("slug", "maple-yoga")])
        .await
        .json();
    assert_eq!(studio["session_types"], serde_json::json!([]));
    assert_eq!(studio["members_only_hidden"], true);
    let page = guest.get("/s/maple-yoga?view=sessions").await;
    assert!(
        !page.body.contains("Members Flow"),
        "the type's details stay hidden"
    );
    let refused = guest
        .call(
            "booking_options",
            &[("slug", "maple-yoga"), ("session_type_id", &id)],
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("members only"), "{}", refused.body);
    assert_eq!(hold(&guest, &id, &start_at(9), None).await.status, 403);

    let stranger = app.signed_in_student("bob@example.com").await;
    assert_eq!(hold(&stranger, &id, &start_at(9), None).await.status, 403);

    let ada = app.signed_in_student("ada@example.com").await;
    let studio = ada
        .call("public_studio", &[("slug", "maple-yoga")])
        .await
        .json();
    assert_eq!(studio["session_types"][0]["name"], "Members Flow");
    assert_eq!(
        studio["session_types"][0]["price_label"],
        "$40.00 (member price)"
    );
    assert_eq!(studio["is_member"], true);
    let held = hold(&ada, &id, &start_at(9), None).await;
    assert_eq!(held.status, 200, "{}", held.body);
    let page = ada.booking_page(&link_of(&held)).await;
    assert_eq!(page["hold"]["signed_in_as"], "ada@example.com");
    assert_eq!(page["price_label"], "$40.00 (member price)");
}

async fn a_private_type_opens_only_through_its_signed_share_link(app: TestApp) {
    let (instructor, id) = studio_with_type(
        &app,
        &[("name", "Secret Session"), ("access_level", "private")],
    )
    .await;
    let types = instructor.call("session_types", &[]).await.json();
    let share_link = types[0]["share_link"]
        .as_str()
        .expect("share link")
        .to_owned();
    let share = share_link
        .split_once("share=")
        .map(|(_, share)| share.to_owned())
        .expect("share token");
    assert!(share_link.starts_with(&format!("{}/s/maple-yoga/{id}?share=", app.base_url)));

    let guest = app.visitor();
    let studio = guest.call("public_studio", &[("slug", "maple-yoga")]).await;
    assert!(!studio.body.contains("Secret Session"), "{}", studio.body);
    for page in ["/s/maple-yoga", "/s/maple-yoga?view=sessions"] {
        let html = guest.get(page).await.body;
        assert!(
            !html.contains("Secret Session") && !html.contains(&share),
            "{page} leaks it"
        );
    }
    let missing = guest
        .call(
            "booking_options",
            &[("slug", "maple-yoga"), ("session_type_id", "999")],
        )
        .await;
    for forged in [
        None,
        Some("1.AAAAAAAAAAAAAAAAAAAAAA"),
        Some(format!("{id}.x").as_str()),
    ] {
        let mut form = vec![("slug", "maple-yoga"), ("session_type_id", id.as_str())];
        if let Some(forged) = forged {
            form.push(("share", forged));
        }
        let refused = guest.call("booking_options", &form).await;
        assert_eq!(
            (refused.status, refused.body.clone()),
            (missing.status, missing.body.clone()),
            "without its link a private type answers like one that does not exist"
        );
    }
    assert!(!slot_starts(&guest, &id, Some(&share)).await.is_empty());
    let held = hold(&guest, &id, &start_at(9), Some(&share)).await;
    assert_eq!(held.status, 200, "{}", held.body);
    assert_eq!(hold(&guest, &id, &start_at(10), None).await.status, 404);
}

async fn the_student_reschedules_and_cancels_through_the_signed_link(app: TestApp) {
    let (_, id) = studio_with_type(&app, &[("change_cutoff_hours", "24")]).await;
    let student = app.visitor();
    let booked = student
        .book("maple-yoga", &id, &start_at(9), "Ada", "ada@example.com")
        .await;
    let link = link_of(&booked);
    let page = student.booking_page(&link).await;
    assert_eq!(page["can_change"], true);

    let ics = student.get(&format!("/booking/{link}/calendar.ics")).await;
    assert_eq!(ics.status, 200);
    assert!(ics.body.contains("BEGIN:VEVENT"), "{}", ics.body);
    let date = day_after_tomorrow("UTC").replace('-', "");
    assert!(
        ics.body.contains(&format!("DTSTART:{date}T090000Z")),
        "{}",
        ics.body
    );
    assert!(
        page["google_calendar_url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE")
    );

    let forged = format!("{link}x");
    assert_eq!(
        student
            .call("booking_page", &[("link", &forged)])
            .await
            .status,
        404
    );
    assert_eq!(
        student
            .get(&format!("/booking/{forged}/calendar.ics"))
            .await
            .status,
        404
    );
    let id_only = link.split('.').next().expect("id").to_owned();
    assert_eq!(
        student
            .call(
                "cancel_my_booking",
                &[("link", &format!("{id_only}.AAAAAAAAAAAAAAAAAAAAAA"))]
            )
            .await
            .status,
        404,
        "another booking's id with a made-up signature is refused"
    );

    let moved = student
        .call(
            "reschedule_my_booking",
            &[("link", &link), ("start", &start_at(13))],
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let page = student.booking_page(&link).await;
    assert_eq!(page["time_range"], "13:00–14:00 UTC");
    let free = slot_starts(&app.visitor(), &id, None).await;
    assert!(free.contains(&start_at(9)), "the old time is free again");
    assert!(!free.contains(&start_at(13)));
    let ics = student.get(&format!("/booking/{link}/calendar.ics")).await;
    assert!(ics.body.contains("SEQUENCE:1"), "{}", ics.body);

    let cancelled = student.call("cancel_my_booking", &[("link", &link)]).await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(student.booking_page(&link).await["status"], "cancelled");
    assert!(
        slot_starts(&app.visitor(), &id, None)
            .await
            .contains(&start_at(13))
    );
    let twice = student.call("cancel_my_booking", &[("link", &link)]).await;
    assert_eq!(twice.status, 409, "{}", twice.body);
}

async fn changes_after_the_types_cutoff_are_refused_with_the_reason(app: TestApp) {
    let (_, id) = studio_with_type(&app, &[("change_cutoff_hours", "96")]).await;
    let student = app.visitor();
    let link = link_of(
        &student
            .book("maple-yoga", &id, &start_at(9), "Ada", "ada@example.com")
            .await,
    );
    assert_eq!(student.booking_page(&link).await["can_change"], false);
    for (endpoint, form) in [
        ("cancel_my_booking", vec![("link", link.as_str())]),
        (
            "reschedule_my_booking",
            vec![("link", link.as_str()), ("start", "2030-01-01T10:00:00Z")],
        ),
    ] {
        let refused = student.call(endpoint, &form).await;
        assert_eq!(refused.status, 409, "{endpoint}: {}", refused.body);
        assert!(
            refused.body.contains("contact the studio"),
            "{}",
            refused.body
        );
    }
}

async fn members_sign_in_through_a_one_time_emailed_link_and_see_their_bookings(app: TestApp) {
    let (_, id) = studio_with_type(&app, &[]).await;
    let ada = app.signed_in_student("ada@example.com").await;
    ada.book("maple-yoga", &id, &start_at(9), "Ada", "typed@example.com")
        .await;
    app.visitor()
        .book("maple-yoga", &id, &start_at(10), "Bob", "bob@example.com")
        .await;
    let mine = ada.call("my_bookings", &[]).await.json();
    let mine = mine.as_array().expect("list");
    assert_eq!(mine.len(), 1, "only Ada's own booking: {mine:?}");
    assert_eq!(mine[0]["session_type_name"], "Lesson");
    let link = mine[0]["link"]
        .as_str()
        .expect("link")
        .trim_start_matches("/booking/")
        .to_owned();
    assert_eq!(
        ada.booking_page(&link).await["student_email"],
        "ada@example.com",
        "a signed-in student books under their account's email"
    );
    assert_eq!(
        app.visitor().call("my_bookings", &[]).await.status,
        401,
        "signed-out visitors have no bookings list"
    );
    let used_twice = app
        .visitor()
        .call("sign_in_with_link", &[("token", "made-up-token")])
        .await;
    assert_eq!(used_twice.status, 404, "{}", used_twice.body);
}

async fn rate_limits_stop_floods_per_address_and_per_account(app: TestApp) {
    let (_, id) = studio_with_type(&app, &[("capacity", "100")]).await;
    let from = |ip: &'static str| {
        move |request: reqwest::RequestBuilder| request.header("x-forwarded-for", ip)
    };
    let student = app.visitor();
    let mut statuses = Vec::new();
    for _ in 0..31 {
        let reply = student
            .call_with(
                "hold_slot",
                &[
                    ("slug", "maple-yoga"),
                    ("session_type_id", &id),
                    ("start", &start_at(9)),
                ],
                from("10.0.0.1"),
            )
            .await;
        statuses.push(reply.status);
    }
    assert!(
        statuses[..30].iter().all(|status| *status == 200),
        "{statuses:?}"
    );
    assert_eq!(statuses[30], 429);
    let elsewhere = student
        .call_with(
            "hold_slot",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", &id),
                ("start", &start_at(9)),
            ],
            from("10.0.0.2"),
        )
        .await;
    assert_eq!(
        elsewhere.status, 200,
        "other addresses go on: {}",
        elsewhere.body
    );

    let mut sign_ins = Vec::new();
    for ip in [
        "10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6",
    ] {
        let reply = app
            .visitor()
            .call_with(
                "sign_in",
                &[
                    ("email", "ada@example.com"),
                    ("password", "wrong password here"),
                ],
                from(ip),
            )
            .await;
        sign_ins.push(reply.status);
    }
    assert_eq!(
        sign_ins,
        [401, 401, 401, 401, 401, 429],
        "the account is limited across addresses"
    );
    let limited: Value = app
        .visitor()
        .call_with(
            "sign_in",
            &[
                ("email", "ada@example.com"),
                ("password", "wrong password here"),
            ],
            from("10.1.0.9"),
        )
        .await
        .json();
    assert!(
        limited.to_string().contains("Too many attempts"),
        "{limited}"
    );
}

mod sqlite {
    use super::*;

    macro_rules! with_app {
        ($($name:ident => $adjust:expr),* $(,)?) => {$(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(app) = TestApp::start_with(Backend::Sqlite, $adjust).await {
                    super::$name(app).await;
                }
            }
        )*};
    }

    with_app! {
        an_expired_hold_releases_the_seat_and_is_refused_clearly => |config| {
            config.rate_limit_factor = 1000;
            config.hold_seconds = 2;
        },
        rate_limits_stop_floods_per_address_and_per_account => |config| {
            config.trust_forwarded_for = true;
        },
    }
}

mod postgres {
    use super::*;

    macro_rules! with_app {
        ($($name:ident => $adjust:expr),* $(,)?) => {$(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(app) = TestApp::start_with(Backend::Postgres, $adjust).await {
                    super::$name(app).await;
                }
            }
        )*};
    }

    with_app! {
        an_expired_hold_releases_the_seat_and_is_refused_clearly => |config| {
            config.rate_limit_factor = 1000;
            config.hold_seconds = 2;
        },
    }
}

mod both {
    use super::*;

    on_both_backends!(
        a_hold_takes_the_seat_until_the_student_completes_the_form,
        the_student_chooses_among_the_studios_payment_methods,
        a_members_only_type_is_hidden_and_refused_unless_a_member_signs_in,
        a_private_type_opens_only_through_its_signed_share_link,
        the_student_reschedules_and_cancels_through_the_signed_link,
        changes_after_the_types_cutoff_are_refused_with_the_reason,
        members_sign_in_through_a_one_time_emailed_link_and_see_their_bookings,
    );
}
