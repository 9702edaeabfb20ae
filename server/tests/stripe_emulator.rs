//! The Stripe emulator the payment tests will run against (issue 13, groundwork) behaves as
//! Stripe does where our code will rely on it: idempotent creates, the PaymentIntent fields
//! async-stripe requires, declined cards, and no state left in a shared file.

mod support;

use support::stripe::StripeEmulator;

async fn create_intent(stripe: &StripeEmulator, key: &str) -> (u16, serde_json::Value) {
    stripe
        .post(
            "/v1/payment_intents",
            &[("amount", "4500"), ("currency", "eur")],
            Some(key),
        )
        .await
}

#[tokio::test]
async fn a_create_repeated_with_its_idempotency_key_answers_the_same_payment_intent() {
    let Some(stripe) = StripeEmulator::start().await else {
        return;
    };
    let form = [("amount", "4500"), ("currency", "eur")];
    let key = Some("booking-7-attempt-1");
    let (status, replayed, first) = stripe
        .post_replayed("/v1/payment_intents", &form, key)
        .await;
    assert_eq!((status, replayed), (200, false), "{first}");
    let (_, replayed, again) = stripe
        .post_replayed("/v1/payment_intents", &form, key)
        .await;
    assert_eq!(again["id"], first["id"], "the same key, the same intent");
    assert!(replayed, "said to be replayed");
    let (_, other) = create_intent(&stripe, "booking-7-attempt-2").await;
    assert_ne!(other["id"], first["id"], "another key, another intent");
    let (status, changed) = stripe
        .post(
            "/v1/payment_intents",
            &[("amount", "9900"), ("currency", "eur")],
            key,
        )
        .await;
    assert_eq!(status, 400, "the same key with other parameters: {changed}");
    assert_eq!(changed["error"]["type"], "idempotency_error");
}

#[tokio::test]
async fn a_refused_create_is_not_kept_for_its_idempotency_key() {
    let Some(stripe) = StripeEmulator::start().await else {
        return;
    };
    let key = Some("booking-11-attempt-1");
    let (status, _) = stripe
        .post("/v1/payment_intents", &[("currency", "eur")], key)
        .await;
    assert_eq!(status, 400, "no amount");
    let (status, replayed, fixed) = stripe
        .post_replayed(
            "/v1/payment_intents",
            &[("amount", "4500"), ("currency", "eur")],
            key,
        )
        .await;
    assert_eq!(
        (status, replayed),
        (200, false),
        "carried out after the fix: {fixed}"
    );
}

#[tokio::test]
async fn a_payment_intent_carries_the_fields_stripe_always_sends_and_is_paid_by_a_good_card() {
    let Some(stripe) = StripeEmulator::start().await else {
        return;
    };
    let (_, intent) = create_intent(&stripe, "booking-8-attempt-1").await;
    for field in [
        "amount_received",
        "amount_capturable",
        "confirmation_method",
        "payment_method_types",
    ] {
        assert!(!intent[field].is_null(), "{field} in {intent}");
    }
    assert_eq!(intent["amount_received"], 0);
    let id = intent["id"].as_str().expect("an id");
    let path = format!("/v1/payment_intents/{id}");
    let (status, _) = stripe
        .post(&path, &[("payment_method", "pm_card_visa")], None)
        .await;
    assert_eq!(status, 200);
    let (status, confirmed) = stripe.post(&format!("{path}/confirm"), &[], None).await;
    assert_eq!(status, 200, "{confirmed}");
    let paid = stripe.get(&path).await;
    assert_eq!(paid["status"], "succeeded", "{paid}");
    assert_eq!(paid["amount_received"], 4500);
}

#[tokio::test]
async fn a_declined_card_is_refused_with_its_reason() {
    let Some(stripe) = StripeEmulator::start().await else {
        return;
    };
    let (_, intent) = create_intent(&stripe, "booking-9-attempt-1").await;
    let path = format!("/v1/payment_intents/{}", intent["id"].as_str().expect("id"));
    stripe
        .post(
            &path,
            &[("payment_method", "pm_card_chargeCustomerFail")],
            None,
        )
        .await;
    let (status, refused) = stripe.post(&format!("{path}/confirm"), &[], None).await;
    assert_eq!(status, 402, "{refused}");
    assert_eq!(refused["error"]["code"], "card_declined", "{refused}");
}

#[tokio::test]
async fn the_emulator_keeps_its_state_to_itself() {
    let shared = std::path::Path::new("/tmp/localstripe.pickle");
    let before = std::fs::metadata(shared)
        .and_then(|meta| meta.modified())
        .ok();
    let Some(stripe) = StripeEmulator::start().await else {
        return;
    };
    create_intent(&stripe, "booking-10-attempt-1").await;
    let after = std::fs::metadata(shared)
        .and_then(|meta| meta.modified())
        .ok();
    assert_eq!(
        before, after,
        "nothing written to localstripe's shared pickle"
    );
}

#[tokio::test]
async fn the_app_creates_one_payment_intent_per_key_and_reads_it_as_paid_only_once_a_card_pays() {
    use app::server::stripe::{StripeGateway, StripeSettings};
    let Some(stripe) = StripeEmulator::start().await else {
        return;
    };
    let gateway = StripeGateway::new(&StripeSettings {
        api_url: stripe.base_url.clone(),
        ..StripeSettings::default()
    });
    let secret = domain::stripe_keys::StripeSecretKey::parse(support::stripe::SECRET_KEY)
        .expect("the emulator's key");
    let amount = domain::money::Money::from_minor_units(4500, domain::money::Currency::Eur)
        .expect("an amount");
    let key = domain::card_payments::payment_intent_key("emulated", 7, 1);
    let created = gateway
        .create_payment_intent(&secret, amount, &key, 7)
        .await
        .expect("created");
    assert!(
        created.id.starts_with("pi_") && created.client_secret.starts_with(&created.id),
        "{created:?}"
    );
    let again = gateway
        .create_payment_intent(&secret, amount, &key, 7)
        .await
        .expect("answered again");
    assert_eq!(again, created, "the same key, the same PaymentIntent");
    let intent = stripe
        .get(&format!("/v1/payment_intents/{}", created.id))
        .await;
    assert_eq!(
        (
            &intent["amount"],
            &intent["currency"],
            &intent["metadata"]["booking"]
        ),
        (
            &serde_json::json!(4500),
            &serde_json::json!("eur"),
            &serde_json::json!("7")
        )
    );
    assert!(
        !gateway
            .payment_intent_paid(&secret, &created.id)
            .await
            .expect("read"),
        "not paid yet"
    );
    let path = format!("/v1/payment_intents/{}", created.id);
    stripe
        .post(&path, &[("payment_method", "pm_card_visa")], None)
        .await;
    let (status, _) = stripe.post(&format!("{path}/confirm"), &[], None).await;
    assert_eq!(status, 200);
    assert!(
        gateway
            .payment_intent_paid(&secret, &created.id)
            .await
            .expect("read"),
        "paid"
    );
}
