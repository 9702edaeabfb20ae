//! The first vertical slice over HTTP: accounts, studio set-up, booking, and every bad input.

mod support;

use support::{PASSWORD, TestApp, day_after_tomorrow, link_of};

on_both_backends!(
    signing_up_sets_an_http_only_same_site_session_cookie,
    a_malformed_email_and_a_short_password_are_refused_by_field,
    an_email_signs_up_only_once,
    a_wrong_password_is_refused_without_saying_which_part_was_wrong,
    signed_out_callers_are_refused_by_every_dashboard_function,
    studio_settings_refuse_empty_and_overlong_names_and_unknown_time_zones,
    a_slug_taken_by_another_studio_is_refused_on_the_slug_field,
    session_types_refuse_a_duration_off_the_list_and_a_negative_price,
    weekly_hours_refuse_malformed_ranges_by_day,
    a_student_books_and_the_group_slot_counts_down_until_full,
    a_booking_outside_availability_is_refused_with_a_reason,
    a_double_submit_is_refused,
    the_booking_form_refuses_bad_names_and_emails_by_field,
    draft_session_types_are_neither_listed_nor_bookable,
    the_instructor_sees_bookings_in_the_dashboard_list,
    pages_render_on_the_server_and_unknown_ones_are_404,
    malformed_arguments_get_a_400_not_a_500,
);

