//! A student pays their booking by card on its page, against the local Stripe emulator: the
//! booking waits as "payment pending" until Stripe says the card paid (a declined card can be
//! retried, 3-D Secure is completed in the browser and checked with Stripe), and a rejected or
//! expired booking can no longer be paid.

mod support;

use app::server::clock::Clock;
use chrono::Datelike;
use support::stripe::{PUBLISHABLE_KEY, SECRET_KEY, StripeEmulator, cards};
use support::{Backend, Client, TestApp, days_from_today, link_of};

const WEBHOOK_SECRET: &str = "whsec_bookableSigningSecret";

with_stripe_on_both_backends!(
    paying, crate::start;
    cards_can_be_offered_only_once_stripe_is_connected,
    a_card_that_pays_confirms_the_booking_and_the_student_is_told_once,
    a_declined_card_gives_the_banks_reason_and_another_card_pays_the_same_intent,
    a_card_needing_3d_secure_confirms_only_once_stripe_says_it_is_paid,
    a_failed_3d_secure_says_so_and_another_card_can_be_tried,
    a_webhook_racing_the_students_return_confirms_once,
    a_student_coming_back_finds_a_payment_stripe_took_counted,
    a_rejected_or_expired_booking_can_no_longer_be_paid_and_says_why,
    a_forged_link_or_token_pays_nothing,
    an_unpaid_card_booking_is_nudged_with_the_link_that_pays_it,
    student_pages_allow_the_configured_stripe_and_the_dashboard_does_not,
    recording_a_payment_closes_the_students_open_card_payment_first,
    recording_a_payment_the_card_already_made_says_so_and_counts_the_card,
    stripe_cannot_be_disconnected_while_a_card_payment_is_open,
    a_retainer_is_charged_at_booking_and_the_balance_left_for_the_session,
    another_studio_or_a_signed_out_caller_refunds_nothing,
    another_studio_and_a_signed_out_caller_see_no_payments,
    a_card_payments_receipt_links_an_invoice_that_names_the_card,
    a_package_picked_at_booking_sets_what_the_card_and_the_invoice_take,
);

with_stripe_on_both_backends!(
    reconciled, crate::start_sweeping;
    a_payment_made_after_its_booking_was_rejected_is_refunded_and_both_are_told,
    a_payment_whose_webhook_was_lost_is_caught_by_the_reconciliation,
    an_abandoned_payment_is_cancelled_at_stripe_once_its_booking_expires,
    a_student_who_cancels_in_time_gets_everything_back_on_their_card,
    a_late_cancellation_gives_back_what_the_policy_says_and_an_instructors_all,
    an_instructor_refunds_part_and_never_more_than_was_paid,
    the_payments_page_counts_each_payment_and_refund_on_its_day_and_the_csv_holds_the_same,
);

