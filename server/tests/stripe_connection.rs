//! Settings > Stripe: an instructor connects the studio's own Stripe account (checked with
//! the local Stripe emulator), sees only the keys' hints afterwards, tests and disconnects it;
//! the secrets are sealed in the database, and Stripe's webhooks are taken only when signed
//! with the studio's signing secret within five minutes.

mod support;

use app::server::clock::Clock;
use app::server::stripe::webhook_signature;
use domain::stripe_keys::WebhookSigningSecret;
use support::stripe::{PUBLISHABLE_KEY, SECRET_KEY, StripeEmulator};
use support::{Backend, Client, TestApp, days_from_today, link_of};

const WEBHOOK_SECRET: &str = "whsec_bookableSigningSecret";

with_stripe_on_both_backends!(
    connecting, crate::start;
    keys_stripe_accepts_connect_the_studio_and_only_their_hints_are_shown_again,
    the_secrets_are_sealed_in_the_database_never_stored_as_typed,
    a_key_stripe_refuses_is_named_at_its_field_and_nothing_is_saved,
    keys_of_the_wrong_kind_or_mode_are_refused_before_stripe_is_asked,
    the_connection_is_tested_again_on_request_and_disconnecting_forgets_the_keys,
    a_signed_out_caller_or_another_studio_reaches_no_studios_stripe_keys,
    a_webhook_signed_with_the_studios_secret_is_acknowledged,
    a_forged_or_stale_webhook_is_refused_with_its_reason,
    a_webhook_replayed_ten_times_confirms_its_booking_once,
);

/// The app with Stripe's API at the emulator; `None` when either is missing here.
async fn start(backend: Backend) -> Option<(TestApp, StripeEmulator)> {
    let stripe = StripeEmulator::start().await?;
    let api_url = stripe.base_url.clone();
    let app = TestApp::start_with(backend, |config| {
        config.rate_limit_factor = 1000;
        config.stripe_api_url = api_url;
    })
    .await?;
    Some((app, stripe))
}

async fn connect(instructor: &Client, secret: &str, publishable: &str) -> support::Reply {
    instructor
        .call(
            "connect_stripe",
            &[
                ("secret_key", secret),
                ("publishable_key", publishable),
                ("webhook_secret", WEBHOOK_SECRET),
            ],
        )
        .await
}

async fn connected_instructor(app: &TestApp, slug: &str) -> Client {
    let instructor = app.instructor_with_studio(slug, "Europe/Paris").await;
    let reply = connect(&instructor, SECRET_KEY, PUBLISHABLE_KEY).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    instructor
}

/// The path Stripe is told to post this studio's webhooks to.
async fn webhook_path(instructor: &Client) -> String {
    let view = instructor.call("stripe_connection", &[]).await.json();
    let url = view["webhook_url"].as_str().expect("a webhook address");
    url.find("/stripe/webhook/")
        .map(|at| url[at..].to_owned())
        .expect("a webhook path")
}

async fn keys_stripe_accepts_connect_the_studio_and_only_their_hints_are_shown_again(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let instructor = app.instructor_with_studio("connects", "Europe/Paris").await;
    let before = instructor.call("stripe_connection", &[]).await.json();
    assert!(before["connected"].is_null(), "{before}");
    let reply = connect(&instructor, SECRET_KEY, PUBLISHABLE_KEY).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let view = instructor.call("stripe_connection", &[]).await;
    let connected = &view.json()["connected"];
    assert_eq!(connected["mode"], "test");
    assert_eq!(connected["secret_key_hint"], "sk_test_…able");
    assert_eq!(connected["publishable_key"], PUBLISHABLE_KEY);
    assert!(
        connected["connected_at"]
            .as_str()
            .is_some_and(|text| text.ends_with("CET") || text.ends_with("CEST")),
        "in the studio's zone: {connected}"
    );
    for body in [&reply.body, &view.body] {
        assert!(
            !body.contains(SECRET_KEY) && !body.contains(WEBHOOK_SECRET),
            "no secret is sent back: {body}"
        );
    }
    let path = webhook_path(&instructor).await;
    assert!(
        view.json()["webhook_url"]
            .as_str()
            .is_some_and(|url| url.starts_with(&app.base_url) && url.ends_with(&path)),
        "{}",
        view.body
    );
}

