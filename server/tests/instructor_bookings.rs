//! The instructor's bookings against the real server: filters, agenda, detail and the actions
//! (cancel with a message, reject a pending booking, record attendance or payment, move), and
//! that none of them reaches another studio's booking.

mod support;

use support::{Client, TestApp, day_after_tomorrow, link_of};

fn start_at(hour: u32) -> String {
    format!("{}T{hour:02}:00:00Z", day_after_tomorrow("UTC"))
}

/// The id of the booking a student made, from the instructor's list.
async fn booking_id(instructor: &Client, student_name: &str) -> String {
    let list = instructor.call("bookings", &[]).await.json();
    list.as_array()
        .expect("list")
        .iter()
        .find(|item| item["student_name"] == student_name)
        .map(|item| item["id"].to_string())
        .expect("the booking is listed")
}

async fn studio_with_bookings(app: &TestApp) -> (Client, String) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = instructor.session_type("Lesson", 1, "active").await;
    for (hour, name, email) in [
        (9, "Ada", "ada@example.com"),
        (11, "Bob", "bob@example.com"),
    ] {
        let booked = app
            .visitor()
            .book("maple-yoga", &lesson, &start_at(hour), name, email)
            .await;
        assert_eq!(booked.status, 200, "{}", booked.body);
    }
    (instructor, lesson)
}