/// The booking's state as stored, read without the page (which would settle on its own).
async fn stored_state_after_a_while(
    app: &TestApp,
    link: &str,
    done: impl Fn(&domain::lifecycle::BookingState) -> bool,
) -> domain::lifecycle::BookingState {
    let store = app.store().await;
    let mut state = None;
    for _ in 0..100 {
        let booking = store
            .booking_by_id(booking_id_of(link))
            .await
            .expect("read")
            .expect("found");
        if done(&booking.state) {
            return booking.state;
        }
        state = Some(booking.state);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    state.expect("read at least once")
}

async fn start(backend: Backend) -> Option<(TestApp, StripeEmulator)> {
    start_with(backend, |_| {}).await
}

/// With the reconciliation (part of the sweep) every second.
async fn start_sweeping(backend: Backend) -> Option<(TestApp, StripeEmulator)> {
    start_with(backend, |config| config.sweep_seconds = 1).await
}

/// The app with Stripe's API and Stripe.js at the emulator; `None` when either is missing here.
async fn start_with(
    backend: Backend,
    adjust: impl FnOnce(&mut bookable::Config),
) -> Option<(TestApp, StripeEmulator)> {
    let stripe = StripeEmulator::start().await?;
    let api_url = stripe.base_url.clone();
    let app = TestApp::start_with(backend, |config| {
        config.rate_limit_factor = 1000;
        config.stripe_js_url = format!("{api_url}/js.stripe.com/v3/");
        config.stripe_api_url = api_url;
        adjust(config);
    })
    .await?;
    Some((app, stripe))
}

async fn connected_instructor(app: &TestApp, slug: &str) -> Client {
    let instructor = app.instructor_with_studio(slug, "UTC").await;
    let reply = instructor
        .call(
            "connect_stripe",
            &[
                ("secret_key", SECRET_KEY),
                ("publishable_key", PUBLISHABLE_KEY),
                ("webhook_secret", WEBHOOK_SECRET),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    instructor
}

/// A $45 lesson booked three days ahead by Ada in a studio that takes cards only: its link.
async fn booked_by_card(app: &TestApp, slug: &str) -> (Client, String) {
    let instructor = connected_instructor(app, slug).await;
    instructor.offer_payment_methods(&["pay_with_stripe"]).await;
    let lesson = instructor.session_type("Lesson", 1, "active").await;
    let date = days_from_today("UTC", 3);
    let start = instructor.slots(slug, &lesson, &date).await[10]["start"]
        .as_str()
        .expect("a start")
        .to_owned();
    let booked = app
        .visitor()
        .book(slug, &lesson, &start, "Ada Lovelace", "ada@example.com")
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    (instructor, link_of(&booked))
}

async fn pay(app: &TestApp, link: &str, token: &str) -> support::Reply {
    app.visitor()
        .call("pay_by_card", &[("link", link), ("token", token)])
        .await
}

async fn check(app: &TestApp, link: &str) -> support::Reply {
    app.visitor()
        .call("check_card_payment", &[("link", link)])
        .await
}

/// Pays with a card whose bank asks for 3-D Secure: the secret Stripe.js completes it with.
async fn asked_for_3d_secure(app: &TestApp, stripe: &StripeEmulator, link: &str) -> String {
    let asked = pay(app, link, &stripe.card_token(cards::NEEDS_3D_SECURE).await).await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    asked.json()["Authenticate"]["client_secret"]
        .as_str()
        .expect("3-D Secure is asked for")
        .to_owned()
}

fn booking_id_of(link: &str) -> i64 {
    link.split_once('.')
        .and_then(|(id, _)| id.parse().ok())
        .expect("the booking's id")
}

async fn card_payments(app: &TestApp, link: &str) -> Vec<store::CardPayment> {
    app.store()
        .await
        .card_payments_of_booking(booking_id_of(link))
        .await
        .expect("read")
}

/// The emails that tell Ada her payment arrived.
/// Whether the app recorded Stripe's event (a webhook it took): recording it again is refused.
/// Only asked once the webhook had time to arrive, as asking records it.
async fn stripe_event_on_record(app: &TestApp, studio_id: i64, event_id: &str) -> bool {
    let delivered_after = std::time::Duration::from_millis(1500);
    tokio::time::sleep(delivered_after).await;
    !app.store()
        .await
        .record_stripe_event(studio_id, event_id, app.clock.now())
        .await
        .expect("recorded")
}

async fn payment_confirmations(app: &TestApp) -> usize {
    app.emails_once_one_contains("has received your payment")
        .await;
    app.mails_after_a_while()
        .await
        .iter()
        .filter(|mail| mail.to == "ada@example.com" && mail.subject.starts_with("Confirmed: "))
        .count()
}

async fn cards_can_be_offered_only_once_stripe_is_connected(app: TestApp, _stripe: StripeEmulator) {
    let instructor = app.instructor_with_studio("cards-later", "UTC").await;
    let form = [
        ("personal_sessions", "on"),
        ("default_access_level", "public"),
        ("timezone", "UTC"),
        ("currency", "USD"),
        ("pay_with_stripe", "on"),
    ];
    let refused = instructor.call("save_offerings", &form).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .field_message("pay_with_stripe")
            .is_some_and(|message| message.contains("connect Stripe")),
        "{}",
        refused.body
    );
    assert_eq!(
        instructor.call("offerings", &[]).await.json()["stripe_configured"],
        false
    );
    let (instructor, link) = booked_by_card(&app, "cards-now").await;
    assert_eq!(
        instructor.call("offerings", &[]).await.json()["stripe_configured"],
        true
    );
    let page = app.visitor().booking_page(&link).await;
    assert_eq!(page["status"], "payment_pending");
    assert_eq!(page["payment_label"], "Pay online by card");
    assert_eq!(page["card_payment"]["publishable_key"], PUBLISHABLE_KEY);
    assert_eq!(page["card_payment"]["amount_label"], "$45.00");
}

async fn a_card_that_pays_confirms_the_booking_and_the_student_is_told_once(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "pays").await;
    let paid = pay(&app, &link, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(paid.status, 200, "{}", paid.body);
    assert_eq!(paid.json(), "Paid");
    let page = app.visitor().booking_page(&link).await;
    assert_eq!(page["status"], "confirmed");
    assert_eq!(page["payment_label"], "Paid online by card");
    assert!(page["card_payment"].is_null(), "{page}");
    let payments = card_payments(&app, &link).await;
    assert_eq!(payments.len(), 1, "{payments:?}");
    let intent = stripe
        .get(&format!(
            "/v1/payment_intents/{}",
            payments[0].payment_intent
        ))
        .await;
    assert_eq!(
        (&intent["status"], &intent["amount"], &intent["currency"]),
        (&"succeeded".into(), &4500.into(), &"usd".into())
    );
    assert_eq!(
        intent["metadata"]["booking"],
        booking_id_of(&link).to_string()
    );
    assert_eq!(payment_confirmations(&app).await, 1);
}

async fn a_declined_card_gives_the_banks_reason_and_another_card_pays_the_same_intent(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "declined").await;
    let declined = pay(&app, &link, &stripe.card_token(cards::DECLINED).await).await;
    assert_eq!(declined.status, 422, "{}", declined.body);
    assert_eq!(
        declined.field_message("card").as_deref(),
        Some("Your card was declined.")
    );
    let page = app.visitor().booking_page(&link).await;
    assert_eq!(page["status"], "payment_pending");
    assert!(page["card_payment"].is_object(), "{page}");
    let paid = pay(&app, &link, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(paid.status, 200, "{}", paid.body);
    assert_eq!(
        app.visitor().booking_page(&link).await["status"],
        "confirmed"
    );
    let payments = card_payments(&app, &link).await;
    assert_eq!(
        payments
            .iter()
            .map(|payment| (payment.attempt, payment.status))
            .collect::<Vec<_>>(),
        vec![(1, domain::card_payments::CardPaymentStatus::Succeeded)]
    );
}

async fn a_card_needing_3d_secure_confirms_only_once_stripe_says_it_is_paid(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "three-d").await;
    let client_secret = asked_for_3d_secure(&app, &stripe, &link).await;
    // The browser saying it is done is not enough: Stripe still waits for the bank.
    let unfinished = check(&app, &link).await;
    assert!(
        unfinished.json()["Authenticate"].is_object(),
        "{}",
        unfinished.body
    );
    assert_eq!(
        app.visitor().booking_page(&link).await["status"],
        "payment_pending"
    );
    stripe.authenticate(&client_secret, true).await;
    let finished = check(&app, &link).await;
    assert_eq!(finished.json(), "Paid", "{}", finished.body);
    assert_eq!(
        app.visitor().booking_page(&link).await["status"],
        "confirmed"
    );
    assert_eq!(payment_confirmations(&app).await, 1);
}

async fn a_failed_3d_secure_says_so_and_another_card_can_be_tried(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "three-d-failed").await;
    let client_secret = asked_for_3d_secure(&app, &stripe, &link).await;
    stripe.authenticate(&client_secret, false).await;
    let failed = check(&app, &link).await;
    assert_eq!(failed.status, 422, "{}", failed.body);
    assert!(
        failed
            .field_message("card")
            .is_some_and(|message| message.contains("failed authentication")),
        "{}",
        failed.body
    );
    let paid = pay(&app, &link, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(paid.json(), "Paid", "{}", paid.body);
}

async fn a_webhook_racing_the_students_return_confirms_once(app: TestApp, stripe: StripeEmulator) {
    let (instructor, link) = booked_by_card(&app, "racing").await;
    let view = instructor.call("stripe_connection", &[]).await.json();
    let webhook = view["webhook_url"].as_str().expect("a webhook address");
    let path = &webhook[webhook.find("/stripe/webhook/").expect("a webhook path")..];
    stripe
        .send_webhooks_to(&format!("{}{path}", app.base_url), WEBHOOK_SECRET)
        .await;
    let paid = pay(&app, &link, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(paid.json(), "Paid", "{}", paid.body);
    // The emulator posts its webhook a second after the payment; the student's page keeps
    // asking meanwhile.
    let returns = (0..6).map(|_| async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        check(&app, &link).await
    });
    futures::future::join_all(returns).await;
    // The webhook was taken too: its event is on record, so recording it again is refused.
    let events = stripe.get("/v1/events").await;
    let succeeded = events["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|event| event["type"] == "payment_intent.succeeded")
        .and_then(|event| event["id"].as_str())
        .expect("the emulator's payment_intent.succeeded event")
        .to_owned();
    let store = app.store().await;
    let studio_id = store
        .booking_by_id(booking_id_of(&link))
        .await
        .expect("read")
        .expect("found")
        .studio_id;
    assert!(
        stripe_event_on_record(&app, studio_id, &succeeded).await,
        "the webhook of {succeeded} was taken"
    );
    assert_eq!(
        app.visitor().booking_page(&link).await["status"],
        "confirmed"
    );
    assert_eq!(payment_confirmations(&app).await, 1);
}

async fn a_student_coming_back_finds_a_payment_stripe_took_counted(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "came-back").await;
    let client_secret = asked_for_3d_secure(&app, &stripe, &link).await;
    // The bank approved, but the page was closed before it could tell the server.
    stripe.authenticate(&client_secret, true).await;
    let page = app.visitor().booking_page(&link).await;
    assert_eq!(page["status"], "confirmed");
    assert!(page["card_payment"].is_null(), "{page}");
    assert_eq!(payment_confirmations(&app).await, 1);
}

async fn a_rejected_or_expired_booking_can_no_longer_be_paid_and_says_why(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, rejected) = booked_by_card(&app, "closed").await;
    let rejection = instructor
        .call(
            "reject_booking",
            &[
                ("id", &booking_id_of(&rejected).to_string()),
                ("message", "Fully booked that week."),
            ],
        )
        .await;
    assert_eq!(rejection.status, 200, "{}", rejection.body);
    let page = app.visitor().booking_page(&rejected).await;
    assert!(page["card_payment"].is_null(), "{page}");
    assert_eq!(page["message"], "Fully booked that week.");
    let refused = pay(&app, &rejected, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("The studio declined this booking"),
        "{}",
        refused.body
    );
    assert!(card_payments(&app, &rejected).await.is_empty());

    let (_, late) = booked_by_card(&app, "closed-late").await;
    app.clock.advance(chrono::Duration::days(4));
    let page = app.visitor().booking_page(&late).await;
    assert!(page["card_payment"].is_null(), "{page}");
    let refused = pay(&app, &late, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("The time to pay for this booking ran out"),
        "{}",
        refused.body
    );
}

