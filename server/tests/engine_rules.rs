//! The session type's booking rules, applied by the one decision function at listing and at booking.

mod support;

use support::{TestApp, day_after_tomorrow};

on_both_backends!(
    invalid_advanced_settings_are_refused_by_field,
    a_buffer_and_a_daily_maximum_shape_slots_and_bookings_alike,
    the_maximum_lead_time_hides_and_refuses_far_dates,
    visitors_who_are_not_signed_in_members_see_the_non_member_price,
);

async fn invalid_advanced_settings_are_refused_by_field(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let reply = instructor
        .call(
            "create_session_type",
            &[
                ("name", "Lesson"),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", "45"),
                ("status", "active"),
                ("non_member_price", "-1"),
                ("access_level", "friends"),
                ("buffer_minutes", "20"),
                ("min_lead_hours", "-3"),
                ("max_lead_days", "0"),
                ("max_per_day", "0"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    for field in [
        "non_member_price",
        "access_level",
        "buffer_minutes",
        "min_lead_hours",
        "max_lead_days",
        "max_per_day",
    ] {
        assert!(
            reply.field_message(field).is_some(),
            "{field}: {}",
            reply.body
        );
    }
}

async fn a_buffer_and_a_daily_maximum_shape_slots_and_bookings_alike(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor.open_every_day("09:00-13:00").await;
    let lesson = instructor
        .session_type_with(&[("buffer_minutes", "30"), ("max_per_day", "1")])
        .await;
    let date = day_after_tomorrow("UTC");
    let student = app.visitor();
    // Starts sit on the opening time's grid; the buffer keeps bookings apart, not away from
    // the opening time.
    assert_eq!(
        student.slot_times("maple-yoga", &lesson, &date).await,
        ["09:00", "10:00", "11:00", "12:00"]
    );
    let off_grid = student
        .book(
            "maple-yoga",
            &lesson,
            &format!("{date}T09:30:00Z"),
            "Ada",
            "ada@example.com",
        )
        .await;
    assert_eq!(off_grid.status, 409, "{}", off_grid.body);
    let booked = student
        .book(
            "maple-yoga",
            &lesson,
            &format!("{date}T09:00:00Z"),
            "Ada",
            "ada@example.com",
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    assert!(
        student.slots("maple-yoga", &lesson, &date).await.is_empty(),
        "one session a day"
    );
    let second = student
        .book(
            "maple-yoga",
            &lesson,
            &format!("{date}T11:00:00Z"),
            "Bob",
            "bob@example.com",
        )
        .await;
    assert_eq!(second.status, 409);
    assert!(second.body.contains("fully booked"), "{}", second.body);
}

async fn the_maximum_lead_time_hides_and_refuses_far_dates(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let soon_only = instructor
        .session_type_with(&[("max_lead_days", "1")])
        .await;
    let date = day_after_tomorrow("UTC");
    let student = app.visitor();
    assert!(
        student
            .slots("maple-yoga", &soon_only, &date)
            .await
            .is_empty()
    );
    let far = student
        .book(
            "maple-yoga",
            &soon_only,
            &format!("{date}T10:00:00Z"),
            "Ada",
            "ada@example.com",
        )
        .await;
    assert_eq!(far.status, 409);
    assert!(far.body.contains("too far ahead"), "{}", far.body);
}

async fn visitors_who_are_not_signed_in_members_see_the_non_member_price(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor
        .session_type_with(&[("price", "40"), ("non_member_price", "55")])
        .await;
    let studio = app
        .visitor()
        .call("public_studio", &[("slug", "maple-yoga")])
        .await
        .json();
    assert_eq!(studio["session_types"][0]["price_label"], "$55.00");
}