async fn the_list_filters_by_status_type_dates_and_search(app: TestApp) {
    let (instructor, lesson) = studio_with_bookings(&app).await;
    let names = |reply: support::Reply| -> Vec<String> {
        reply
            .json()
            .as_array()
            .expect("list")
            .iter()
            .map(|item| item["student_name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        names(instructor.call("bookings", &[("search", "BOB@")]).await),
        ["Bob"]
    );
    assert_eq!(
        names(
            instructor
                .call("bookings", &[("session_type_id", &lesson)])
                .await
        ),
        ["Ada", "Bob"]
    );
    let date = day_after_tomorrow("UTC");
    assert_eq!(
        names(
            instructor
                .call("bookings", &[("from", &date), ("to", &date)])
                .await
        ),
        ["Ada", "Bob"]
    );
    assert!(
        names(
            instructor
                .call("bookings", &[("status", "cancelled")])
                .await
        )
        .is_empty()
    );
    let refused = instructor
        .call(
            "bookings",
            &[
                ("status", "lost"),
                ("from", "someday"),
                ("to", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.field_message("status").is_some());
    assert!(refused.field_message("from").is_some());

    let agenda = instructor
        .call("agenda", &[("range", "day"), ("date", &date)])
        .await
        .json();
    assert_eq!(agenda["days"][0]["items"].as_array().map(Vec::len), Some(2));
    let week = instructor
        .call("agenda", &[("range", "week"), ("date", &date)])
        .await
        .json();
    assert_eq!(week["days"].as_array().map(Vec::len), Some(7));
    assert_eq!(
        instructor
            .call("agenda", &[("range", "month")])
            .await
            .status,
        422
    );
}

async fn the_instructor_cancels_with_a_message_the_student_receives(app: TestApp) {
    let (instructor, _) = studio_with_bookings(&app).await;
    let id = booking_id(&instructor, "Ada").await;
    let detail = instructor
        .call("booking_detail", &[("id", &id)])
        .await
        .json();
    assert_eq!(detail["can_cancel"], true);
    assert_eq!(
        detail["can_record_attendance"], false,
        "the session has not happened"
    );
    let cancelled = instructor
        .call(
            "cancel_booking",
            &[("id", &id), ("message", "The studio is flooded, sorry!")],
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    let detail = instructor
        .call("booking_detail", &[("id", &id)])
        .await
        .json();
    assert_eq!(detail["item"]["status"], "cancelled");
    assert_eq!(detail["message"], "The studio is flooded, sorry!");
    let mail = app
        .emails_once_one_contains("The studio is flooded, sorry!")
        .await;
    assert!(
        mail.iter()
            .any(|text| text.contains("The studio is flooded, sorry!")
                && text.contains("ada@example.com")),
        "{mail:?}"
    );
    let again = instructor.call("cancel_booking", &[("id", &id)]).await;
    assert_eq!(again.status, 409, "{}", again.body);
    let early = instructor
        .call(
            "record_booking_outcome",
            &[
                ("id", &booking_id(&instructor, "Bob").await),
                ("outcome", "no_show"),
            ],
        )
        .await;
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(
        early.body.contains("only once the session has started"),
        "{}",
        early.body
    );
}

async fn the_instructor_rejects_a_pending_booking_or_confirms_its_payment(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = instructor.session_type("Lesson", 3, "active").await;
    instructor
        .call(
            "save_offerings",
            &[
                ("personal_sessions", "on"),
                ("show_on_landing", "on"),
                ("default_access_level", "public"),
                ("pay_by_check", "on"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    for (name, email) in [("Ada", "ada@example.com"), ("Bob", "bob@example.com")] {
        let booked = app
            .visitor()
            .call(
                "book_session",
                &[
                    ("slug", "maple-yoga"),
                    ("session_type_id", &lesson),
                    ("start", &start_at(9)),
                    ("student_name", name),
                    ("student_email", email),
                ],
            )
            .await;
        assert_eq!(booked.status, 200, "{}", booked.body);
        assert_eq!(
            app.visitor().booking_page(&link_of(&booked)).await["status"],
            "payment_pending"
        );
    }
    let ada = booking_id(&instructor, "Ada").await;
    let detail = instructor
        .call("booking_detail", &[("id", &ada)])
        .await
        .json();
    assert_eq!(detail["can_reject"], true);
    assert_eq!(
        detail["record_payment"]["amount_text"], "45.00",
        "the form starts at what is owed"
    );
    let rejected = instructor
        .call(
            "reject_booking",
            &[("id", &ada), ("message", "No check arrived.")],
        )
        .await;
    assert_eq!(rejected.status, 200, "{}", rejected.body);
    let bob = booking_id(&instructor, "Bob").await;
    let paid = instructor.record_payment(&bob, "45", "check").await;
    assert_eq!(paid.status, 200, "{}", paid.body);
    let statuses: Vec<String> = instructor
        .call("bookings", &[])
        .await
        .json()
        .as_array()
        .expect("list")
        .iter()
        .map(|item| item["status"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(statuses, ["rejected", "confirmed"]);
    let confirmed_again = instructor.call("reject_booking", &[("id", &bob)]).await;
    assert_eq!(
        confirmed_again.status, 409,
        "a confirmed booking cannot be rejected"
    );
}

async fn the_instructor_moves_a_booking_to_a_free_time_only(app: TestApp) {
    let (instructor, lesson) = studio_with_bookings(&app).await;
    let ada = booking_id(&instructor, "Ada").await;
    let date = day_after_tomorrow("UTC");
    let options = instructor
        .call("move_options", &[("id", &ada), ("date", &date)])
        .await
        .json();
    let starts: Vec<&str> = options["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .filter_map(|slot| slot["start"].as_str())
        .collect();
    assert!(
        starts.contains(&start_at(9).as_str()),
        "its own time stays offered"
    );
    assert!(
        !starts.contains(&start_at(11).as_str()),
        "Bob's time is taken"
    );
    let onto_bob = instructor
        .call("move_booking", &[("id", &ada), ("start", &start_at(11))])
        .await;
    assert_eq!(onto_bob.status, 409, "{}", onto_bob.body);
    let moved = instructor
        .call("move_booking", &[("id", &ada), ("start", &start_at(15))])
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let free: Vec<String> = app
        .visitor()
        .slots("maple-yoga", &lesson, &date)
        .await
        .iter()
        .filter_map(|slot| slot["start"].as_str().map(str::to_owned))
        .collect();
    assert!(free.contains(&start_at(9)) && !free.contains(&start_at(15)));
    let mail = app.emails_once_one_contains("Your booking moved").await;
    assert!(
        mail.iter().any(|text| text.contains("Your booking moved")),
        "{mail:?}"
    );
}

/// Every server function that takes a booking id refuses another studio's.
async fn no_booking_function_reaches_another_studios_booking(app: TestApp) {
    let (owner, _) = studio_with_bookings(&app).await;
    let id = booking_id(&owner, "Ada").await;
    let other = app.visitor();
    other.sign_up("other@example.com").await;
    other
        .call(
            "save_studio",
            &[
                ("name", "Other"),
                ("slug", "other-studio"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    let later = start_at(15);
    let calls: [(&str, Vec<(&str, &str)>); 8] = [
        ("booking_detail", vec![("id", &id)]),
        ("cancel_booking", vec![("id", &id), ("message", "")]),
        ("reject_booking", vec![("id", &id)]),
        (
            "record_booking_outcome",
            vec![("id", &id), ("outcome", "completed")],
        ),
        ("move_options", vec![("id", &id)]),
        ("move_booking", vec![("id", &id), ("start", &later)]),
        (
            "record_payment",
            vec![("id", &id), ("amount", "45"), ("method", "cash")],
        ),
        ("refund_booking", vec![("id", &id), ("amount", "1")]),
    ];
    for (endpoint, form) in &calls {
        let reply = other.call(endpoint, form).await;
        assert_eq!(reply.status, 404, "{endpoint}: {}", reply.body);
        let signed_out = app.visitor().call(endpoint, form).await;
        assert_eq!(signed_out.status, 401, "{endpoint}: {}", signed_out.body);
    }
    let detail = owner.call("booking_detail", &[("id", &id)]).await.json();
    assert_eq!(detail["item"]["status"], "confirmed", "nothing changed it");
    assert_eq!(detail["item"]["time_label"], "09:00–10:00 UTC");
}

on_both_backends!(
    the_list_filters_by_status_type_dates_and_search,
    the_instructor_cancels_with_a_message_the_student_receives,
    the_instructor_rejects_a_pending_booking_or_confirms_its_payment,
    the_instructor_moves_a_booking_to_a_free_time_only,
    no_booking_function_reaches_another_studios_booking,
);