async fn a_forged_link_or_token_pays_nothing(app: TestApp, stripe: StripeEmulator) {
    let (_, link) = booked_by_card(&app, "forged").await;
    let (id, _) = link.split_once('.').expect("a signed link");
    let forged = pay(
        &app,
        &format!("{id}.forged"),
        &stripe.card_token(cards::PAYS).await,
    )
    .await;
    assert_eq!(forged.status, 404, "{}", forged.body);
    let not_a_token = pay(&app, &link, "4242424242424242").await;
    assert_eq!(not_a_token.status, 422, "{}", not_a_token.body);
    assert!(not_a_token.field_message("card").is_some());
    assert!(card_payments(&app, &link).await.is_empty());
    assert_eq!(
        app.visitor().booking_page(&link).await["status"],
        "payment_pending"
    );
}

async fn a_payment_whose_webhook_was_lost_is_caught_by_the_reconciliation(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "lost-webhook").await;
    let client_secret = asked_for_3d_secure(&app, &stripe, &link).await;
    // Paid at Stripe; no webhook arrives (none is registered) and the page never checks.
    stripe.authenticate(&client_secret, true).await;
    let state = stored_state_after_a_while(&app, &link, |state| {
        *state == domain::lifecycle::BookingState::Confirmed
    })
    .await;
    assert_eq!(state, domain::lifecycle::BookingState::Confirmed);
    assert_eq!(payment_confirmations(&app).await, 1);
}

