//! Money the instructor received outside the app (cash, a check, a bank transfer), recorded on
//! a booking against the real server: it confirms a pending booking, keeps a balance that never
//! goes below zero, shows on both booking pages, and refuses bad input at its field.

mod support;

use serde_json::Value;
use support::{Client, TestApp, day_after_tomorrow, link_of};

fn start_at(hour: u32) -> String {
    format!("{}T{hour:02}:00:00Z", day_after_tomorrow("UTC"))
}

/// A studio taking checks by mail and cash at the session, with a $45 lesson Ada booked to pay
/// by `payment_method`: the instructor, the booking's id and its link.
async fn booked(app: &TestApp, payment_method: &str) -> (Client, String, String) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor
        .offer_payment_methods(&["pay_by_check", "pay_at_session"])
        .await;
    let lesson = instructor.session_type("Lesson", 1, "active").await;
    let booked = app
        .visitor()
        .call(
            "book_session",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", &lesson),
                ("start", &start_at(9)),
                ("student_name", "Ada"),
                ("student_email", "ada@example.com"),
                ("payment_method", payment_method),
            ],
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let list = instructor.call("bookings", &[]).await.json();
    let id = list[0]["id"].to_string();
    (instructor, id, link_of(&booked))
}

async fn detail(instructor: &Client, id: &str) -> Value {
    let reply = instructor.call("booking_detail", &[("id", id)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// The money lines of the booking's detail page, as "label: amount".
fn money_lines(detail: &Value) -> Vec<String> {
    detail["money"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| {
            format!(
                "{}: {}",
                line[0].as_str().unwrap_or(""),
                line[1].as_str().unwrap_or("")
            )
        })
        .collect()
}

async fn a_check_on_a_pending_booking_confirms_it_and_the_balance_goes_down_to_nothing(
    app: TestApp,
) {
    let (instructor, id, link) = booked(&app, "by_check").await;
    let before = detail(&instructor, &id).await;
    assert_eq!(before["item"]["status"], "payment_pending");
    assert_eq!(before["record_payment"]["amount_text"], "45.00");
    let part = instructor
        .call(
            "record_payment",
            &[
                ("id", &id),
                ("amount", "20"),
                ("method", "check"),
                ("note", "no. 1042"),
            ],
        )
        .await;
    assert_eq!(part.status, 200, "{}", part.body);
    let after = detail(&instructor, &id).await;
    assert_eq!(
        after["item"]["status"], "confirmed",
        "a partial payment confirms"
    );
    let lines = money_lines(&after);
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("Check received ") && line.ends_with("$20.00 (no. 1042)")),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Still owed: $25.00".to_owned()),
        "{lines:?}"
    );
    assert_eq!(after["record_payment"]["amount_text"], "25.00");
    let too_much = instructor.record_payment(&id, "25.01", "cash").await;
    assert_eq!(too_much.status, 422, "{}", too_much.body);
    assert!(
        too_much
            .body
            .contains("That is more than the $25.00 still owed."),
        "{}",
        too_much.body
    );
    let rest = instructor.record_payment(&id, "25", "cash").await;
    assert_eq!(rest.status, 200, "{}", rest.body);
    let paid = detail(&instructor, &id).await;
    assert!(
        money_lines(&paid).contains(&"Still owed: $0.00".to_owned()),
        "{:?}",
        money_lines(&paid)
    );
    assert!(paid["record_payment"].is_null(), "nothing more to record");
    let page = app.visitor().booking_page(&link).await;
    assert!(
        page["payment_label"]
            .as_str()
            .is_some_and(|label| label.ends_with("; $45.00 received")),
        "{page}"
    );
}

async fn cash_at_the_session_lowers_the_balance_and_leaves_the_booking_confirmed(app: TestApp) {
    let (instructor, id, link) = booked(&app, "at_session").await;
    assert_eq!(
        detail(&instructor, &id).await["item"]["status"],
        "confirmed"
    );
    let cash = instructor.record_payment(&id, "30", "cash").await;
    assert_eq!(cash.status, 200, "{}", cash.body);
    let after = detail(&instructor, &id).await;
    assert_eq!(after["item"]["status"], "confirmed");
    assert!(
        money_lines(&after).contains(&"Still owed: $15.00".to_owned()),
        "{:?}",
        money_lines(&after)
    );
    let page = app.visitor().booking_page(&link).await;
    assert!(
        page["payment_label"]
            .as_str()
            .is_some_and(|label| label.ends_with("; $30.00 received; $15.00 still owed")),
        "{page}"
    );
}

async fn bad_input_is_refused_at_each_field_and_records_nothing(app: TestApp) {
    let (instructor, id, _) = booked(&app, "by_check").await;
    let tomorrow = day_after_tomorrow("UTC");
    let long_note = "n".repeat(201);
    let refused = instructor
        .call(
            "record_payment",
            &[
                ("id", &id),
                ("amount", "forty"),
                ("method", "barter"),
                ("received_on", &tomorrow),
                ("note", &long_note),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    for field in ["amount", "method", "received_on", "note"] {
        assert!(
            refused.body.contains(&format!(r#""field":"{field}""#)),
            "{field} is not named: {}",
            refused.body
        );
    }
    let zero = instructor.record_payment(&id, "0", "cash").await;
    assert_eq!(zero.status, 422, "{}", zero.body);
    assert!(
        zero.body
            .contains("Enter the amount received, more than zero."),
        "{}",
        zero.body
    );
    let unchanged = detail(&instructor, &id).await;
    assert_eq!(unchanged["item"]["status"], "payment_pending");
    assert!(
        !money_lines(&unchanged)
            .iter()
            .any(|line| line.contains("received")),
        "{:?}",
        money_lines(&unchanged)
    );
}

async fn a_cancelled_booking_takes_no_payment(app: TestApp) {
    let (instructor, id, _) = booked(&app, "by_check").await;
    let cancelled = instructor
        .call("cancel_booking", &[("id", &id), ("message", "")])
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert!(detail(&instructor, &id).await["record_payment"].is_null());
    let refused = instructor.record_payment(&id, "45", "cash").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("This booking is cancelled: it takes no payment."),
        "{}",
        refused.body
    );
}

on_both_backends!(
    a_check_on_a_pending_booking_confirms_it_and_the_balance_goes_down_to_nothing,
    cash_at_the_session_lowers_the_balance_and_leaves_the_booking_confirmed,
    bad_input_is_refused_at_each_field_and_records_nothing,
    a_cancelled_booking_takes_no_payment,
);
