//! Date overrides and the instructor's preview, through the same decision function as booking.

mod support;

use support::{TestApp, day_after_tomorrow};

on_both_backends!(
    a_closed_date_offers_no_slots_and_refuses_bookings,
    a_date_with_its_own_hours_offers_just_those,
    the_preview_shows_what_students_will_see,
    bad_overrides_are_refused_by_field,
    signed_out_callers_and_other_studios_cannot_use_availability_functions,
);

async fn a_closed_date_offers_no_slots_and_refuses_bookings(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = instructor.session_type("Lesson", 1, "active").await;
    let date = day_after_tomorrow("UTC");
    let closed = instructor
        .call("save_date_override", &[("date", &date), ("closed", "on")])
        .await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    let student = app.visitor();
    assert!(student.slots("maple-yoga", &lesson, &date).await.is_empty());
    let refused = student
        .book(
            "maple-yoga",
            &lesson,
            &format!("{date}T10:00:00Z"),
            "Ada",
            "ada@example.com",
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let listed = instructor.call("date_overrides", &[]).await.json();
    assert_eq!(listed[0]["date"], date.as_str());
    assert_eq!(listed[0]["hours"], "Closed");
    instructor
        .call("remove_date_override", &[("date", &date)])
        .await;
    assert_eq!(student.slots("maple-yoga", &lesson, &date).await.len(), 24);
}

async fn a_date_with_its_own_hours_offers_just_those(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = instructor.session_type("Lesson", 1, "active").await;
    let date = day_after_tomorrow("UTC");
    let saved = instructor
        .call(
            "save_date_override",
            &[("date", &date), ("hours", "13:00-15:00, 09:00-10:00")],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let labels: Vec<String> = app
        .visitor()
        .slots("maple-yoga", &lesson, &date)
        .await
        .iter()
        .filter_map(|slot| slot["time_label"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(labels, ["09:00", "13:00", "14:00"]);
    assert_eq!(
        instructor.call("date_overrides", &[]).await.json()[0]["hours"],
        "09:00-10:00, 13:00-15:00"
    );
}

async fn the_preview_shows_what_students_will_see(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor.open_every_day("09:00-12:00").await;
    let lesson = instructor.session_type("Lesson", 1, "active").await;
    let draft = instructor
        .session_type_with(&[
            ("name", "Draft class"),
            ("status", "draft"),
            ("duration_minutes", "90"),
        ])
        .await;
    let date = day_after_tomorrow("UTC");
    instructor
        .call("save_date_override", &[("date", &date), ("closed", "on")])
        .await;
    let preview = instructor
        .call("availability_preview", &[("session_type_id", &lesson)])
        .await
        .json();
    let days = preview["days"].as_array().expect("days");
    assert_eq!(days.len(), 14);
    assert_eq!(days[2]["slots"], serde_json::json!([]), "the closed day");
    assert_eq!(
        days[3]["slots"],
        serde_json::json!(["09:00", "10:00", "11:00"])
    );
    let student_slots: Vec<serde_json::Value> = app
        .visitor()
        .slots("maple-yoga", &lesson, &support::days_from_today("UTC", 3))
        .await
        .iter()
        .map(|slot| slot["time_label"].clone())
        .collect();
    assert_eq!(serde_json::Value::Array(student_slots), days[3]["slots"]);
    let draft_preview = instructor
        .call("availability_preview", &[("session_type_id", &draft)])
        .await
        .json();
    assert_eq!(
        draft_preview["days"][3]["slots"],
        serde_json::json!(["09:00", "10:30"]),
        "drafts can be checked"
    );
    let default = instructor.call("availability_preview", &[]).await.json();
    assert_eq!(
        default["chosen"].to_string(),
        lesson,
        "the first type when none is chosen"
    );
}

async fn bad_overrides_are_refused_by_field(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    for (form, field) in [
        (vec![("date", "someday"), ("hours", "10:00-12:00")], "date"),
        (
            vec![("date", "2020-01-01"), ("hours", "10:00-12:00")],
            "date",
        ),
        (vec![("date", "2099-01-01"), ("hours", "")], "hours"),
        (
            vec![("date", "2099-01-01"), ("hours", "12:00-10:00")],
            "hours",
        ),
        (
            vec![
                ("date", "2099-01-01"),
                ("hours", "10:00-12:00, 11:00-13:00"),
            ],
            "hours",
        ),
    ] {
        let reply = instructor.call("save_date_override", &form).await;
        assert_eq!(reply.status, 422, "{form:?}: {}", reply.body);
        assert!(
            reply.field_message(field).is_some(),
            "{form:?}: {}",
            reply.body
        );
    }
    assert_eq!(
        instructor.call("date_overrides", &[]).await.json(),
        serde_json::json!([])
    );
}

async fn signed_out_callers_and_other_studios_cannot_use_availability_functions(app: TestApp) {
    let owner = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = owner.session_type("Lesson", 1, "active").await;
    let date = day_after_tomorrow("UTC");
    owner
        .call("save_date_override", &[("date", &date), ("closed", "on")])
        .await;
    let visitor = app.visitor();
    for (endpoint, form) in [
        ("date_overrides", vec![]),
        (
            "save_date_override",
            vec![("date", date.as_str()), ("closed", "on")],
        ),
        ("remove_date_override", vec![("date", date.as_str())]),
        (
            "availability_preview",
            vec![("session_type_id", lesson.as_str())],
        ),
    ] {
        assert_eq!(
            visitor.call(endpoint, &form).await.status,
            401,
            "{endpoint}"
        );
    }
    let intruder = app.instructor_with_studio("other-studio", "UTC").await;
    let preview = intruder
        .call("availability_preview", &[("session_type_id", &lesson)])
        .await;
    assert_eq!(preview.status, 404, "{}", preview.body);
    intruder
        .call("remove_date_override", &[("date", &date)])
        .await;
    assert_eq!(
        intruder.call("date_overrides", &[]).await.json(),
        serde_json::json!([])
    );
    assert_eq!(
        owner.call("date_overrides", &[]).await.json()[0]["hours"],
        "Closed",
        "untouched by the other studio"
    );
}