async fn an_abandoned_payment_is_cancelled_at_stripe_once_its_booking_expires(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "abandoned").await;
    let declined = pay(&app, &link, &stripe.card_token(cards::DECLINED).await).await;
    assert_eq!(declined.status, 422, "{}", declined.body);
    app.clock.advance(chrono::Duration::days(4));
    let state = stored_state_after_a_while(&app, &link, |state| {
        matches!(state, domain::lifecycle::BookingState::Expired { .. })
    })
    .await;
    assert!(
        matches!(state, domain::lifecycle::BookingState::Expired { .. }),
        "{state:?}"
    );
    let mut payments = card_payments(&app, &link).await;
    for _ in 0..50 {
        if payments[0].status == domain::card_payments::CardPaymentStatus::Canceled {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        payments = card_payments(&app, &link).await;
    }
    assert_eq!(
        payments[0].status,
        domain::card_payments::CardPaymentStatus::Canceled
    );
    let intent = stripe
        .get(&format!(
            "/v1/payment_intents/{}",
            payments[0].payment_intent
        ))
        .await;
    assert_eq!(intent["status"], "canceled");
}

async fn an_unpaid_card_booking_is_nudged_with_the_link_that_pays_it(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "nudged").await;
    let reserved = app.mails(2).await;
    let student = reserved
        .iter()
        .find(|mail| mail.to == "ada@example.com")
        .expect("the student's email");
    assert!(
        student.text.contains("By card, not paid yet"),
        "{}",
        student.text
    );
    app.clock.advance(chrono::Duration::hours(1));
    let mails = app.mails(3).await;
    let nudge = mails
        .iter()
        .find(|mail| mail.subject.starts_with("Payment due: "))
        .expect("the nudge an hour after booking");
    assert!(
        nudge.text.contains("Pay by card now") && nudge.text.contains(&link),
        "{}",
        nudge.text
    );
}

async fn student_pages_allow_the_configured_stripe_and_the_dashboard_does_not(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, link) = booked_by_card(&app, "policy").await;
    let policy = |reply: support::Reply| {
        reply
            .headers
            .get("content-security-policy")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    // A student may reach a booking's page from the studio's without loading a new document,
    // so both allow Stripe.js, its frames and its API; nothing else is added.
    for path in [format!("/booking/{link}"), "/s/policy".to_owned()] {
        let student_page = policy(app.visitor().get(&path).await);
        for directive in [
            "script-src 'self' 'nonce-".to_owned(),
            format!("frame-src {}", stripe.base_url),
            format!("connect-src 'self' {}", stripe.base_url),
        ] {
            assert!(
                student_page.contains(&directive),
                "{directive} in {student_page}"
            );
        }
        assert!(
            student_page.contains(&format!("'wasm-unsafe-eval' {}", stripe.base_url)),
            "{student_page}"
        );
    }
    let dashboard = policy(instructor.get("/dashboard").await);
    assert!(!dashboard.contains(&stripe.base_url), "{dashboard}");
    assert!(dashboard.contains("frame-src 'none'"), "{dashboard}");
}

async fn a_payment_made_after_its_booking_was_rejected_is_refunded_and_both_are_told(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, link) = booked_by_card(&app, "late").await;
    let client_secret = asked_for_3d_secure(&app, &stripe, &link).await;
    // The first sweep finds the payment open and payable, and puts its next check off.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    // The student's bank approves, but no webhook comes and the page is closed: the app does
    // not know yet when the instructor rejects the booking.
    stripe.authenticate(&client_secret, true).await;
    let rejection = instructor
        .call(
            "reject_booking",
            &[("id", &booking_id_of(&link).to_string()), ("message", "")],
        )
        .await;
    assert_eq!(rejection.status, 200, "{}", rejection.body);
    // The rejection makes the payment due for a check at once: the next sweep finds it paid,
    // for a booking that ended, without the clock moving on.
    let told_why = "arrived after the booking had ended, so it did not book the spot.";
    let mails = app.emails_once_one_contains(told_why).await;
    assert!(
        mails.iter().any(|mail| mail.contains(told_why)),
        "{mails:?}"
    );
    let payments = card_payments(&app, &link).await;
    assert_eq!(
        payments[0].status,
        domain::card_payments::CardPaymentStatus::Refunded
    );
    let intent = stripe
        .get(&format!(
            "/v1/payment_intents/{}",
            payments[0].payment_intent
        ))
        .await;
    // The emulator expands the charge; Stripe gives its id.
    let charge = match &intent["latest_charge"] {
        serde_json::Value::String(id) => stripe.get(&format!("/v1/charges/{id}")).await,
        expanded => expanded.clone(),
    };
    assert_eq!(charge["amount_refunded"], 4500, "{charge}");
    let stored = app
        .store()
        .await
        .booking_by_id(booking_id_of(&link))
        .await
        .expect("read")
        .expect("found");
    assert!(
        matches!(
            stored.state,
            domain::lifecycle::BookingState::Rejected { .. }
        ),
        "{:?}",
        stored.state
    );
    let told: Vec<String> = app
        .mails_after_a_while()
        .await
        .into_iter()
        .filter(|mail| mail.subject.starts_with("Refunded: "))
        .map(|mail| mail.to)
        .collect();
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(told.contains(&"ada@example.com".to_owned()), "{told:?}");
}