async fn the_secrets_are_sealed_in_the_database_never_stored_as_typed(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let instructor = connected_instructor(&app, "sealed").await;
    let studio_id: i64 = webhook_path(&instructor)
        .await
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("the studio's id");
    let account = app
        .store()
        .await
        .stripe_account(studio_id)
        .await
        .expect("read")
        .expect("connected");
    for sealed in [&account.secret_key_sealed, &account.webhook_secret_sealed] {
        assert!(sealed.starts_with("v1."), "{sealed}");
        assert!(
            !sealed.contains("bookable") && !sealed.contains("whsec"),
            "{sealed}"
        );
    }
    assert_eq!(account.secret_key_hint, "sk_test_…able");
}

async fn a_key_stripe_refuses_is_named_at_its_field_and_nothing_is_saved(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let instructor = app.instructor_with_studio("refused", "UTC").await;
    let reply = connect(&instructor, "sk_test_revokedKey9876", PUBLISHABLE_KEY).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let message = reply
        .field_message("secret_key")
        .expect("a secret key message");
    assert!(
        message.starts_with("Stripe refused this key: Invalid API Key provided: sk_test_")
            && message.ends_with("9876"),
        "{message}"
    );
    assert!(
        !message.contains("revokedKey"),
        "the key is masked: {message}"
    );
    let view = instructor.call("stripe_connection", &[]).await.json();
    assert!(view["connected"].is_null(), "{view}");
}

async fn keys_of_the_wrong_kind_or_mode_are_refused_before_stripe_is_asked(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let instructor = app.instructor_with_studio("malformed", "UTC").await;
    let swapped = connect(&instructor, PUBLISHABLE_KEY, SECRET_KEY).await;
    assert_eq!(swapped.status, 422, "{}", swapped.body);
    assert!(
        swapped
            .field_message("secret_key")
            .is_some_and(|message| message.starts_with("A secret key starts with sk_test_")),
        "{}",
        swapped.body
    );
    assert!(
        swapped
            .field_message("publishable_key")
            .is_some_and(|message| message.starts_with("A publishable key starts with pk_test_")),
        "{}",
        swapped.body
    );
    let modes = connect(&instructor, SECRET_KEY, "pk_live_bookableLive").await;
    assert_eq!(
        modes.field_message("publishable_key").as_deref(),
        Some(
            "This publishable key is for live mode, the secret key for test mode: use the two keys of one mode."
        )
    );
    let empty = instructor.call("connect_stripe", &[]).await;
    assert_eq!(
        empty.field_message("webhook_secret").as_deref(),
        Some("Enter the signing secret of the webhook endpoint you added in Stripe.")
    );
}

async fn the_connection_is_tested_again_on_request_and_disconnecting_forgets_the_keys(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let instructor = connected_instructor(&app, "retest").await;
    let test = instructor.call("test_stripe_connection", &[]).await;
    assert_eq!(test.status, 200, "{}", test.body);
    assert_eq!(
        test.json(),
        "Stripe accepted the secret key sk_test_…able (test mode)."
    );
    let off = instructor.call("disconnect_stripe", &[]).await;
    assert_eq!(off.status, 200, "{}", off.body);
    let view = instructor.call("stripe_connection", &[]).await.json();
    assert!(view["connected"].is_null(), "{view}");
    let test = instructor.call("test_stripe_connection", &[]).await;
    assert_eq!(test.status, 409, "{}", test.body);
    assert!(
        test.body.contains("Stripe is not connected"),
        "{}",
        test.body
    );
}

async fn a_signed_out_caller_or_another_studio_reaches_no_studios_stripe_keys(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let owner = connected_instructor(&app, "owner").await;
    let visitor = app.visitor();
    for endpoint in [
        "stripe_connection",
        "test_stripe_connection",
        "disconnect_stripe",
    ] {
        assert_eq!(
            visitor.call(endpoint, &[]).await.status,
            401,
            "{endpoint} signed out"
        );
    }
    let signed_out_connect = connect(&visitor, SECRET_KEY, PUBLISHABLE_KEY).await;
    assert_eq!(signed_out_connect.status, 401);
    let other = app.instructor_with_studio("other", "UTC").await;
    let theirs = other.call("stripe_connection", &[]).await.json();
    assert!(theirs["connected"].is_null(), "{theirs}");
    assert_eq!(other.call("test_stripe_connection", &[]).await.status, 409);
    assert_eq!(other.call("disconnect_stripe", &[]).await.status, 200);
    let still = owner.call("stripe_connection", &[]).await.json();
    assert_eq!(
        still["connected"]["secret_key_hint"], "sk_test_…able",
        "another studio's disconnect leaves this one connected"
    );
}

