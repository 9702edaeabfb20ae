//! What people type and see, made trustworthy: money typed either way, times with their zone
//! and each end's own offset, honest messages, clean names, the right status codes and
//! headers, private links that can be replaced (issue 10).

mod support;

use support::{Client, TestApp, day_after_tomorrow, decoded_email, link_of};

async fn studio(app: &TestApp, timezone: &str) -> Client {
    app.instructor_with_studio("maple-yoga", timezone).await
}

async fn price_field_after(instructor: &Client, price: &str) -> support::Reply {
    instructor
        .call(
            "create_session_type",
            &[
                ("name", "Lesson"),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", price),
                ("status", "active"),
            ],
        )
        .await
}

async fn prices_typed_with_a_decimal_comma_are_stored_as_meant(app: TestApp) {
    let instructor = studio(&app, "Europe/Berlin").await;
    for (typed, shown) in [
        ("30,50", "$30.50"),
        ("30.50", "$30.50"),
        ("1.234,50", "$1,234.50"),
        ("1,234.50", "$1,234.50"),
        ("30", "$30.00"),
    ] {
        let reply = price_field_after(&instructor, typed).await;
        assert_eq!(reply.status, 200, "{typed}: {}", reply.body);
        assert_eq!(reply.json()["price_label"], shown, "{typed}");
        let id = reply.json()["id"].to_string();
        let form = instructor
            .call("session_type_settings", &[("id", &id)])
            .await
            .json();
        let field = form["price"].as_str().expect("price field").to_owned();
        let again = price_field_after(&instructor, &field).await;
        assert_eq!(
            again.json()["price_label"],
            shown,
            "the edit form's {field} reads back as the same amount"
        );
    }
    for typed in ["1,2,3", "1.23.45", "30,5,0"] {
        let reply = price_field_after(&instructor, typed).await;
        assert_eq!(reply.status, 422, "{typed}: {}", reply.body);
        let message = reply.field_message("price").expect("a price message");
        assert!(
            message.contains("1,234.50") && message.contains("1.234,50"),
            "{typed}: the message shows how to write it: {message}"
        );
    }
}

async fn a_new_currency_relabels_every_price_and_says_so(app: TestApp) {
    let instructor = studio(&app, "Europe/Berlin").await;
    let id = instructor.session_type_with(&[("price", "45,50")]).await;
    let settings = |currency: &'static str| {
        [
            ("personal_sessions", "on"),
            ("show_on_landing", "on"),
            ("default_access_level", "public"),
            ("pay_at_session", "on"),
            ("timezone", "Europe/Berlin"),
            ("currency", currency),
        ]
    };
    let saved = instructor.call("save_offerings", &settings("EUR")).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let note = saved.json()["note"].as_str().unwrap_or_default().to_owned();
    assert!(
        note.contains("now in EUR") && note.contains("not converted"),
        "{note}"
    );
    let types = instructor.call("session_types", &[]).await.json();
    assert_eq!(types[0]["id"].to_string(), id);
    assert_eq!(types[0]["price_label"], "45,50\u{a0}€");

    let yen = instructor.call("save_offerings", &settings("JPY")).await;
    assert_eq!(yen.status, 422, "{}", yen.body);
    assert!(
        yen.field_message("currency")
            .expect("a currency message")
            .contains("cents"),
        "{}",
        yen.body
    );
    let types = instructor.call("session_types", &[]).await.json();
    assert_eq!(types[0]["price_label"], "45,50\u{a0}€", "nothing changed");

    // The studio form no longer changes them: Settings is the one place.
    let elsewhere = instructor
        .call(
            "save_studio",
            &[
                ("name", "Maple"),
                ("slug", "maple-yoga"),
                ("timezone", "Asia/Tokyo"),
                ("currency", "EUR"),
            ],
        )
        .await;
    assert_eq!(elsewhere.status, 422, "{}", elsewhere.body);
    assert!(
        elsewhere
            .field_message("timezone")
            .expect("a time zone message")
            .contains("Settings")
    );
    let renamed = instructor
        .call("save_studio", &[("name", "Maple"), ("slug", "maple-yoga")])
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.json()["timezone"], "Europe/Berlin");
    assert_eq!(renamed.json()["currency"], "EUR");
}