async fn recording_a_payment_closes_the_students_open_card_payment_first(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, link) = booked_by_card(&app, "cash-instead").await;
    let declined = pay(&app, &link, &stripe.card_token(cards::DECLINED).await).await;
    assert_eq!(declined.status, 422, "{}", declined.body);
    // The student pays cash at the studio instead.
    let recorded = instructor
        .record_payment(&booking_id_of(&link).to_string(), "45", "cash")
        .await;
    assert_eq!(recorded.status, 200, "{}", recorded.body);
    let payments = card_payments(&app, &link).await;
    assert_eq!(
        payments[0].status,
        domain::card_payments::CardPaymentStatus::Canceled
    );
    let intent = stripe
        .get(&format!(
            "/v1/payment_intents/{}",
            payments[0].payment_intent
        ))
        .await;
    assert_eq!(intent["status"], "canceled", "no card can be charged now");
    let paid_again = pay(&app, &link, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(paid_again.status, 200, "{}", paid_again.body);
    assert_eq!(paid_again.json(), "Paid", "the page says it is paid");
    assert_eq!(
        card_payments(&app, &link).await.len(),
        1,
        "no second charge"
    );
}

async fn recording_a_payment_the_card_already_made_says_so_and_counts_the_card(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, link) = booked_by_card(&app, "paid-twice").await;
    let client_secret = asked_for_3d_secure(&app, &stripe, &link).await;
    stripe.authenticate(&client_secret, true).await;
    let recorded = instructor
        .record_payment(&booking_id_of(&link).to_string(), "45", "cash")
        .await;
    assert_eq!(recorded.status, 409, "{}", recorded.body);
    assert!(
        recorded.body.contains("has just paid this booking by card"),
        "{}",
        recorded.body
    );
    let payments = card_payments(&app, &link).await;
    assert_eq!(
        payments[0].status,
        domain::card_payments::CardPaymentStatus::Succeeded
    );
    let state = stored_state_after_a_while(&app, &link, |state| {
        *state == domain::lifecycle::BookingState::Confirmed
    })
    .await;
    assert_eq!(state, domain::lifecycle::BookingState::Confirmed);
}

async fn stripe_cannot_be_disconnected_while_a_card_payment_is_open(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, link) = booked_by_card(&app, "still-open").await;
    instructor
        .offer_payment_methods(&["pay_at_session", "pay_with_stripe"])
        .await;
    asked_for_3d_secure(&app, &stripe, &link).await;
    let refused = instructor.call("disconnect_stripe", &[]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("still open or waiting for a refund"),
        "{}",
        refused.body
    );
    let store = app.store().await;
    let studio_id = store
        .booking_by_id(booking_id_of(&link))
        .await
        .expect("read")
        .expect("found")
        .studio_id;
    assert!(
        store
            .stripe_account(studio_id)
            .await
            .expect("read")
            .is_some(),
        "still connected"
    );
}