async fn signing_up_sets_an_http_only_same_site_session_cookie(app: TestApp) {
    let visitor = app.visitor();
    let reply = visitor.sign_up("ada@example.com").await;
    let cookie = reply.headers["set-cookie"].to_str().expect("cookie text");
    assert!(cookie.starts_with("bookable_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let account = visitor.call("account", &[]).await;
    assert_eq!(account.json()["email"], "ada@example.com");
    visitor.call("sign_out", &[]).await;
    assert_eq!(
        visitor.call("account", &[]).await.json(),
        serde_json::Value::Null
    );
}

async fn a_malformed_email_and_a_short_password_are_refused_by_field(app: TestApp) {
    let reply = app
        .visitor()
        .call("sign_up", &[("email", "ada@"), ("password", "short")])
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(
        reply.field_message("email").as_deref(),
        Some("Enter an email address like name@example.com.")
    );
    assert_eq!(
        reply.field_message("password").as_deref(),
        Some("Use at least 10 characters.")
    );
}

async fn an_email_signs_up_only_once(app: TestApp) {
    app.visitor().sign_up("ada@example.com").await;
    let again = app
        .visitor()
        .call(
            "sign_up",
            &[("email", "ADA@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(
        again
            .field_message("email")
            .expect("email message")
            .contains("already exists")
    );
}

async fn a_wrong_password_is_refused_without_saying_which_part_was_wrong(app: TestApp) {
    app.visitor().sign_up("ada@example.com").await;
    let wrong_password = app
        .visitor()
        .call(
            "sign_in",
            &[
                ("email", "ada@example.com"),
                ("password", "not the password"),
            ],
        )
        .await;
    let unknown_email = app
        .visitor()
        .call(
            "sign_in",
            &[("email", "bob@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(wrong_password.status, 401);
    assert_eq!(wrong_password.body, unknown_email.body);
    let right = app
        .visitor()
        .call(
            "sign_in",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(right.status, 200, "{}", right.body);
}

async fn signed_out_callers_are_refused_by_every_dashboard_function(app: TestApp) {
    let visitor = app.visitor();
    let calls: [(&str, &[(&str, &str)]); 6] = [
        (
            "save_studio",
            &[
                ("name", "X"),
                ("slug", "xyz"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        ),
        (
            "create_session_type",
            &[
                ("name", "X"),
                ("description", ""),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", "1"),
                ("status", "active"),
                ("location", ""),
            ],
        ),
        ("session_types", &[]),
        ("weekly_hours", &[]),
        (
            "save_weekly_hours",
            &[
                ("monday", ""),
                ("tuesday", ""),
                ("wednesday", ""),
                ("thursday", ""),
                ("friday", ""),
                ("saturday", ""),
                ("sunday", ""),
            ],
        ),
        ("bookings", &[]),
    ];
    for (endpoint, form) in calls {
        let reply = visitor.call(endpoint, form).await;
        assert_eq!(reply.status, 401, "{endpoint}: {}", reply.body);
        assert_eq!(
            reply.json(),
            serde_json::json!("SignInRequired"),
            "{endpoint}"
        );
    }
}

async fn studio_settings_refuse_empty_and_overlong_names_and_unknown_time_zones(app: TestApp) {
    let instructor = app.visitor();
    instructor.sign_up("ada@example.com").await;
    let long_name = "x".repeat(500);
    for (name, expected) in [
        ("", "Studio name is required."),
        (long_name.as_str(), "at most 100 characters"),
    ] {
        let reply = instructor
            .call(
                "save_studio",
                &[
                    ("name", name),
                    ("slug", "maple"),
                    ("timezone", "Mars/Base"),
                    ("currency", "USD"),
                ],
            )
            .await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(
            reply
                .field_message("name")
                .expect("name message")
                .contains(expected)
        );
        assert!(
            reply
                .field_message("timezone")
                .expect("timezone message")
                .contains("IANA")
        );
    }
    let currency = instructor
        .call(
            "save_studio",
            &[
                ("name", "Maple"),
                ("slug", "maple"),
                ("timezone", "UTC"),
                ("currency", "XYZ"),
            ],
        )
        .await;
    assert!(
        currency.field_message("currency").is_some(),
        "{}",
        currency.body
    );
}

async fn a_slug_taken_by_another_studio_is_refused_on_the_slug_field(app: TestApp) {
    app.instructor_with_studio("maple-yoga", "UTC").await;
    let other = app.visitor();
    other.sign_up("bob@example.com").await;
    let reply = other
        .call(
            "save_studio",
            &[
                ("name", "Bob's"),
                ("slug", "maple-yoga"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply
            .field_message("slug")
            .expect("slug message")
            .contains("taken")
    );
}

async fn session_types_refuse_a_duration_off_the_list_and_a_negative_price(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let reply = instructor
        .call(
            "create_session_type",
            &[
                ("name", ""),
                ("description", ""),
                ("duration_minutes", "50"),
                ("capacity", "0"),
                ("price", "-10"),
                ("status", "live"),
                ("location", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(
        reply.field_message("name").as_deref(),
        Some("Session name is required.")
    );
    assert!(
        reply
            .field_message("duration_minutes")
            .expect("duration")
            .contains("15, 30, 45")
    );
    assert!(reply.field_message("capacity").is_some());
    assert_eq!(
        reply.field_message("price").as_deref(),
        Some("Price cannot be negative.")
    );
    assert!(reply.field_message("status").is_some());
    let listed = instructor.call("session_types", &[]).await;
    assert_eq!(listed.json(), serde_json::json!([]));
}

async fn weekly_hours_refuse_malformed_ranges_by_day(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let reply = instructor
        .call(
            "save_weekly_hours",
            &[
                ("monday", "9 to 5"),
                ("tuesday", "17:00-09:00"),
                ("wednesday", "09:00-12:00, 11:00-13:00"),
                ("thursday", ""),
                ("friday", "25:00-26:00"),
                ("saturday", ""),
                ("sunday", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    for day in ["monday", "tuesday", "wednesday", "friday"] {
        assert!(reply.field_message(day).is_some(), "{day}: {}", reply.body);
    }
    let kept = instructor.call("weekly_hours", &[]).await;
    assert!(
        kept.body.contains("00:00-24:00"),
        "earlier hours are kept: {}",
        kept.body
    );
}

async fn a_student_books_and_the_group_slot_counts_down_until_full(app: TestApp) {
    let instructor = app
        .instructor_with_studio("maple-yoga", "Asia/Kolkata")
        .await;
    let group = instructor.session_type("Small group", 2, "active").await;
    let date = day_after_tomorrow("Asia/Kolkata");
    let student = app.visitor();
    let slots = student.slots("maple-yoga", &group, &date).await;
    assert_eq!(slots.len(), 24);
    assert_eq!(slots[9]["time_label"], "09:00");
    assert_eq!(slots[9]["seats_left"], 2);
    let start = slots[9]["start"].as_str().expect("start").to_owned();
    assert!(start.ends_with(":30:00Z"), "Kolkata is UTC+05:30: {start}");

    let first = student
        .book("maple-yoga", &group, &start, "Ada", "ada@example.com")
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let after_one = student.slots("maple-yoga", &group, &date).await;
    assert_eq!(after_one[9]["seats_left"], 1);

    let second = student
        .book("maple-yoga", &group, &start, "Grace", "grace@example.com")
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    let after_two = student.slots("maple-yoga", &group, &date).await;
    assert_eq!(after_two.len(), 23);
    assert!(after_two.iter().all(|slot| slot["start"] != start.as_str()));

    let third = student
        .book("maple-yoga", &group, &start, "Linus", "linus@example.com")
        .await;
    assert_eq!(third.status, 409, "{}", third.body);
    assert!(third.body.contains("full"), "{}", third.body);

    let link = link_of(&first);
    let confirmation = student.booking_page(&link).await;
    let details = confirmation;
    assert_eq!(details["time_range"], "09:00–10:00 IST");
    assert_eq!(details["timezone"], "Asia/Kolkata");
    assert_eq!(details["place"], "Studio A");
}

async fn a_booking_outside_availability_is_refused_with_a_reason(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let private = instructor.session_type("Private", 1, "active").await;
    instructor.open_every_day("09:00-12:00").await;
    let date = day_after_tomorrow("UTC");
    let student = app.visitor();
    for start in [
        format!("{date}T13:00:00Z"),
        format!("{date}T09:10:00Z"),
        "2020-01-01T09:00:00Z".to_owned(),
    ] {
        let reply = student
            .book("maple-yoga", &private, &start, "Ada", "ada@example.com")
            .await;
        assert_eq!(reply.status, 409, "{start}: {}", reply.body);
        assert!(
            reply.body.contains("Please pick another time"),
            "{}",
            reply.body
        );
    }
    let garbage = student
        .book(
            "maple-yoga",
            &private,
            "tomorrow at nine",
            "Ada",
            "ada@example.com",
        )
        .await;
    assert_eq!(garbage.status, 422);
    assert!(garbage.field_message("start").is_some());
}

async fn a_double_submit_is_refused(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let group = instructor.session_type("Group", 5, "active").await;
    let date = day_after_tomorrow("UTC");
    let student = app.visitor();
    let start = format!("{date}T10:00:00Z");
    let (first, second) = tokio::join!(
        student.book("maple-yoga", &group, &start, "Ada", "ada@example.com"),
        student.book("maple-yoga", &group, &start, "Ada", "ada@example.com"),
    );
    let mut statuses = [first.status, second.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", first.body, second.body);
    let refused = if first.status == 409 { first } else { second };
    assert!(refused.body.contains("already booked"), "{}", refused.body);
    let slots = student.slots("maple-yoga", &group, &date).await;
    assert_eq!(slots[10]["seats_left"], 4, "only one seat was taken");
}

async fn the_booking_form_refuses_bad_names_and_emails_by_field(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let private = instructor.session_type("Private", 1, "active").await;
    let start = format!("{}T10:00:00Z", day_after_tomorrow("UTC"));
    let student = app.visitor();
    let long_name = "n".repeat(500);
    for (name, email, field) in [
        ("", "ada@example.com", "student_name"),
        (long_name.as_str(), "ada@example.com", "student_name"),
        ("Ada", "ada.example.com", "student_email"),
    ] {
        let reply = student
            .book("maple-yoga", &private, &start, name, email)
            .await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(
            reply.field_message(field).is_some(),
            "{field}: {}",
            reply.body
        );
    }
    let slots = student
        .slots("maple-yoga", &private, &day_after_tomorrow("UTC"))
        .await;
    assert_eq!(slots.len(), 24, "nothing was booked");
}

async fn draft_session_types_are_neither_listed_nor_bookable(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let draft = instructor.session_type("Secret draft", 1, "draft").await;
    instructor.session_type("Open lesson", 1, "active").await;
    let student = app.visitor();
    let studio = student
        .call("public_studio", &[("slug", "maple-yoga")])
        .await;
    let listed = studio.json();
    let names: Vec<&str> = listed["session_types"]
        .as_array()
        .expect("types")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["Open lesson"]);
    let start = format!("{}T10:00:00Z", day_after_tomorrow("UTC"));
    let reply = student
        .book("maple-yoga", &draft, &start, "Ada", "ada@example.com")
        .await;
    assert_eq!(reply.status, 404, "{}", reply.body);
}

async fn the_instructor_sees_bookings_in_the_dashboard_list(app: TestApp) {
    let instructor = app
        .instructor_with_studio("maple-yoga", "Europe/Berlin")
        .await;
    let private = instructor.session_type("Private", 1, "active").await;
    let date = day_after_tomorrow("Europe/Berlin");
    let student = app.visitor();
    let slots = student.slots("maple-yoga", &private, &date).await;
    let start = slots[14]["start"].as_str().expect("start").to_owned();
    let booked = student
        .book(
            "maple-yoga",
            &private,
            &start,
            "Ada Lovelace",
            "ada@example.com",
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let list = instructor.call("bookings", &[]).await.json();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["student_name"], "Ada Lovelace");
    assert_eq!(list[0]["session_type_name"], "Private");
    let time = list[0]["time_label"].as_str().unwrap_or_default();
    assert!(
        time == "14:00–15:00 CET" || time == "14:00–15:00 CEST",
        "Berlin's time with its zone: {time}"
    );
    let other = app.instructor_with_studio("other-studio", "UTC").await;
    assert_eq!(
        other.call("bookings", &[]).await.json(),
        serde_json::json!([]),
        "studios see only their own"
    );
}

async fn pages_render_on_the_server_and_unknown_ones_are_404(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor.session_type("Open lesson", 1, "active").await;
    let visitor = app.visitor();
    let studio = visitor.get("/s/maple-yoga").await;
    assert_eq!(studio.status, 200);
    assert!(
        studio.body.contains("Maple Yoga") && studio.body.contains("Open lesson"),
        "{}",
        studio.body
    );
    let missing_studio = visitor.get("/s/nobody-here").await;
    assert!(
        missing_studio
            .body
            .contains("There is no studio at this address.")
    );
    assert_eq!(visitor.get("/no/such/page").await.status, 404);
}

async fn malformed_arguments_get_a_400_not_a_500(app: TestApp) {
    let student = app.visitor();
    let reply = student
        .call(
            "booking_options",
            &[("slug", "maple-yoga"), ("session_type_id", "not-a-number")],
        )
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let missing = student
        .call("book_session", &[("slug", "maple-yoga")])
        .await;
    assert_eq!(missing.status, 400, "{}", missing.body);
}