fn event(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"event","type":"payment_intent.succeeded","data":{{"object":{{"id":"pi_unknown","object":"payment_intent"}}}}}}"#
    )
}

fn signed(body: &str, secret: &str, at: i64) -> String {
    webhook_signature(
        body.as_bytes(),
        &WebhookSigningSecret::parse(secret).expect("valid secret"),
        at,
    )
}

async fn post_webhook(app: &TestApp, path: &str, body: &str, signature: &str) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", app.base_url))
        .header("Stripe-Signature", signature)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("answered");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

async fn a_webhook_signed_with_the_studios_secret_is_acknowledged(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let instructor = connected_instructor(&app, "hooked").await;
    let path = webhook_path(&instructor).await;
    let body = event("evt_1");
    let now = app.clock.now().timestamp();
    let (status, text) =
        post_webhook(&app, &path, &body, &signed(&body, WEBHOOK_SECRET, now)).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(text, "evt_1: no booking is paid by pi_unknown; ignored.");
    let unconnected = app.instructor_with_studio("unhooked", "UTC").await;
    let (status, text) = post_webhook(
        &app,
        &webhook_path(&unconnected).await,
        &body,
        &signed(&body, WEBHOOK_SECRET, now),
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (404, "This studio has not connected Stripe.")
    );
}

async fn a_forged_or_stale_webhook_is_refused_with_its_reason(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let instructor = connected_instructor(&app, "forged").await;
    let path = webhook_path(&instructor).await;
    let body = event("evt_2");
    let now = app.clock.now().timestamp();
    let forged = signed(&body, "whsec_someoneElsesSecret", now);
    let (status, text) = post_webhook(&app, &path, &body, &forged).await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(
        text,
        "Refused: no v1 signature matches the body with this endpoint's signing secret."
    );
    let stale = signed(&body, WEBHOOK_SECRET, now - 301);
    let (status, text) = post_webhook(&app, &path, &body, &stale).await;
    assert_eq!(
        (status, text.as_str()),
        (
            400,
            "Refused: the signed timestamp is 301 seconds from now, more than the 300 allowed."
        )
    );
    let altered = body.replace("evt_2", "evt_3");
    let good_for_original = signed(&body, WEBHOOK_SECRET, now);
    let (status, _) = post_webhook(&app, &path, &altered, &good_for_original).await;
    assert_eq!(status, 400, "a body changed after signing");
}

/// The app as `config` sets it up, on the system clock: what a server's start does.
async fn router_on(config: &bookable::Config) -> Result<axum::Router, bookable::StartError> {
    let store = bookable::connect_store(&config.database_url)
        .await
        .expect("store");
    let mailer = bookable::connect_mailer(config).expect("mailer");
    bookable::router(
        config,
        store,
        mailer,
        std::sync::Arc::new(app::server::clock::SystemClock),
    )
    .await
}

#[tokio::test]
async fn a_server_started_with_another_secrets_key_refuses_to_start_on_the_same_database() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let database_url = format!("sqlite://{}", dir.path().join("app.db").display());
    let config = |key: &str| bookable::Config {
        database_url: database_url.clone(),
        outbox_dir: dir.path().join("outbox"),
        media_dir: dir.path().join("media"),
        secrets_key: Some(key.to_owned()),
        ..bookable::Config::defaults()
    };
    let start = |config: bookable::Config| async move { router_on(&config).await };
    let first = app::server::secrets::SecretsKey::generate().to_base64();
    assert!(start(config(&first)).await.is_ok(), "the first key is kept");
    assert!(start(config(&first)).await.is_ok(), "and opens again");
    let other = app::server::secrets::SecretsKey::generate().to_base64();
    let Err(refused) = start(config(&other)).await else {
        panic!("started with another key")
    };
    assert!(
        refused
            .to_string()
            .contains("not the key this database's secrets were sealed with"),
        "{refused}"
    );
    let Err(malformed) = start(config("short")).await else {
        panic!("started with a malformed key")
    };
    assert!(
        malformed.to_string().contains("BOOKABLE_SECRETS_KEY"),
        "{malformed}"
    );
}