async fn a_retainer_is_charged_at_booking_and_the_balance_left_for_the_session(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let instructor = connected_instructor(&app, "retainer").await;
    instructor.offer_payment_methods(&["pay_with_stripe"]).await;
    let without_amount = instructor
        .call(
            "create_session_type",
            &[
                ("name", "Portrait"),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", "150"),
                ("status", "active"),
                ("card_collection", "retainer"),
                ("retainer", ""),
            ],
        )
        .await;
    assert_eq!(without_amount.status, 422, "{}", without_amount.body);
    assert!(
        without_amount.body.contains(r#""field":"retainer""#),
        "{}",
        without_amount.body
    );
    let portrait = instructor
        .session_type_with(&[
            ("name", "Portrait"),
            ("price", "150"),
            ("card_collection", "retainer"),
            ("retainer", "30%"),
        ])
        .await;
    let date = days_from_today("UTC", 3);
    let start = instructor.slots("retainer", &portrait, &date).await[10]["start"]
        .as_str()
        .expect("a start")
        .to_owned();
    let booked = app
        .visitor()
        .book(
            "retainer",
            &portrait,
            &start,
            "Ada Lovelace",
            "ada@example.com",
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let link = link_of(&booked);
    let page = app.visitor().get(&format!("/booking/{link}")).await;
    assert!(
        page.body
            .contains("Retainer due now: $45.00 (the other $105.00 at the session)"),
        "{}",
        page.body
    );
    let paid = pay(&app, &link, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(paid.json(), "Paid", "{}", paid.body);
    let payments = card_payments(&app, &link).await;
    assert_eq!(payments[0].amount.minor_units(), 4500);
    let intent = stripe
        .get(&format!(
            "/v1/payment_intents/{}",
            payments[0].payment_intent
        ))
        .await;
    assert_eq!(intent["amount"], 4500, "30% of $150 is taken, no more");
    let page = app.visitor().get(&format!("/booking/{link}")).await;
    assert!(
        page.body
            .contains("Retainer of $45.00 paid online by card; $105.00 due at the session"),
        "{}",
        page.body
    );
}

/// The booking's refunds once none is still due (the sweep makes them at the emulator).
async fn refunds_made(app: &TestApp, link: &str) -> Vec<store::Refund> {
    let store = app.store().await;
    let mut refunds = Vec::new();
    for _ in 0..100 {
        refunds = store
            .refunds_of_booking(booking_id_of(link))
            .await
            .expect("read");
        if refunds
            .iter()
            .all(|refund| refund.status == domain::refunds::RefundStatus::Refunded)
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    refunds
}

/// What the emulator says went back of the booking's first card payment.
async fn refunded_at_stripe(app: &TestApp, stripe: &StripeEmulator, link: &str) -> i64 {
    let payments = card_payments(app, link).await;
    let intent = stripe
        .get(&format!(
            "/v1/payment_intents/{}",
            payments[0].payment_intent
        ))
        .await;
    let charge = match &intent["latest_charge"] {
        serde_json::Value::String(id) => stripe.get(&format!("/v1/charges/{id}")).await,
        expanded => expanded.clone(),
    };
    charge["amount_refunded"]
        .as_i64()
        .expect("an amount refunded")
}

async fn paid_by_card(app: &TestApp, stripe: &StripeEmulator, link: &str) {
    let paid = pay(app, link, &stripe.card_token(cards::PAYS).await).await;
    assert_eq!(paid.json(), "Paid", "{}", paid.body);
}

async fn a_student_who_cancels_in_time_gets_everything_back_on_their_card(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "cancel-in-time").await;
    paid_by_card(&app, &stripe, &link).await;
    assert_eq!(
        app.visitor().booking_page(&link).await["cancel_note"],
        "Cancelling now gives back all $45.00 you paid by card.",
        "the student sees what cancelling gives back before they do"
    );
    let cancelled = app
        .visitor()
        .call("cancel_my_booking", &[("link", link.as_str())])
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    let refunds = refunds_made(&app, &link).await;
    assert_eq!(
        refunds
            .iter()
            .map(|refund| (refund.amount.minor_units(), refund.status))
            .collect::<Vec<_>>(),
        [(4500, domain::refunds::RefundStatus::Refunded)],
        "three days ahead is in time: everything back"
    );
    assert_eq!(refunded_at_stripe(&app, &stripe, &link).await, 4500);
    let page = app.visitor().get(&format!("/booking/{link}")).await;
    assert!(
        page.body.contains("Paid online by card; $45.00 refunded"),
        "the student's page shows what went back: {}",
        page.body
    );
    let told = "has refunded $45.00 to your card";
    let mails = app.emails_once_one_contains(told).await;
    assert!(mails.iter().any(|mail| mail.contains(told)), "{mails:?}");
}

async fn a_late_cancellation_gives_back_what_the_policy_says_and_an_instructors_all(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let instructor = connected_instructor(&app, "late-cancel").await;
    instructor.offer_payment_methods(&["pay_with_stripe"]).await;
    let portrait = instructor
        .session_type_with(&[
            ("name", "Portrait"),
            ("price", "150"),
            ("card_collection", "retainer"),
            ("retainer", "30%"),
            ("full_refund_hours", "168"),
            ("late_refund", "keep_retainer"),
        ])
        .await;
    let date = days_from_today("UTC", 3);
    let starts = instructor.slots("late-cancel", &portrait, &date).await;
    let mut links = Vec::new();
    for (slot, who) in [(10, "ada@example.com"), (11, "bea@example.com")] {
        let start = starts[slot]["start"].as_str().expect("a start").to_owned();
        let booked = app
            .visitor()
            .book("late-cancel", &portrait, &start, "Ada Lovelace", who)
            .await;
        assert_eq!(booked.status, 200, "{}", booked.body);
        let link = link_of(&booked);
        paid_by_card(&app, &stripe, &link).await;
        links.push(link);
    }
    // Three days ahead is inside the week the policy refunds in full: the student who
    // cancels now loses the retainer, which is all they paid.
    assert_eq!(
        app.visitor().booking_page(&links[0]).await["cancel_note"],
        "Cancelling now gives nothing back: the $45.00 you paid by card is kept, as the \
         studio's refund policy says."
    );
    let by_student = app
        .visitor()
        .call("cancel_my_booking", &[("link", links[0].as_str())])
        .await;
    assert_eq!(by_student.status, 200, "{}", by_student.body);
    assert!(refunds_made(&app, &links[0]).await.is_empty());
    // The instructor who cancels gives everything back, whatever the policy.
    let detail = instructor
        .call(
            "booking_detail",
            &[("id", &booking_id_of(&links[1]).to_string())],
        )
        .await;
    assert_eq!(
        detail.json()["cancel_refund_label"],
        "$45.00",
        "{}",
        detail.body
    );
    let by_instructor = instructor
        .call(
            "cancel_booking",
            &[
                ("id", &booking_id_of(&links[1]).to_string()),
                ("message", ""),
            ],
        )
        .await;
    assert_eq!(by_instructor.status, 200, "{}", by_instructor.body);
    let refunds = refunds_made(&app, &links[1]).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount.minor_units(), 4500);
    assert_eq!(refunded_at_stripe(&app, &stripe, &links[1]).await, 4500);
}

async fn an_instructor_refunds_part_and_never_more_than_was_paid(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, link) = booked_by_card(&app, "part-refund").await;
    paid_by_card(&app, &stripe, &link).await;
    let id = booking_id_of(&link).to_string();
    let refund = |amount: &'static str| {
        let id = id.clone();
        let instructor = &instructor;
        async move {
            instructor
                .call("refund_booking", &[("id", id.as_str()), ("amount", amount)])
                .await
        }
    };
    let part = refund("20").await;
    assert_eq!(part.status, 200, "{}", part.body);
    let too_much = refund("30").await;
    assert_eq!(too_much.status, 422, "{}", too_much.body);
    assert!(
        too_much.body.contains(r#""field":"amount""#) && too_much.body.contains("$25.00"),
        "{}",
        too_much.body
    );
    let nothing = refund("0").await;
    assert_eq!(nothing.status, 422, "{}", nothing.body);
    let rest = refund("25").await;
    assert_eq!(rest.status, 200, "{}", rest.body);
    let refunds = refunds_made(&app, &link).await;
    assert_eq!(
        refunds
            .iter()
            .map(|refund| refund.amount.minor_units())
            .collect::<Vec<_>>(),
        [2000, 2500]
    );
    assert_eq!(refunded_at_stripe(&app, &stripe, &link).await, 4500);
    let detail = instructor.call("booking_detail", &[("id", &id)]).await;
    assert_eq!(detail.json()["refundable"], serde_json::Value::Null);
    let told = app
        .emails_once_one_contains("Receipt: $25.00 refunded by")
        .await;
    let (receipts, notices): (Vec<&String>, Vec<&String>) = told
        .iter()
        .filter(|mail| mail.contains("has refunded $"))
        .partition(|mail| mail.contains("\nReceipt: "));
    assert_eq!(
        (notices.len(), receipts.len()),
        (2, 2),
        "a refund notice and a receipt for each refund: {told:?}"
    );
}

async fn another_studio_or_a_signed_out_caller_refunds_nothing(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "not-yours").await;
    paid_by_card(&app, &stripe, &link).await;
    let id = booking_id_of(&link).to_string();
    let form = [("id", id.as_str()), ("amount", "45")];
    let stranger = app.instructor_with_studio("stranger", "UTC").await;
    let theirs = stranger.call("refund_booking", &form).await;
    assert_eq!(theirs.status, 404, "{}", theirs.body);
    let signed_out = app.visitor().call("refund_booking", &form).await;
    assert_eq!(signed_out.status, 401, "{}", signed_out.body);
    assert!(
        app.store()
            .await
            .refunds_of_booking(booking_id_of(&link))
            .await
            .expect("read")
            .is_empty()
    );
}