/// The instant the next autumn clock change in Berlin happens (01:00 UTC), a few days ahead
/// at least.
fn next_berlin_fall_back() -> chrono::DateTime<chrono::Utc> {
    use chrono::Offset;
    use chrono::TimeZone;
    let zone: chrono_tz::Tz = "Europe/Berlin".parse().expect("zone");
    let offset_at = |instant: chrono::DateTime<chrono::Utc>| {
        zone.offset_from_utc_datetime(&instant.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let mut probe = chrono::Utc::now() + chrono::Duration::days(3);
    probe = probe - chrono::Duration::seconds(probe.timestamp() % 3600);
    while offset_at(probe) <= offset_at(probe + chrono::Duration::hours(1)) {
        probe += chrono::Duration::hours(1);
    }
    probe + chrono::Duration::hours(1)
}

async fn a_session_across_the_clock_change_shows_each_end_with_its_own_offset(app: TestApp) {
    let instructor = studio(&app, "Europe/Berlin").await;
    let id = instructor
        .session_type_with(&[
            ("duration_minutes", "30"),
            ("start_every_minutes", "30"),
            ("max_lead_days", "400"),
        ])
        .await;
    let change = next_berlin_fall_back();
    let rfc = |instant: chrono::DateTime<chrono::Utc>| {
        instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    // 02:30 happens first in summer time (CEST), then again an hour later in winter time.
    let first = rfc(change - chrono::Duration::minutes(30));
    let second = rfc(change + chrono::Duration::minutes(30));
    let student = app.visitor();
    let booked = student
        .book("maple-yoga", &id, &first, "Ada", "ada@example.com")
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let page = student.booking_page(&link_of(&booked)).await;
    assert_eq!(page["time_range"], "02:30 CEST – 02:00 CET");
    let list = instructor.call("bookings", &[]).await.json();
    assert_eq!(list[0]["time_label"], "02:30 CEST – 02:00 CET");
    let email = decoded_email(&app.emails(1).await.join("\n"));
    assert!(email.contains("02:30 CEST – 02:00 CET"), "{email}");

    let repeated = student
        .book("maple-yoga", &id, &second, "Grace", "grace@example.com")
        .await;
    assert_eq!(repeated.status, 409, "{}", repeated.body);
    assert!(
        repeated.body.contains("happens twice") && !repeated.body.contains("opening hours"),
        "the refusal says what is true: {}",
        repeated.body
    );
}

async fn every_time_names_its_zone_and_the_cut_off_too(app: TestApp) {
    let instructor = studio(&app, "America/New_York").await;
    let id = instructor.session_type("Lesson", 1, "active").await;
    let date = support::days_from_today("America/New_York", 5);
    let slots = app.visitor().slots("maple-yoga", &id, &date).await;
    assert!(
        slots
            .iter()
            .all(|slot| matches!(slot["zone"].as_str(), Some("EST" | "EDT"))),
        "{slots:?}"
    );
    let start = slots[10]["start"].as_str().expect("start").to_owned();
    let student = app.signed_in_student("ada@example.com").await;
    let booked = student
        .book("maple-yoga", &id, &start, "Ada", "ada@example.com")
        .await;
    let page = student.booking_page(&link_of(&booked)).await;
    let until = page["change_until"].as_str().expect("a cut-off").to_owned();
    assert!(
        until.ends_with(" EST") || until.ends_with(" EDT"),
        "the cut-off names its zone: {until}"
    );
    assert!(page["change_until_at"].as_str().is_some());
    let listed = student.call("my_bookings", &[]).await.json();
    assert!(
        listed[0]["when"]
            .as_str()
            .is_some_and(|when| when.contains("America/New_York")),
        "{listed}"
    );
}

async fn the_first_lesson_starts_at_opening_time_whatever_the_buffer(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    instructor.open_every_day("08:00-12:00").await;
    let id = instructor
        .session_type_with(&[("duration_minutes", "30"), ("buffer_minutes", "10")])
        .await;
    let date = day_after_tomorrow("UTC");
    let times = app.visitor().slot_times("maple-yoga", &id, &date).await;
    assert_eq!(
        times.first().map(String::as_str),
        Some("08:00"),
        "{times:?}"
    );
    let booked = app
        .visitor()
        .book(
            "maple-yoga",
            &id,
            &format!("{date}T08:00:00Z"),
            "Ada",
            "ada@example.com",
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let after = app.visitor().slot_times("maple-yoga", &id, &date).await;
    assert_eq!(
        after.first().map(String::as_str),
        Some("09:00"),
        "08:30 would start within 10 minutes of the 08:00 lesson's end: {after:?}"
    );
}

async fn start_times_every_half_hour_give_a_long_lesson_more_starts(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    instructor.open_every_day("09:00-13:00").await;
    let every_length = instructor
        .session_type_with(&[("name", "Long"), ("duration_minutes", "90")])
        .await;
    let half_hourly = instructor
        .session_type_with(&[
            ("name", "Long, half-hourly"),
            ("duration_minutes", "90"),
            ("start_every_minutes", "30"),
        ])
        .await;
    let date = day_after_tomorrow("UTC");
    let student = app.visitor();
    assert_eq!(
        student.slot_times("maple-yoga", &every_length, &date).await,
        ["09:00", "10:30"]
    );
    assert_eq!(
        student.slot_times("maple-yoga", &half_hourly, &date).await,
        ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    );
    let form = instructor
        .call("session_type_settings", &[("id", &half_hourly)])
        .await
        .json();
    assert_eq!(form["start_every_minutes"], "30");
    let wrong = instructor
        .call(
            "create_session_type",
            &[
                ("name", "Odd"),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", "10"),
                ("status", "active"),
                ("start_every_minutes", "20"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.field_message("start_every_minutes").is_some());
}

async fn a_repeated_submit_of_a_completed_booking_leads_to_its_confirmation(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    let id = instructor.session_type("Lesson", 1, "active").await;
    let start = format!("{}T10:00:00Z", day_after_tomorrow("UTC"));
    let student = app.visitor();
    let held = student
        .call(
            "hold_slot",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", &id),
                ("start", &start),
            ],
        )
        .await;
    assert_eq!(held.status, 200, "{}", held.body);
    let link = link_of(&held);
    let taps = (0..12).map(|_| {
        let student = Client::of(&app.base_url);
        let link = link.clone();
        async move {
            student
                .call(
                    "complete_booking",
                    &[
                        ("link", link.as_str()),
                        ("student_name", "Ada"),
                        ("student_email", "ada@example.com"),
                    ],
                )
                .await
        }
    });
    let replies = futures::future::join_all(taps).await;
    for reply in &replies {
        assert_eq!(
            reply.status, 200,
            "every tap leads to the booking: {}",
            reply.body
        );
        assert_eq!(link_of(reply), link);
    }
    let later = student
        .call(
            "complete_booking",
            &[
                ("link", &link),
                ("student_name", "Ada"),
                ("student_email", "ada@example.com"),
            ],
        )
        .await;
    assert_eq!(later.status, 200, "{}", later.body);
    assert_eq!(student.booking_page(&link).await["status"], "confirmed");
    let sent = app.mails_after_a_while().await;
    assert_eq!(
        sent.iter()
            .filter(|mail| mail.to == "ada@example.com")
            .count(),
        1,
        "one booking, one confirmation email to the student"
    );
    assert_eq!(sent.len(), 2, "and one notice to the instructor");
}

/// Posts a form body exactly as given (already percent-encoded).
async fn post_raw(app: &TestApp, endpoint: &str, body: String) -> support::Reply {
    let response = reqwest::Client::new()
        .post(format!("{}/api/{endpoint}", app.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let body = response.text().await.expect("body");
    support::Reply {
        status,
        headers: reqwest::header::HeaderMap::new(),
        body,
    }
}

async fn names_must_be_visible_readable_text_without_direction_overrides(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    let id = instructor.session_type("Lesson", 2, "active").await;
    let start = format!("{}T10:00:00Z", day_after_tomorrow("UTC"));
    let student = app.visitor();
    for invisible in [
        "\u{200b}\u{200b}",
        "\u{feff}",
        "\u{202e}\u{202c}",
        "\u{2066} \u{2069}",
    ] {
        let reply = student
            .book("maple-yoga", &id, &start, invisible, "ada@example.com")
            .await;
        assert_eq!(reply.status, 422, "{invisible:?}: {}", reply.body);
        let message = reply.field_message("student_name").expect("a name message");
        assert!(
            message.contains("visible") || message.contains("required"),
            "{invisible:?}: {message}"
        );
    }
    let spoofed = student
        .book(
            "maple-yoga",
            &id,
            &start,
            "Ada\u{202e}ecalevoL",
            "ada@example.com",
        )
        .await;
    assert_eq!(spoofed.status, 200, "{}", spoofed.body);
    let page = student.booking_page(&link_of(&spoofed)).await;
    assert_eq!(
        page["student_name"], "AdaecalevoL",
        "the override is taken out"
    );

    let form = format!(
        "slug=maple-yoga&session_type_id={id}&start={}&student_name=Gr%FF%FEce&student_email=grace%40example.com",
        start.replace(':', "%3A")
    );
    let unreadable = post_raw(&app, "book_session", form).await;
    assert_eq!(unreadable.status, 422, "{}", unreadable.body);
    assert!(
        unreadable.body.contains("could not be read"),
        "{}",
        unreadable.body
    );
}

async fn missing_studios_types_bookings_and_pages_answer_404(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    let id = instructor.session_type("Lesson", 1, "active").await;
    let visitor = app.visitor();
    for path in [
        "/s/no-such-studio".to_owned(),
        "/s/maple-yoga/999999".to_owned(),
        "/booking/12.bm90LWEtc2lnbmF0dXJl".to_owned(),
        "/booking/not-a-link/reschedule".to_owned(),
        "/no-such-page".to_owned(),
    ] {
        let reply = visitor.get(&path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("</html>"), "{path} is still a page");
    }
    assert_eq!(
        visitor.get(&format!("/s/maple-yoga/{id}")).await.status,
        200
    );
    assert_eq!(visitor.get("/s/maple-yoga").await.status, 200);
    assert_eq!(
        instructor.get("/dashboard/bookings/999999").await.status,
        404
    );
    assert_eq!(
        instructor
            .get("/dashboard/session-types/999999")
            .await
            .status,
        404
    );
}

async fn pages_carry_a_content_security_policy_and_hardening_headers(app: TestApp) {
    let visitor = app.visitor();
    let page = visitor.get("/").await;
    assert_eq!(page.status, 200);
    let header = |reply: &support::Reply, name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let policy = header(&page, "content-security-policy");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a script nonce in the policy");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the policy's nonce"
    );
    for directive in [
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "'wasm-unsafe-eval'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_ne!(
        header(&visitor.get("/").await, "content-security-policy"),
        policy,
        "every page gets a fresh nonce"
    );
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    assert_eq!(header(&page, "x-frame-options"), "DENY");
    assert_eq!(header(&page, "referrer-policy"), "same-origin");
    assert_eq!(header(&page, "cache-control"), "private, no-cache");
    let api = visitor.call("account", &[]).await;
    assert!(header(&api, "content-security-policy").starts_with("default-src 'none'"));
    assert_eq!(header(&api, "x-content-type-options"), "nosniff");
}

async fn prefilled_text_cannot_break_out_of_its_field(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    let attack = "</textarea><img src=x onerror=alert(1)>";
    let id = instructor
        .session_type_with(&[
            ("description", attack),
            ("questions[0][prompt]", "Level?"),
            ("questions[0][kind]", "single_choice"),
            ("questions[0][options]", &format!("{attack}\nPlain")),
        ])
        .await;
    let editor = instructor
        .get(&format!("/dashboard/session-types/{id}"))
        .await;
    assert_eq!(editor.status, 200);
    assert!(!editor.body.contains("<img src=x"), "the markup stays text");
    assert!(
        editor
            .body
            .contains("&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "the text is there, escaped"
    );
}

async fn a_new_share_link_makes_the_old_one_stop_working(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    let id = instructor
        .session_type_with(&[("access_level", "private")])
        .await;
    let types = instructor.call("session_types", &[]).await.json();
    assert_eq!(types[0]["link_only"], true);
    let old_link = types[0]["share_link"]
        .as_str()
        .expect("a share link")
        .to_owned();
    let share_of = |link: &str| {
        link.split("share=")
            .nth(1)
            .expect("a share token")
            .to_owned()
    };
    let options = |share: String| {
        let id = id.clone();
        let visitor = app.visitor();
        async move {
            visitor
                .call(
                    "booking_options",
                    &[
                        ("slug", "maple-yoga"),
                        ("session_type_id", &id),
                        ("share", &share),
                    ],
                )
                .await
                .status
        }
    };
    assert_eq!(options(share_of(&old_link)).await, 200);
    let renewed = instructor.call("renew_share_link", &[("id", &id)]).await;
    assert_eq!(renewed.status, 200, "{}", renewed.body);
    let new_link = renewed.json()["share_link"]
        .as_str()
        .expect("the new link")
        .to_owned();
    assert_ne!(new_link, old_link);
    assert_eq!(
        options(share_of(&old_link)).await,
        404,
        "the old link is dead"
    );
    assert_eq!(options(share_of(&new_link)).await, 200);
    let summary = instructor
        .call("session_type_summary", &[("id", &id)])
        .await
        .json();
    assert_eq!(summary["share_link"].as_str(), Some(new_link.as_str()));

    let other = app.instructor_with_studio("other-studio", "UTC").await;
    assert_eq!(
        other.call("renew_share_link", &[("id", &id)]).await.status,
        404
    );
    assert_eq!(
        app.visitor()
            .call("renew_share_link", &[("id", &id)])
            .await
            .status,
        401
    );
}

async fn an_online_session_says_where_it_happens(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    let id = instructor
        .session_type_with(&[
            ("location", ""),
            ("video_link", "https://meet.example.com/maple"),
        ])
        .await;
    let student = app.visitor();
    let booked = student
        .book(
            "maple-yoga",
            &id,
            &format!("{}T10:00:00Z", day_after_tomorrow("UTC")),
            "Ada",
            "ada@example.com",
        )
        .await;
    let page = student.booking_page(&link_of(&booked)).await;
    let place = page["place"].as_str().expect("a place").to_owned();
    assert!(place.starts_with("Online"), "{place}");
    assert!(!place.contains("To be confirmed"));
}

async fn dates_are_typed_as_the_page_writes_them(app: TestApp) {
    let instructor = studio(&app, "UTC").await;
    let next_year = chrono::Utc::now().date_naive() + chrono::Duration::days(40);
    let written = next_year.format("%-d %B %Y").to_string();
    let saved = instructor
        .call(
            "save_date_override",
            &[("date", written.as_str()), ("closed", "on")],
        )
        .await;
    assert_eq!(saved.status, 200, "{written}: {}", saved.body);
    let listed = instructor.call("date_overrides", &[]).await.json();
    assert_eq!(listed[0]["date"], next_year.format("%Y-%m-%d").to_string());
    let ambiguous = instructor
        .call(
            "save_date_override",
            &[("date", "03/04/2027"), ("closed", "on")],
        )
        .await;
    assert_eq!(ambiguous.status, 422, "{}", ambiguous.body);
    assert!(
        ambiguous
            .field_message("date")
            .expect("a date message")
            .contains("December 2026")
    );
    let filtered = instructor.call("bookings", &[("from", "3/4/2027")]).await;
    assert_eq!(filtered.status, 422, "{}", filtered.body);
    assert!(filtered.field_message("from").is_some());
}

on_both_backends!(
    prices_typed_with_a_decimal_comma_are_stored_as_meant,
    a_new_currency_relabels_every_price_and_says_so,
    a_session_across_the_clock_change_shows_each_end_with_its_own_offset,
    every_time_names_its_zone_and_the_cut_off_too,
    the_first_lesson_starts_at_opening_time_whatever_the_buffer,
    start_times_every_half_hour_give_a_long_lesson_more_starts,
    a_repeated_submit_of_a_completed_booking_leads_to_its_confirmation,
    names_must_be_visible_readable_text_without_direction_overrides,
    missing_studios_types_bookings_and_pages_answer_404,
    pages_carry_a_content_security_policy_and_hardening_headers,
    prefilled_text_cannot_break_out_of_its_field,
    a_new_share_link_makes_the_old_one_stop_working,
    an_online_session_says_where_it_happens,
    dates_are_typed_as_the_page_writes_them,
);
