//! Settings > Offerings, members and their CSV import, covers, video links and questions.

mod support;

use support::{PNG_BYTES, TestApp, day_after_tomorrow, link_of};

on_both_backends!(
    offerings_start_with_personal_sessions_on_and_paying_at_the_session,
    saved_offerings_and_the_time_zone_are_shown_again,
    bad_offerings_are_refused_by_field,
    switching_personal_sessions_off_hides_them_from_students,
    the_default_access_level_applies_to_types_without_their_own,
    members_are_added_listed_and_removed,
    an_email_already_on_the_member_list_is_refused_by_field,
    a_csv_import_adds_valid_rows_and_reports_the_rest,
    another_studios_member_cannot_be_removed,
    signed_out_callers_cannot_use_settings_or_members,
    a_cover_image_is_uploaded_stored_and_shown_to_students,
    uploads_that_are_not_covers_are_refused_with_a_reason,
    a_cover_must_be_one_the_studio_uploaded,
    video_link_and_questions_are_kept_and_students_answer_them,
    a_required_question_left_blank_refuses_the_booking_by_field,
    the_landing_page_features_session_types_only_when_asked_to,
    forms_carry_their_saved_values_before_any_script_runs,
    members_are_charged_the_member_price_and_marked_in_the_bookings,
    answers_to_questions_changed_meanwhile_are_refused,
);

async fn offerings_start_with_personal_sessions_on_and_paying_at_the_session(app: TestApp) {
    let instructor = app
        .instructor_with_studio("maple-yoga", "Europe/Berlin")
        .await;
    let settings = instructor.call("offerings", &[]).await;
    assert_eq!(settings.status, 200, "{}", settings.body);
    let settings = settings.json();
    assert_eq!(settings["personal_sessions"], true);
    assert_eq!(settings["show_on_landing"], true);
    assert_eq!(settings["default_access_level"], "public");
    assert_eq!(settings["pay_at_session"], true);
    assert_eq!(settings["pay_by_check"], false);
    assert_eq!(settings["pay_with_stripe"], false);
    assert_eq!(settings["stripe_configured"], false);
    assert_eq!(settings["timezone"], "Europe/Berlin");
}

