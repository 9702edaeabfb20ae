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
    each_payment_gets_a_numbered_invoice_on_a_link_that_cannot_be_guessed,
    invoice_details_are_checked_and_kept_for_the_studio_only,
    a_members_discount_is_kept_with_the_booking_and_shown_on_its_invoice,
);

/// The (label, path) of each invoice the booking's dashboard page lists.
async fn invoices(instructor: &Client, id: &str) -> Vec<(String, String)> {
    detail(instructor, id).await["invoices"]
        .as_array()
        .expect("invoices")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap_or("").to_owned(),
                pair[1].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

async fn each_payment_gets_a_numbered_invoice_on_a_link_that_cannot_be_guessed(app: TestApp) {
    let (instructor, id, _) = booked(&app, "by_check").await;
    let saved = instructor
        .call(
            "save_invoice_details",
            &[
                ("address", "12 Rue Oberkampf\n75011 Paris"),
                ("contact", "hello@maple.example"),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        invoices(&instructor, &id).await.is_empty(),
        "nothing paid yet"
    );
    let check = instructor
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
    assert_eq!(check.status, 200, "{}", check.body);
    let cash = instructor.record_payment(&id, "25", "cash").await;
    assert_eq!(cash.status, 200, "{}", cash.body);
    let listed = invoices(&instructor, &id).await;
    let labels: Vec<&str> = listed.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Invoice 00001 · payment $20.00",
            "Invoice 00002 · payment $25.00"
        ]
    );

    let mails = app
        .emails_once_one_contains("Invoice 00002 has the details")
        .await;
    let receipts: Vec<&String> = mails
        .iter()
        .filter(|mail| mail.contains("\nReceipt: "))
        .collect();
    assert_eq!(receipts.len(), 2, "one receipt a payment: {mails:?}");
    assert!(
        receipts
            .iter()
            .any(|mail| mail.starts_with("To: ada@example.com")
                && mail.contains("Receipt: $20.00 paid to ")
                && mail.contains("has received your payment of $20.00")
                && mail.contains(&listed[0].1)),
        "the student's receipt links its invoice: {receipts:?}"
    );

    let visitor = app.visitor();
    let first = visitor.get(&listed[0].1).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.headers["content-type"], "text/html; charset=utf-8");
    assert!(
        first.headers["content-security-policy"]
            .to_str()
            .is_ok_and(|policy| policy.starts_with("default-src 'none'")),
        "{:?}",
        first.headers
    );
    for expected in [
        "Invoice 00001",
        "12 Rue Oberkampf<br>75011 Paris",
        "hello@maple.example",
        "Check (no. 1042)",
        "Ada",
        "ada@example.com",
        "Balance due</th><td>$25.00",
    ] {
        assert!(first.body.contains(expected), "{expected}: {}", first.body);
    }
    assert!(
        !first.body.contains("Cash"),
        "an invoice tells the money up to its own: {}",
        first.body
    );
    let second = visitor.get(&listed[1].1).await;
    assert!(
        second.body.contains("Invoice 00002")
            && second.body.contains("Check (no. 1042)")
            && second.body.contains("Cash")
            && second.body.contains("Balance due</th><td>$0.00"),
        "{}",
        second.body
    );

    let (first_id, signature) = listed[0]
        .1
        .trim_start_matches("/invoice/")
        .split_once('.')
        .expect("id.signature");
    let second_id = listed[1]
        .1
        .trim_start_matches("/invoice/")
        .split_once('.')
        .expect("id.signature")
        .0;
    for forged in [
        format!("/invoice/{second_id}.{signature}"),
        format!("/invoice/{first_id}.{}", "A".repeat(signature.len())),
        format!("/invoice/{first_id}"),
    ] {
        let refused = visitor.get(&forged).await;
        assert_eq!(refused.status, 404, "{forged}: {}", refused.body);
        assert_eq!(refused.body, "We could not find this invoice.");
    }
}

async fn invoice_details_are_checked_and_kept_for_the_studio_only(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let refused = instructor
        .call(
            "save_invoice_details",
            &[("address", &"line\n".repeat(7)), ("contact", "a\nb")],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(
        refused.field_message("address").as_deref(),
        Some("Address must fit in 6 lines.")
    );
    assert_eq!(
        refused.field_message("contact").as_deref(),
        Some("Contact must be a single line.")
    );
    let saved = instructor
        .call(
            "save_invoice_details",
            &[("address", "1 Main St"), ("contact", "555-0100")],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        instructor.call("invoice_details", &[]).await.json(),
        serde_json::json!({"address": "1 Main St", "contact": "555-0100"})
    );
    let other = app.instructor_with_studio("other-yoga", "UTC").await;
    assert_eq!(
        other.call("invoice_details", &[]).await.json(),
        serde_json::json!({"address": "", "contact": ""})
    );
    let visitor = app.visitor();
    assert_eq!(visitor.call("invoice_details", &[]).await.status, 401);
    assert_eq!(
        visitor
            .call(
                "save_invoice_details",
                &[("address", "x"), ("contact", "y")]
            )
            .await
            .status,
        401
    );
}

async fn a_members_discount_is_kept_with_the_booking_and_shown_on_its_invoice(app: TestApp) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor.offer_payment_methods(&["pay_at_session"]).await;
    let lesson = instructor
        .session_type_with(&[("price", "40"), ("non_member_price", "55")])
        .await;
    instructor
        .call(
            "add_member",
            &[("name", "Ada"), ("email", "ada@example.com")],
        )
        .await;
    let ada = app.signed_in_student("ada@example.com").await;
    let booked = ada
        .call(
            "book_session",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", &lesson),
                ("start", &start_at(9)),
                ("student_name", "Ada"),
                ("payment_method", "at_session"),
            ],
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let id = instructor.call("bookings", &[]).await.json()[0]["id"].to_string();
    assert_eq!(
        money_lines(&detail(&instructor, &id).await)[..2],
        ["Member discount: \u{2212}$15.00", "Price: $40.00"]
    );
    let recorded = instructor.record_payment(&id, "40", "cash").await;
    assert_eq!(recorded.status, 200, "{}", recorded.body);
    let (_, path) = invoices(&instructor, &id).await.remove(0);
    let page = app.visitor().get(&path).await;
    for line in [
        "<th scope=\"row\">Member discount</th><td>\u{2212}$15.00</td>",
        "<th scope=\"row\">Price</th><td>$40.00</td>",
        "$55.00",
    ] {
        assert!(page.body.contains(line), "{line}: {}", page.body);
    }
}