/// The payments page's entries as "kind amount".
fn entries_of(books: &serde_json::Value) -> Vec<String> {
    books["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| {
            format!(
                "{} {}",
                entry["kind_label"].as_str().unwrap_or(""),
                entry["amount_label"].as_str().unwrap_or("")
            )
        })
        .collect()
}

async fn the_payments_page_counts_each_payment_and_refund_on_its_day_and_the_csv_holds_the_same(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, link) = booked_by_card(&app, "books").await;
    paid_by_card(&app, &stripe, &link).await;
    let id = booking_id_of(&link).to_string();
    let refund = instructor
        .call("refund_booking", &[("id", id.as_str()), ("amount", "20")])
        .await;
    assert_eq!(refund.status, 200, "{}", refund.body);
    assert_eq!(refunds_made(&app, &link).await.len(), 1);
    let cash = instructor.record_payment(&id, "20", "cash").await;
    assert_eq!(cash.status, 200, "{}", cash.body);

    let books = instructor.call("payments", &[]).await;
    assert_eq!(books.status, 200, "{}", books.body);
    let books = books.json();
    assert_eq!(
        entries_of(&books),
        [
            "Cash $20.00",
            "Card payment $45.00",
            "Refund (by you) \u{2212}$20.00"
        ],
        "money recorded by the day comes first in it, then the rest by time"
    );
    let today = app.clock.now().date_naive();
    let totals = &books["totals"][0];
    assert_eq!(
        (&totals["received"], &totals["refunded"], &totals["net"]),
        (
            &serde_json::json!("$65.00"),
            &serde_json::json!("$20.00"),
            &serde_json::json!("$45.00")
        ),
        "{books}"
    );
    assert_eq!(
        books["days"][0]["label"],
        today.format("%A %-d %B %Y").to_string()
    );
    assert_eq!(
        books["from"],
        today.with_day(1).expect("a first").to_string()
    );

    let refunds_only = instructor
        .call("payments", &[("kind", "refunds")])
        .await
        .json();
    assert_eq!(
        entries_of(&refunds_only),
        ["Refund (by you) \u{2212}$20.00"]
    );
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    let later = instructor
        .call("payments", &[("from", &tomorrow), ("to", &tomorrow)])
        .await
        .json();
    assert!(entries_of(&later).is_empty(), "{later}");

    let csv = instructor.get("/dashboard/payments.csv?kind=").await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert_eq!(
        csv.headers["content-type"], "text/csv; charset=utf-8",
        "{:?}",
        csv.headers
    );
    let first = today.with_day(1).expect("a first");
    assert_eq!(
        csv.headers["content-disposition"],
        format!("attachment; filename=\"payments-{first}-to-{today}.csv\"").as_str()
    );
    let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 4, "{}", csv.body);
    assert!(lines[0].starts_with("Date,Time,Type,Amount,Currency,Student"));
    assert!(
        lines[3].contains("Refund (by you),-20.00,USD,Ada Lovelace,ada@example.com,Lesson,")
            && lines[3].starts_with(&today.to_string()),
        "{}",
        lines[3]
    );
    assert!(lines[1].contains(",Cash,20.00,USD,"), "{}", lines[1]);

    let backwards = instructor
        .get(&format!(
            "/dashboard/payments.csv?from={tomorrow}&to={today}"
        ))
        .await;
    assert_eq!(backwards.status, 422, "{}", backwards.body);
    assert!(
        backwards
            .body
            .contains("The end date must not be before the start date."),
        "{}",
        backwards.body
    );
    let bad = instructor
        .call("payments", &[("from", "soon"), ("kind", "gold")])
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.field_message("from").is_some(), "{}", bad.body);
    assert_eq!(
        bad.field_message("kind").as_deref(),
        Some("Choose a kind of payment from the list.")
    );

    let page = instructor.get("/dashboard/payments").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Download CSV") && page.body.contains("$65.00"),
        "{}",
        page.body
    );
}

