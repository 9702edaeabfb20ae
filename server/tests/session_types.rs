//! Editing, duplicating and changing the status of session types, only within one's own studio.

mod support;

use support::TestApp;

on_both_backends!(
    an_instructor_edits_a_session_type_and_sees_its_settings_again,
    a_duplicate_is_a_draft_copy,
    pausing_hides_a_type_from_students_and_archiving_keeps_it_hidden,
    another_studios_session_types_cannot_be_read_or_changed,
    signed_out_callers_cannot_read_or_change_session_types,
    an_edit_with_bad_values_names_each_field_and_changes_nothing,
    members_only_and_private_types_stay_off_the_public_page_and_unbookable,
);

async fn an_instructor_edits_a_session_type_and_sees_its_settings_again(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = instructor.session_type("Lesson", 1, "active").await;
    let edited = instructor
        .call(
            "update_session_type",
            &[
                ("session_type_id", &id),
                ("name", "Long lesson"),
                ("description", "Ninety minutes."),
                ("duration_minutes", "90"),
                ("capacity", "2"),
                ("price", "60"),
                ("non_member_price", "75"),
                ("status", "active"),
                ("location", "Room 3"),
                ("buffer_minutes", "15"),
                ("max_per_day", "3"),
            ],
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(edited.json()["duration_label"], "1 h 30 min");
    let settings = instructor
        .call("session_type_settings", &[("id", &id)])
        .await
        .json();
    assert_eq!(settings["name"], "Long lesson");
    assert_eq!(settings["price"], "60.00");
    assert_eq!(settings["non_member_price"], "75.00");
    assert_eq!(settings["buffer_minutes"], "15");
    assert_eq!(settings["max_per_day"], "3");
    assert_eq!(settings["max_lead_days"], "60");
}

async fn a_duplicate_is_a_draft_copy(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = instructor.session_type("Lesson", 3, "active").await;
    let copy = instructor
        .call("duplicate_session_type", &[("id", &id)])
        .await;
    assert_eq!(copy.status, 200, "{}", copy.body);
    let copy = copy.json();
    assert_eq!(copy["name"], "Copy of Lesson");
    assert_eq!(copy["status_key"], "draft");
    assert_eq!(copy["capacity"], 3);
    assert_ne!(copy["id"].to_string(), id);
    let listed = instructor.call("session_types", &[]).await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
}

async fn pausing_hides_a_type_from_students_and_archiving_keeps_it_hidden(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = instructor.session_type("Lesson", 1, "active").await;
    let listed = |app: &TestApp| {
        let student = app.visitor();
        async move {
            let studio = student
                .call("public_studio", &[("slug", "maple-yoga")])
                .await
                .json();
            studio["session_types"]
                .as_array()
                .map(Vec::len)
                .unwrap_or_default()
        }
    };
    assert_eq!(listed(&app).await, 1);
    for (status, visible) in [("paused", 0), ("active", 1), ("archived", 0)] {
        let reply = instructor
            .call(
                "set_session_type_status",
                &[("id", &id), ("status", status)],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.json()["status_key"], status);
        assert_eq!(listed(&app).await, visible, "after {status}");
    }
    let bad = instructor
        .call(
            "set_session_type_status",
            &[("id", &id), ("status", "gone")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.field_message("status").is_some());
}

async fn another_studios_session_types_cannot_be_read_or_changed(app: TestApp) {
    let owner = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = owner.session_type("Lesson", 1, "active").await;
    let intruder = app.instructor_with_studio("other-studio", "UTC").await;
    let attempts: [(&str, Vec<(&str, &str)>); 4] = [
        ("session_type_settings", vec![("id", &id)]),
        (
            "update_session_type",
            vec![
                ("session_type_id", &id),
                ("name", "Hijacked"),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", "1"),
                ("status", "active"),
            ],
        ),
        ("duplicate_session_type", vec![("id", &id)]),
        (
            "set_session_type_status",
            vec![("id", &id), ("status", "archived")],
        ),
    ];
    for (endpoint, form) in attempts {
        let reply = intruder.call(endpoint, &form).await;
        assert_eq!(reply.status, 404, "{endpoint}: {}", reply.body);
    }
    let settings = owner
        .call("session_type_settings", &[("id", &id)])
        .await
        .json();
    assert_eq!(settings["name"], "Lesson");
    assert_eq!(settings["status"], "active");
    assert_eq!(
        intruder.call("session_types", &[]).await.json(),
        serde_json::json!([])
    );
}

async fn signed_out_callers_cannot_read_or_change_session_types(app: TestApp) {
    let owner = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = owner.session_type("Lesson", 1, "active").await;
    let visitor = app.visitor();
    for (endpoint, form) in [
        ("session_type_settings", vec![("id", id.as_str())]),
        ("duplicate_session_type", vec![("id", id.as_str())]),
        (
            "set_session_type_status",
            vec![("id", id.as_str()), ("status", "archived")],
        ),
        (
            "update_session_type",
            vec![
                ("session_type_id", id.as_str()),
                ("name", "X"),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", "1"),
                ("status", "active"),
            ],
        ),
    ] {
        let reply = visitor.call(endpoint, &form).await;
        assert_eq!(reply.status, 401, "{endpoint}: {}", reply.body);
    }
}

async fn an_edit_with_bad_values_names_each_field_and_changes_nothing(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = instructor.session_type("Lesson", 1, "active").await;
    let too_long = "x".repeat(5_000);
    let reply = instructor
        .call(
            "update_session_type",
            &[
                ("session_type_id", &id),
                ("name", ""),
                ("description", &too_long),
                ("duration_minutes", "50"),
                ("capacity", "0"),
                ("price", "-1"),
                ("non_member_price", "lots"),
                ("status", "sleeping"),
                ("location", &too_long),
                ("access_level", "friends"),
                ("buffer_minutes", "7"),
                ("min_lead_hours", "-3"),
                ("max_lead_days", "9999"),
                ("max_per_day", "0"),
                ("video_link", "http://zoom.us/j/1"),
                ("cover_image", "../../etc/passwd.png"),
                ("questions[0][prompt]", ""),
                ("questions[0][kind]", "short_text"),
                ("questions[1][prompt]", "Level?"),
                ("questions[1][kind]", "single_choice"),
                ("questions[1][options]", "Only one"),
                ("questions[2][prompt]", "Anything else?"),
                ("questions[2][kind]", "essay"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    for field in [
        "name",
        "description",
        "duration_minutes",
        "capacity",
        "price",
        "non_member_price",
        "status",
        "location",
        "access_level",
        "buffer_minutes",
        "min_lead_hours",
        "max_lead_days",
        "max_per_day",
        "video_link",
        "cover_image",
        "questions[0].prompt",
        "questions[1].options",
        "questions[2].kind",
    ] {
        assert!(reply.field_message(field).is_some(), "{field}");
    }
    let unknown = instructor
        .call(
            "update_session_type",
            &[("session_type_id", "abc"), ("name", "x")],
        )
        .await;
    assert_eq!(unknown.status, 400, "{}", unknown.body);
    let settings = instructor
        .call("session_type_settings", &[("id", &id)])
        .await
        .json();
    assert_eq!(settings["name"], "Lesson");
}

async fn members_only_and_private_types_stay_off_the_public_page_and_unbookable(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor
        .session_type_with(&[("name", "Open lesson")])
        .await;
    let members = instructor
        .session_type_with(&[("name", "Members class"), ("access_level", "members_only")])
        .await;
    let private = instructor
        .session_type_with(&[("name", "Private coaching"), ("access_level", "private")])
        .await;
    let student = app.visitor();
    let studio = student
        .call("public_studio", &[("slug", "maple-yoga")])
        .await
        .json();
    let names: Vec<&str> = studio["session_types"]
        .as_array()
        .expect("types")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["Open lesson"]);
    let page = student.get("/s/maple-yoga").await;
    assert!(
        !page.body.contains("Members class") && !page.body.contains("Private coaching"),
        "not in the page source"
    );
    let start = format!("{}T10:00:00Z", support::day_after_tomorrow("UTC"));
    // Guests are told a members-only type needs membership; a private type does not exist
    // for them at all.
    for (id, refused) in [(members, 403), (private, 404)] {
        let options = student
            .call(
                "booking_options",
                &[("slug", "maple-yoga"), ("session_type_id", &id)],
            )
            .await;
        assert_eq!(options.status, refused, "{}", options.body);
        let booking = student
            .book("maple-yoga", &id, &start, "Ada", "ada@example.com")
            .await;
        assert_eq!(booking.status, refused, "{}", booking.body);
    }
}