async fn a_webhook_replayed_ten_times_confirms_its_booking_once(
    app: TestApp,
    _stripe: StripeEmulator,
) {
    let instructor = connected_instructor(&app, "replayed").await;
    instructor.offer_payment_methods(&["pay_by_check"]).await;
    let lesson = instructor.session_type("Lesson", 1, "active").await;
    let date = days_from_today("UTC", 3);
    let start = instructor.slots("replayed", &lesson, &date).await[10]["start"]
        .as_str()
        .expect("a start")
        .to_owned();
    let booked = app
        .visitor()
        .book(
            "replayed",
            &lesson,
            &start,
            "Ada Lovelace",
            "ada@example.com",
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let link = link_of(&booked);
    assert_eq!(
        instructor.booking_page(&link).await["status"],
        "payment_pending"
    );
    let booking_id: i64 = link
        .split_once('.')
        .and_then(|(id, _)| id.parse().ok())
        .expect("the booking's id");
    let store = app.store().await;
    let booking = store
        .booking_by_id(booking_id)
        .await
        .expect("read")
        .expect("found");
    store
        .add_card_payment(&store::NewCardPayment {
            studio_id: booking.studio_id,
            booking_id,
            attempt: 1,
            payment_intent: "pi_replayed".into(),
            amount: domain::money::Money::from_minor_units(4500, domain::money::Currency::Usd)
                .expect("an amount"),
            created_at: app.clock.now(),
        })
        .await
        .expect("recorded");
    let path = webhook_path(&instructor).await;
    let body = event("evt_replayed").replace("pi_unknown", "pi_replayed");
    let signature = signed(&body, WEBHOOK_SECRET, app.clock.now().timestamp());
    let deliveries = (0..10).map(|_| post_webhook(&app, &path, &body, &signature));
    let answers = futures::future::join_all(deliveries).await;
    assert!(
        answers.iter().all(|(status, _)| *status == 200),
        "{answers:?}"
    );
    let confirmed = format!("evt_replayed: booking {booking_id} confirmed.");
    assert_eq!(
        answers
            .iter()
            .filter(|(_, text)| *text == confirmed)
            .count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers
            .iter()
            .filter(|(_, text)| text == "evt_replayed: taken before.")
            .count(),
        9,
        "{answers:?}"
    );
    assert_eq!(instructor.booking_page(&link).await["status"], "confirmed");
    app.emails_once_one_contains("has received your payment")
        .await;
    let mails = app.mails_after_a_while().await;
    let confirmations = mails
        .iter()
        .filter(|mail| mail.to == "ada@example.com" && mail.subject.starts_with("Confirmed: "))
        .count();
    let subjects: Vec<(&str, &str)> = mails
        .iter()
        .map(|mail| (mail.to.as_str(), mail.subject.as_str()))
        .collect();
    assert_eq!(
        confirmations, 1,
        "one email says the payment arrived: {subjects:?}"
    );
}

#[tokio::test]
async fn two_servers_starting_at_once_make_one_secrets_key_file_only_its_owner_can_read() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let database_url = format!("sqlite://{}", dir.path().join("app.db").display());
    let key_file = dir.path().join("keys").join("secrets.key");
    let config = bookable::Config {
        database_url: database_url.clone(),
        outbox_dir: dir.path().join("outbox"),
        media_dir: dir.path().join("media"),
        secrets_key: None,
        secrets_key_file: key_file.clone(),
        ..bookable::Config::defaults()
    };
    let start = || async { router_on(&config).await.is_ok() };
    // The database exists before (two first starts would race to migrate it); the key file not.
    bookable::connect_store(&database_url)
        .await
        .expect("migrated");
    let (first, second) = tokio::join!(start(), start());
    assert!(first && second, "both started with the one key");
    let text = std::fs::read_to_string(&key_file).expect("the key file");
    assert!(
        app::server::secrets::SecretsKey::from_base64(&text).is_ok(),
        "a whole key: {text:?}"
    );
    let leftovers = std::fs::read_dir(key_file.parent().expect("its folder"))
        .expect("listed")
        .count();
    assert_eq!(leftovers, 1, "no draft left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    assert!(start().await, "and it opens again on the next start");
}