async fn saved_offerings_and_the_time_zone_are_shown_again(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let saved = instructor
        .call(
            "save_offerings",
            &[
                ("personal_sessions", "on"),
                ("default_access_level", "members_only"),
                ("pay_by_check", "on"),
                ("timezone", "Australia/Lord_Howe"),
                ("currency", "EUR"),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let settings = instructor.call("offerings", &[]).await.json();
    assert_eq!(settings["show_on_landing"], false);
    assert_eq!(settings["default_access_level"], "members_only");
    assert_eq!(settings["pay_at_session"], false);
    assert_eq!(settings["pay_by_check"], true);
    assert_eq!(settings["timezone"], "Australia/Lord_Howe");
    assert_eq!(settings["currency"], "EUR");
    let account = instructor.call("account", &[]).await.json();
    assert_eq!(account["studio"]["timezone"], "Australia/Lord_Howe");
    assert_eq!(account["studio"]["name"], "Maple Yoga", "the name is kept");
}

async fn bad_offerings_are_refused_by_field(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let reply = instructor
        .call(
            "save_offerings",
            &[
                ("personal_sessions", "on"),
                ("default_access_level", "friends"),
                ("timezone", "Mars/Olympus_Mons"),
                ("currency", "XYZ"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    for field in [
        "default_access_level",
        "timezone",
        "currency",
        "payment_methods",
    ] {
        assert!(
            reply.field_message(field).is_some(),
            "{field}: {}",
            reply.body
        );
    }
    let stripe = instructor
        .call(
            "save_offerings",
            &[
                ("default_access_level", "public"),
                ("pay_with_stripe", "on"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    assert_eq!(stripe.status, 422);
    assert!(
        stripe
            .field_message("pay_with_stripe")
            .is_some_and(|message| message.contains("not configured")),
        "{}",
        stripe.body
    );
    let settings = instructor.call("offerings", &[]).await.json();
    assert_eq!(settings["default_access_level"], "public", "nothing saved");
}

async fn switching_personal_sessions_off_hides_them_from_students(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = instructor.session_type("Lesson", 1, "active").await;
    let off = instructor
        .call(
            "save_offerings",
            &[
                ("default_access_level", "public"),
                ("pay_at_session", "on"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    assert_eq!(off.status, 200, "{}", off.body);
    let student = app.visitor();
    let page = student
        .call("public_studio", &[("slug", "maple-yoga")])
        .await;
    assert_eq!(page.json()["session_types"], serde_json::json!([]));
    let options = student
        .call(
            "booking_options",
            &[("slug", "maple-yoga"), ("session_type_id", &lesson)],
        )
        .await;
    assert_eq!(options.status, 404, "{}", options.body);
    let date = day_after_tomorrow("UTC");
    let booking = student
        .book(
            "maple-yoga",
            &lesson,
            &format!("{date}T10:00:00Z"),
            "Ada",
            "ada@example.com",
        )
        .await;
    assert_eq!(booking.status, 404, "{}", booking.body);
}

async fn the_default_access_level_applies_to_types_without_their_own(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor.session_type("Lesson", 1, "active").await;
    instructor
        .session_type_with(&[("name", "Open class"), ("access_level", "public")])
        .await;
    instructor
        .call(
            "save_offerings",
            &[
                ("personal_sessions", "on"),
                ("default_access_level", "members_only"),
                ("pay_at_session", "on"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    let page = app
        .visitor()
        .call("public_studio", &[("slug", "maple-yoga")])
        .await
        .json();
    let names: Vec<&str> = page["session_types"]
        .as_array()
        .expect("types")
        .iter()
        .filter_map(|session_type| session_type["name"].as_str())
        .collect();
    assert_eq!(names, ["Open class"]);
}

async fn members_are_added_listed_and_removed(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    for (name, email) in [
        ("Zoe Quinn", "zoe@example.com"),
        ("ada lovelace", "Ada@Example.com"),
    ] {
        let added = instructor
            .call("add_member", &[("name", name), ("email", email)])
            .await;
        assert_eq!(added.status, 200, "{}", added.body);
    }
    let list = instructor.call("members", &[]).await.json();
    assert_eq!(list[0]["name"], "ada lovelace", "by name, ignoring case");
    assert_eq!(
        list[0]["email"], "ada@example.com",
        "emails are lower-cased"
    );
    assert_eq!(list[1]["name"], "Zoe Quinn");
    let ada = list[0]["id"].to_string();
    let removed = instructor.call("remove_member", &[("id", &ada)]).await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    let list = instructor.call("members", &[]).await.json();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let again = instructor.call("remove_member", &[("id", &ada)]).await;
    assert_eq!(again.status, 404);
}

async fn an_email_already_on_the_member_list_is_refused_by_field(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor
        .call(
            "add_member",
            &[("name", "Ada"), ("email", "ada@example.com")],
        )
        .await;
    let twice = instructor
        .call(
            "add_member",
            &[("name", "Ada L."), ("email", "ADA@example.com")],
        )
        .await;
    assert_eq!(twice.status, 422);
    assert_eq!(
        twice.field_message("email").as_deref(),
        Some("This email is already on your member list.")
    );
    let bad = instructor
        .call("add_member", &[("name", ""), ("email", "nope")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.field_message("name").is_some() && bad.field_message("email").is_some());
}

async fn a_csv_import_adds_valid_rows_and_reports_the_rest(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor
        .call(
            "add_member",
            &[("name", "Ada"), ("email", "ada@example.com")],
        )
        .await;
    let csv = "Name,Email\r\n\"Hopper, Grace\",grace@example.com\r\nAda Again,ada@example.com\r\n,nobody@example.com\r\nAlan Turing,not-an-email\r\nKatherine Johnson,katherine@example.com\r\n";
    let reply = instructor.call("import_members", &[("csv", csv)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["added"], 2);
    assert_eq!(
        report["already_members"],
        serde_json::json!(["ada@example.com"])
    );
    let rejected = report["rejected"].as_array().expect("rejected rows");
    let lines: Vec<u64> = rejected
        .iter()
        .filter_map(|row| row["line"].as_u64())
        .collect();
    assert_eq!(lines, [4, 5]);
    assert!(
        rejected
            .iter()
            .all(|row| row["reason"].as_str().is_some_and(|r| !r.is_empty()))
    );
    let names: Vec<String> = instructor
        .call("members", &[])
        .await
        .json()
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|member| member["name"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names, ["Ada", "Hopper, Grace", "Katherine Johnson"]);
    let empty = instructor.call("import_members", &[("csv", "  ")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.field_message("csv").is_some());
}

async fn another_studios_member_cannot_be_removed(app: TestApp) {
    let owner = app.instructor_with_studio("maple-yoga", "UTC").await;
    owner
        .call(
            "add_member",
            &[("name", "Ada"), ("email", "ada@example.com")],
        )
        .await;
    let ada = owner.call("members", &[]).await.json()[0]["id"].to_string();
    let intruder = app.instructor_with_studio("other-studio", "UTC").await;
    let refused = intruder.call("remove_member", &[("id", &ada)]).await;
    assert_eq!(refused.status, 404, "{}", refused.body);
    assert_eq!(
        intruder.call("members", &[]).await.json(),
        serde_json::json!([])
    );
    assert_eq!(
        owner
            .call("members", &[])
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

async fn signed_out_callers_cannot_use_settings_or_members(app: TestApp) {
    let owner = app.instructor_with_studio("maple-yoga", "UTC").await;
    owner
        .call(
            "add_member",
            &[("name", "Ada"), ("email", "ada@example.com")],
        )
        .await;
    let ada = owner.call("members", &[]).await.json()[0]["id"].to_string();
    let visitor = app.visitor();
    for (endpoint, form) in [
        ("offerings", vec![]),
        (
            "save_offerings",
            vec![
                ("default_access_level", "public"),
                ("pay_at_session", "on"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        ),
        ("members", vec![]),
        (
            "add_member",
            vec![("name", "Eve"), ("email", "eve@example.com")],
        ),
        ("remove_member", vec![("id", ada.as_str())]),
        ("import_members", vec![("csv", "Eve,eve@example.com")]),
    ] {
        let reply = visitor.call(endpoint, &form).await;
        assert_eq!(reply.status, 401, "{endpoint}: {}", reply.body);
    }
    let upload = visitor.upload_cover("cover.png", PNG_BYTES).await;
    assert_eq!(upload.status, 401, "{}", upload.body);
    assert_eq!(
        owner
            .call("members", &[])
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

async fn a_cover_image_is_uploaded_stored_and_shown_to_students(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let uploaded = instructor.upload_cover("my photo.gif", PNG_BYTES).await;
    assert_eq!(uploaded.status, 200, "{}", uploaded.body);
    let name = uploaded.json()["name"].as_str().expect("name").to_owned();
    assert!(
        name.ends_with(".png"),
        "named by its content, not its file name: {name}"
    );
    let id = instructor
        .session_type_with(&[("cover_image", &name)])
        .await;
    let settings = instructor
        .call("session_type_settings", &[("id", &id)])
        .await
        .json();
    assert_eq!(settings["cover_image"], name.as_str());

    let page = app
        .visitor()
        .call("public_studio", &[("slug", "maple-yoga")])
        .await
        .json();
    let url = page["session_types"][0]["cover_url"]
        .as_str()
        .expect("cover url")
        .to_owned();
    assert_eq!(url, format!("/media/{name}"));
    let image = app.visitor().get(&url).await;
    assert_eq!(image.status, 200);
    assert_eq!(image.headers["content-type"], "image/png");
    assert_eq!(image.headers["x-content-type-options"], "nosniff");
    assert!(
        image.headers["content-security-policy"]
            .to_str()
            .is_ok_and(|policy| policy.contains("sandbox"))
    );
    let elsewhere = app.visitor().get("/media/outbox/anything.eml").await;
    assert_eq!(elsewhere.status, 404, "only covers are served");
    let studio_page = app.visitor().get("/s/maple-yoga").await;
    assert!(
        studio_page.body.contains(&url),
        "the student page shows the cover"
    );
}

async fn uploads_that_are_not_covers_are_refused_with_a_reason(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let gif = instructor
        .upload_cover("cover.png", b"GIF89a\x01\x00\x01\x00")
        .await;
    assert_eq!(gif.status, 422, "{}", gif.body);
    assert_eq!(
        gif.field_message("cover_image").as_deref(),
        Some("Covers must be JPEG, PNG or WebP images.")
    );
    // Just over the limit: the server reads it all and answers, instead of cutting the upload
    // off mid-way (which a client may see as a broken connection rather than the answer).
    let mut huge = PNG_BYTES.to_vec();
    huge.resize(5 * 1024 * 1024 + 1, 0);
    let too_big = instructor.upload_cover("big.png", &huge).await;
    assert_eq!(too_big.status, 422, "{}", too_big.body);
    assert!(
        too_big
            .field_message("cover_image")
            .is_some_and(|message| message.contains("5 MB")),
        "{}",
        too_big.body
    );
    let not_multipart = instructor.call_raw_upload("plain text").await;
    assert_eq!(not_multipart.status, 400, "{}", not_multipart.body);
}

async fn a_cover_must_be_one_the_studio_uploaded(app: TestApp) {
    let other = app.instructor_with_studio("other-studio", "UTC").await;
    let theirs = other.upload_cover("cover.png", PNG_BYTES).await.json()["name"]
        .as_str()
        .expect("name")
        .to_owned();
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    for cover in [theirs.as_str(), "covers/1-made-up.png"] {
        let reply = instructor
            .call(
                "create_session_type",
                &[
                    ("name", "Lesson"),
                    ("duration_minutes", "60"),
                    ("capacity", "1"),
                    ("price", "45"),
                    ("status", "active"),
                    ("cover_image", cover),
                ],
            )
            .await;
        assert_eq!(reply.status, 422, "{cover}: {}", reply.body);
        assert!(reply.field_message("cover_image").is_some());
    }
}

async fn video_link_and_questions_are_kept_and_students_answer_them(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = instructor
        .session_type_with(&[
            ("video_link", "https://meet.example.com/maple"),
            ("questions[0][prompt]", "Your level?"),
            ("questions[0][kind]", "single_choice"),
            ("questions[0][options]", "Beginner\nAdvanced"),
            ("questions[0][required]", "on"),
            ("questions[1][prompt]", "Anything we should know?"),
            ("questions[1][kind]", "long_text"),
        ])
        .await;
    let settings = instructor
        .call("session_type_settings", &[("id", &id)])
        .await
        .json();
    assert_eq!(settings["video_link"], "https://meet.example.com/maple");
    assert_eq!(settings["questions"][0]["prompt"], "Your level?");
    assert_eq!(settings["questions"][0]["options"], "Beginner\nAdvanced");
    assert_eq!(settings["questions"][0]["required"], "on");
    assert_eq!(settings["questions"][1]["kind"], "long_text");
    assert_eq!(
        settings["questions"][1]["required"],
        serde_json::Value::Null
    );

    let date = day_after_tomorrow("UTC");
    let options = app
        .visitor()
        .call(
            "booking_options",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", &id),
                ("date", &date),
            ],
        )
        .await
        .json();
    assert_eq!(
        options["questions"][0]["options"],
        serde_json::json!(["Beginner", "Advanced"])
    );
    let start = format!("{date}T10:00:00Z");
    let booked = app
        .visitor()
        .call(
            "book_session",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", &id),
                ("start", &start),
                ("student_name", "Ada"),
                ("student_email", "ada@example.com"),
                ("answers[0]", "Advanced"),
                ("answers[1]", "Bad knee.\nLeft one."),
            ],
        )
        .await;
    assert!(booked.status < 400, "{}", booked.body);
    let link = link_of(&booked);
    let confirmation = app.visitor().booking_page(&link).await;
    assert_eq!(confirmation["video_link"], "https://meet.example.com/maple");
    assert_eq!(
        confirmation["answers"],
        serde_json::json!([
            ["Your level?", "Advanced"],
            ["Anything we should know?", "Bad knee.\nLeft one."]
        ])
    );
    let list = instructor.call("bookings", &[]).await.json();
    assert_eq!(
        list[0]["answers"][0],
        serde_json::json!(["Your level?", "Advanced"])
    );
}

async fn a_required_question_left_blank_refuses_the_booking_by_field(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = instructor
        .session_type_with(&[
            ("questions[0][prompt]", "Your level?"),
            ("questions[0][kind]", "single_choice"),
            ("questions[0][options]", "Beginner\nAdvanced"),
            ("questions[0][required]", "on"),
        ])
        .await;
    let date = day_after_tomorrow("UTC");
    let start = format!("{date}T10:00:00Z");
    for answers in [
        vec![],
        vec![("answers[0]", "Expert")],
        vec![("answers[7]", "?")],
    ] {
        let mut form = vec![
            ("slug", "maple-yoga"),
            ("session_type_id", id.as_str()),
            ("start", start.as_str()),
            ("student_name", "Ada"),
            ("student_email", "ada@example.com"),
        ];
        form.extend(answers.iter().copied());
        let refused = app.visitor().call("book_session", &form).await;
        assert_eq!(refused.status, 422, "{answers:?}: {}", refused.body);
        let field = answers.first().map_or("answers[0]", |(field, _)| field);
        assert!(
            refused.field_message(field).is_some(),
            "{answers:?}: {}",
            refused.body
        );
    }
    assert_eq!(
        instructor.call("bookings", &[]).await.json(),
        serde_json::json!([])
    );
}

async fn the_landing_page_features_session_types_only_when_asked_to(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor.session_type("Lesson", 1, "active").await;
    let featured = app
        .visitor()
        .call("public_studio", &[("slug", "maple-yoga")])
        .await
        .json();
    assert_eq!(featured["featured"], true);
    assert!(
        app.visitor()
            .get("/s/maple-yoga")
            .await
            .body
            .contains("Book Lesson")
    );

    instructor
        .call(
            "save_offerings",
            &[
                ("personal_sessions", "on"),
                ("default_access_level", "public"),
                ("pay_at_session", "on"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    let landing = app.visitor().get("/s/maple-yoga").await;
    assert!(
        !landing.body.contains("Book Lesson"),
        "not featured on the landing page"
    );
    assert!(landing.body.contains("See sessions and book"));
    let list = app.visitor().get("/s/maple-yoga?view=sessions").await;
    assert!(
        list.body.contains("Book Lesson"),
        "still listed and bookable"
    );
}

/// Without JavaScript (or before it loads) a form posts what the server rendered, so every saved
/// value must be in the HTML itself, not only set by the browser code.
async fn forms_carry_their_saved_values_before_any_script_runs(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let hours = instructor.get("/dashboard/availability").await;
    assert!(
        hours.body.contains(r#"value="00:00-24:00""#),
        "weekly hours are in the page"
    );

    let cover = instructor.upload_cover("cover.png", PNG_BYTES).await.json()["name"]
        .as_str()
        .expect("name")
        .to_owned();
    let id = instructor
        .session_type_with(&[
            ("description", "Ninety minutes of clay."),
            ("cover_image", &cover),
            ("questions[0][prompt]", "Your level?"),
            ("questions[0][kind]", "single_choice"),
            ("questions[0][options]", "Beginner\nAdvanced"),
            ("questions[0][required]", "on"),
        ])
        .await;
    let page = instructor
        .get(&format!("/dashboard/session-types/{id}"))
        .await;
    assert_eq!(page.status, 200);
    for expected in [
        "Ninety minutes of clay.</textarea>".to_owned(),
        format!(r#"value="{cover}""#),
        r#"value="Your level?""#.to_owned(),
        "Beginner\nAdvanced</textarea>".to_owned(),
    ] {
        assert!(
            page.body.contains(&expected),
            "{expected} is in the edit page"
        );
    }
    let required = page
        .body
        .split(r#"name="questions[0][required]""#)
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or_default()
        .to_owned();
    assert!(
        required.contains("checked"),
        "the Required box is ticked: {required}"
    );
}

async fn members_are_charged_the_member_price_and_marked_in_the_bookings(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = instructor
        .session_type_with(&[("price", "40"), ("non_member_price", "55")])
        .await;
    instructor
        .call(
            "add_member",
            &[("name", "Ada"), ("email", "ada@example.com")],
        )
        .await;
    let date = day_after_tomorrow("UTC");
    let mut prices = Vec::new();
    // Ada signs in with her member email; Bob books as a guest; a guest typing Ada's email
    // proves nothing and pays the non-member price.
    let ada = app.signed_in_student("ada@example.com").await;
    let guest = app.visitor();
    for (hour, name, email, student) in [
        ("10", "Ada", "ADA@example.com", &ada),
        ("12", "Bob", "bob@example.com", &guest),
        ("14", "Not Ada", "ada@example.com", &guest),
    ] {
        let booked = student
            .book(
                "maple-yoga",
                &lesson,
                &format!("{date}T{hour}:00:00Z"),
                name,
                email,
            )
            .await;
        assert!(booked.status < 400, "{}", booked.body);
        let link = link_of(&booked);
        let confirmation = app.visitor().booking_page(&link).await;
        prices.push(
            confirmation["price_label"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    assert_eq!(prices, ["$40.00 (member price)", "$55.00", "$55.00"]);
    let list = instructor.call("bookings", &[]).await.json();
    let members: Vec<(String, bool)> = list
        .as_array()
        .expect("bookings")
        .iter()
        .map(|item| {
            (
                item["student_name"].as_str().unwrap_or_default().to_owned(),
                item["member"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        members,
        [
            ("Ada".to_owned(), true),
            ("Bob".to_owned(), false),
            ("Not Ada".to_owned(), true)
        ],
        "the list marks emails on the member list"
    );
}

async fn answers_to_questions_changed_meanwhile_are_refused(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let question = |prompt: &'static str| {
        [
            ("questions[0][prompt]", prompt),
            ("questions[0][kind]", "short_text"),
        ]
    };
    let id = instructor.session_type_with(&question("Your goal?")).await;
    let date = day_after_tomorrow("UTC");
    let shown = app
        .visitor()
        .call(
            "booking_options",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", &id),
                ("date", &date),
            ],
        )
        .await
        .json();
    let version = shown["questions_version"]
        .as_str()
        .expect("version")
        .to_owned();
    let mut edit = vec![
        ("session_type_id", id.as_str()),
        ("name", "Lesson"),
        ("duration_minutes", "60"),
        ("capacity", "1"),
        ("price", "45"),
        ("status", "active"),
    ];
    edit.extend(question("Any injuries?"));
    let edited = instructor.call("update_session_type", &edit).await;
    assert_eq!(edited.status, 200, "{}", edited.body);

    let start = format!("{date}T10:00:00Z");
    let book = |version: String| {
        let (id, start) = (id.clone(), start.clone());
        let student = app.visitor();
        async move {
            student
                .call(
                    "book_session",
                    &[
                        ("slug", "maple-yoga"),
                        ("session_type_id", &id),
                        ("start", &start),
                        ("student_name", "Ada"),
                        ("student_email", "ada@example.com"),
                        ("answers[0]", "Get stronger"),
                        ("questions_version", &version),
                    ],
                )
                .await
        }
    };
    let stale = book(version).await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("Reload the page"), "{}", stale.body);
    assert_eq!(
        instructor.call("bookings", &[]).await.json(),
        serde_json::json!([])
    );

    let fresh = app
        .visitor()
        .call(
            "booking_options",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", &id),
                ("date", &date),
            ],
        )
        .await
        .json()["questions_version"]
        .as_str()
        .expect("version")
        .to_owned();
    let booked = book(fresh).await;
    assert!(booked.status < 400, "{}", booked.body);
}