async fn another_studio_and_a_signed_out_caller_see_no_payments(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (_, link) = booked_by_card(&app, "own-books").await;
    paid_by_card(&app, &stripe, &link).await;
    let other = app.instructor_with_studio("other-books", "UTC").await;
    let theirs = other.call("payments", &[]).await;
    assert_eq!(theirs.status, 200, "{}", theirs.body);
    assert!(entries_of(&theirs.json()).is_empty(), "{}", theirs.body);
    let csv = other.get("/dashboard/payments.csv").await;
    assert!(!csv.body.contains("Ada"), "{}", csv.body);
    let visitor = app.visitor();
    assert_eq!(visitor.call("payments", &[]).await.status, 401);
    let signed_out = visitor.get("/dashboard/payments.csv").await;
    assert_eq!(
        (
            signed_out.status,
            signed_out.headers["location"].to_str().ok()
        ),
        (303, Some("/signin")),
        "a visitor without a session is sent to sign in"
    );
    let forged = visitor
        .get_with("/dashboard/payments.csv", |request| {
            request.header("cookie", "bookable_session=forged")
        })
        .await;
    assert_eq!(forged.status, 401, "{}", forged.body);
}

async fn a_card_payments_receipt_links_an_invoice_that_names_the_card(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let (instructor, link) = booked_by_card(&app, "card-invoice").await;
    paid_by_card(&app, &stripe, &link).await;
    let mails = app
        .emails_once_one_contains("Receipt: $45.00 paid to")
        .await;
    let receipt = mails
        .iter()
        .find(|mail| mail.contains("Receipt: $45.00 paid to"))
        .expect("a receipt");
    assert!(receipt.starts_with("To: ada@example.com"), "{receipt}");
    let detail = instructor
        .call(
            "booking_detail",
            &[("id", &booking_id_of(&link).to_string())],
        )
        .await
        .json();
    let path = detail["invoices"][0][1]
        .as_str()
        .expect("an invoice")
        .to_owned();
    assert_eq!(detail["invoices"][0][0], "Invoice 00001 · payment $45.00");
    assert!(receipt.contains(&path), "{receipt}");
    let page = app.visitor().get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Visa ending in 4242"),
        "the card Stripe names: {}",
        page.body
    );
}

async fn a_package_picked_at_booking_sets_what_the_card_and_the_invoice_take(
    app: TestApp,
    stripe: StripeEmulator,
) {
    let instructor = connected_instructor(&app, "packages").await;
    instructor.offer_payment_methods(&["pay_with_stripe"]).await;
    let mut packages = vec![
        ("name", "Portrait"),
        ("duration_minutes", "60"),
        ("capacity", "1"),
        ("status", "active"),
        ("price", "100"),
        ("card_collection", "retainer"),
        ("retainer", "30%"),
        ("packages[0][name]", "5 photos"),
        ("packages[0][price]", "abc"),
        ("packages[1][name]", "All photos"),
        ("packages[1][price]", "250"),
        ("packages[1][description]", "Every photo of the session."),
        ("packages[1][included]", "Online gallery\nPrint release"),
    ];
    let refused = instructor.call("create_session_type", &packages).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .field_message("packages[0].price")
            .is_some_and(|message| message.starts_with("Enter the price as a number")),
        "{}",
        refused.body
    );
    packages[8] = ("packages[0][price]", "150");
    let portrait = instructor.session_type_with(&packages).await;

    let date = days_from_today("UTC", 3);
    let start = instructor.slots("packages", &portrait, &date).await[10]["start"]
        .as_str()
        .expect("a start")
        .to_owned();
    let student = app.visitor();
    let held = student
        .call(
            "hold_slot",
            &[
                ("slug", "packages"),
                ("session_type_id", &portrait),
                ("start", &start),
            ],
        )
        .await;
    assert_eq!(held.status, 200, "{}", held.body);
    let link = link_of(&held);
    let page = student.booking_page(&link).await;
    assert_eq!(
        page["hold"]["packages"],
        serde_json::json!([
            {"value": "5 photos", "label": "5 photos: $150.00", "detail": ""},
            {
                "value": "All photos",
                "label": "All photos: $250.00",
                "detail": "Every photo of the session. Includes: Online gallery, Print release."
            }
        ])
    );
    assert_eq!(
        page["hold"]["payment_choices"][0]["label"],
        "Pay a 30% retainer online by card (the rest at the session)"
    );
    let complete = |package: &'static str| {
        let link = link.clone();
        let student = &student;
        async move {
            student
                .call(
                    "complete_booking",
                    &[
                        ("link", link.as_str()),
                        ("student_name", "Ada Lovelace"),
                        ("student_email", "ada@example.com"),
                        ("package", package),
                        ("payment_method", "card"),
                    ],
                )
                .await
        }
    };
    for (package, message) in [
        ("", "Choose a package."),
        (
            "Gold",
            "That package is no longer offered; choose one of those listed.",
        ),
    ] {
        let refused = complete(package).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.field_message("package").as_deref(), Some(message));
    }
    let booked = complete("All photos").await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let page = student.get(&format!("/booking/{link}")).await;
    for shown in [
        "All photos: $250.00",
        "Retainer due now: $75.00 (the other $175.00 at the session)",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    paid_by_card(&app, &stripe, &link).await;
    let payments = card_payments(&app, &link).await;
    let intent = stripe
        .get(&format!(
            "/v1/payment_intents/{}",
            payments[0].payment_intent
        ))
        .await;
    assert_eq!(intent["amount"], 7500, "30% of the package's $250");
    let detail = instructor
        .call(
            "booking_detail",
            &[("id", &booking_id_of(&link).to_string())],
        )
        .await
        .json();
    let invoice = app
        .visitor()
        .get(detail["invoices"][0][1].as_str().expect("an invoice"))
        .await;
    assert!(
        invoice.body.contains("Portrait \u{2014} All photos"),
        "{}",
        invoice.body
    );
}
