//! Calls to Stripe's API with a studio's own secret key (async-stripe), at a base address the
//! operator may change: tests point it at the local emulator.

use chrono::{DateTime, Utc};
use domain::stripe_keys::{StripeSecretKey, WebhookSigningSecret};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;
use stripe::StripeRequest;

/// Where Stripe is reached, as configured by the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeSettings {
    /// Stripe's API, e.g. `https://api.stripe.com/`.
    pub api_url: String,
    /// The Stripe.js script the student's payment page loads, e.g. `https://js.stripe.com/v3/`.
    pub js_url: String,
}

impl Default for StripeSettings {
    fn default() -> Self {
        Self {
            api_url: "https://api.stripe.com/".to_owned(),
            js_url: "https://js.stripe.com/v3/".to_owned(),
        }
    }
}

/// Stripe answers within this, or the call fails as unreachable (the client has none of its own).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone)]
pub struct StripeGateway {
    api_url: String,
    js_url: String,
}

/// Why a call to Stripe did not succeed, in words an instructor can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StripeProblem {
    /// Stripe refused the key itself (401), or a restricted key lacks a permission (403);
    /// Stripe's own message, which shows the key masked.
    #[error("Stripe refused this key: {0}")]
    KeyRefused(String),
    #[error("Stripe could not be reached. Try again in a minute.")]
    Unreachable,
    /// The card was declined (402), with the reason Stripe gives the cardholder.
    #[error("{0}")]
    CardDeclined(String),
    /// The charge was refunded already (in full), by us or in Stripe's dashboard.
    #[error("Stripe says this payment was refunded already")]
    AlreadyRefunded,
    /// Anything else Stripe answered, with its message.
    #[error("Stripe answered with an error: {0}")]
    Refused(String),
}

impl StripeGateway {
    pub fn new(settings: &StripeSettings) -> Self {
        let with_slash = |url: &str| format!("{}/", url.trim().trim_end_matches('/'));
        Self {
            // async-stripe joins `{base}v1/…`: the base ends with a slash.
            api_url: with_slash(&settings.api_url),
            js_url: settings.js_url.trim().to_owned(),
        }
    }

    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    pub fn js_url(&self) -> &str {
        &self.js_url
    }

    fn client(&self, secret: &StripeSecretKey) -> Result<stripe::Client, StripeProblem> {
        stripe::ClientBuilder::new(secret.expose())
            .url(self.api_url.clone())
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|error| {
                tracing::error!(%error, "the Stripe client could not be built");
                StripeProblem::Unreachable
            })
    }

    /// Reads one PaymentIntent with the key: what taking card payments needs it to be allowed.
    pub async fn check_connection(&self, secret: &StripeSecretKey) -> Result<(), StripeProblem> {
        let client = self.client(secret)?;
        stripe_core::payment_intent::ListPaymentIntent::new()
            .limit(1)
            .send(&client)
            .await
            .map(|_| ())
            .map_err(problem_of)
    }

    /// Creates a booking's PaymentIntent under its idempotency key: asked again with the same
    /// key (a retry after a timeout, a double tap), Stripe answers the same PaymentIntent.
    pub async fn create_payment_intent(
        &self,
        secret: &StripeSecretKey,
        amount: domain::money::Money,
        idempotency_key: &str,
        booking_id: i64,
    ) -> Result<CreatedIntent, StripeProblem> {
        let client = self.client(secret)?;
        let currency: stripe_types::Currency = amount
            .currency()
            .code()
            .to_lowercase()
            .parse()
            .map_err(|_| StripeProblem::Refused("the currency is not one Stripe takes".into()))?;
        let key = key_of(idempotency_key)?;
        // Cards are confirmed on the server without a return URL, which Stripe allows only
        // for payment methods that never redirect.
        let mut methods =
            stripe_core::payment_intent::CreatePaymentIntentAutomaticPaymentMethods::new(true);
        methods.allow_redirects = Some(
            stripe_core::payment_intent::CreatePaymentIntentAutomaticPaymentMethodsAllowRedirects::Never,
        );
        let intent =
            stripe_core::payment_intent::CreatePaymentIntent::new(amount.minor_units(), currency)
                .automatic_payment_methods(methods)
                .metadata([("booking".to_owned(), booking_id.to_string())])
                .customize()
                .request_strategy(stripe::RequestStrategy::Idempotent(key))
                .send(&client)
                .await
                .map_err(problem_of)?;
        Ok(CreatedIntent {
            id: intent.id.as_str().to_owned(),
            client_secret: intent.client_secret.unwrap_or_default(),
        })
    }

    /// Whether Stripe holds the PaymentIntent as paid: the authority over a browser's word.
    pub async fn payment_intent_paid(
        &self,
        secret: &StripeSecretKey,
        id: &str,
    ) -> Result<bool, StripeProblem> {
        Ok(self.intent_status(secret, id).await? == IntentStatus::Succeeded)
    }

    /// Where a PaymentIntent stands, read from Stripe.
    pub async fn intent_status(
        &self,
        secret: &StripeSecretKey,
        id: &str,
    ) -> Result<IntentStatus, StripeProblem> {
        let client = self.client(secret)?;
        let intent = stripe_core::payment_intent::RetrievePaymentIntent::new(id)
            .send(&client)
            .await
            .map_err(problem_of)?;
        Ok(IntentStatus::of(intent))
    }

    /// The card that paid a PaymentIntent, as Stripe names it (its PaymentMethod's brand and
    /// last four digits); `None` when it was not paid by a card.
    pub async fn card_of_intent(
        &self,
        secret: &StripeSecretKey,
        id: &str,
    ) -> Result<Option<store::CardOnFile>, StripeProblem> {
        let client = self.client(secret)?;
        let intent = stripe_core::payment_intent::RetrievePaymentIntent::new(id)
            .expand(vec!["payment_method".to_owned()])
            .send(&client)
            .await
            .map_err(problem_of)?;
        Ok(intent
            .payment_method
            .as_ref()
            .and_then(|method| method.as_object())
            .and_then(|method| method.card.as_ref())
            .map(|card| store::CardOnFile {
                brand: card.brand.clone(),
                last4: card.last4.clone(),
            }))
    }

    /// Refunds `amount` of a PaymentIntent (all of it with `None`), under an idempotency key:
    /// asked again, Stripe answers the same refund instead of returning the money twice. A
    /// charge refunded in full already (in Stripe's dashboard, say) counts as refunded.
    pub async fn refund(
        &self,
        secret: &StripeSecretKey,
        payment_intent: &str,
        amount: Option<domain::money::Money>,
        idempotency_key: &str,
    ) -> Result<(), StripeProblem> {
        let client = self.client(secret)?;
        // The full Refund type asks for fields the emulator leaves out; nothing of it is used.
        match create_for_id(
            &client,
            "/refunds",
            &RefundOf {
                payment_intent,
                amount: amount.map(domain::money::Money::minor_units),
            },
            idempotency_key,
        )
        .await
        {
            Ok(_) | Err(StripeProblem::AlreadyRefunded) => Ok(()),
            Err(problem) => Err(problem),
        }
    }

    /// Cancels a PaymentIntent that was never paid, so no card can be charged on it later.
    /// Stripe refuses to cancel one that succeeded meanwhile; its status is read back then.
    pub async fn cancel_payment_intent(
        &self,
        secret: &StripeSecretKey,
        id: &str,
    ) -> Result<IntentStatus, StripeProblem> {
        let client = self.client(secret)?;
        match stripe_core::payment_intent::CancelPaymentIntent::new(id)
            .send(&client)
            .await
        {
            Ok(intent) => Ok(IntentStatus::of(intent)),
            Err(stripe::StripeError::Stripe(_, 400)) => self.intent_status(secret, id).await,
            Err(error) => Err(problem_of(error)),
        }
    }

    /// Pays a PaymentIntent with the card behind a Stripe.js card token: makes the card a
    /// PaymentMethod (once per token, under a key derived from it), sets it on the
    /// PaymentIntent and confirms it. A declined card is `CardDeclined` with the bank's reason;
    /// a card whose bank wants 3-D Secure leaves the PaymentIntent `RequiresAction`.
    pub async fn pay_with_card_token(
        &self,
        secret: &StripeSecretKey,
        intent_id: &str,
        token: &domain::card_payments::CardToken,
    ) -> Result<IntentStatus, StripeProblem> {
        let client = self.client(secret)?;
        let method = create_for_id(
            &client,
            "/payment_methods",
            &CardFromToken {
                kind: "card",
                card: TokenParam {
                    token: token.as_str(),
                },
            },
            &format!("bookable-card-{}", token.as_str()),
        )
        .await?;
        stripe_core::payment_intent::UpdatePaymentIntent::new(intent_id)
            .payment_method(method)
            .send(&client)
            .await
            .map_err(problem_of)?;
        // Stripe.js finishes 3-D Secure on the page (`use_stripe_sdk`), with no return URL.
        let intent = stripe_core::payment_intent::ConfirmPaymentIntent::new(intent_id)
            .use_stripe_sdk(true)
            .send(&client)
            .await
            .map_err(problem_of)?;
        Ok(IntentStatus::of(intent))
    }
}

fn key_of(text: &str) -> Result<stripe::IdempotencyKey, StripeProblem> {
    stripe::IdempotencyKey::new(text).map_err(|error| StripeProblem::Refused(error.to_string()))
}

/// Creates an object by a form POST under an idempotency key and reads back only its id: for
/// the calls the async-stripe crates we build lack, or whose full answer type asks for fields
/// the emulator leaves out.
async fn create_for_id(
    client: &stripe::Client,
    path: &str,
    form: &impl serde::Serialize,
    idempotency_key: &str,
) -> Result<String, StripeProblem> {
    let created: CreatedObject =
        stripe_client_core::RequestBuilder::new(stripe_client_core::StripeMethod::Post, path)
            .form(form)
            .customize()
            .request_strategy(stripe::RequestStrategy::Idempotent(key_of(
                idempotency_key,
            )?))
            .send(client)
            .await
            .map_err(problem_of)?;
    Ok(created.id)
}

/// `POST /v1/payment_methods` for a card token (the PaymentMethod API is not among the
/// async-stripe crates we build).
#[derive(serde::Serialize)]
struct CardFromToken<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    card: TokenParam<'a>,
}

#[derive(serde::Serialize)]
struct TokenParam<'a> {
    token: &'a str,
}

#[derive(serde::Serialize)]
struct RefundOf<'a> {
    payment_intent: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<i64>,
}

#[derive(miniserde::Deserialize)]
struct CreatedObject {
    id: String,
}

/// Where a PaymentIntent stands, as far as taking the payment goes.
#[derive(Clone, PartialEq, Eq)]
pub enum IntentStatus {
    Succeeded,
    /// The bank wants the cardholder to authenticate (3-D Secure): the page completes it with
    /// Stripe.js and this secret.
    RequiresAction {
        client_secret: String,
    },
    /// No card yet, or the last one failed (with Stripe's reason): another may be tried.
    NeedsCard {
        last_error: Option<String>,
    },
    /// Stripe is still working on it; a webhook or the reconciliation will tell.
    Processing,
    Canceled,
}

impl IntentStatus {
    fn of(intent: stripe_shared::PaymentIntent) -> Self {
        use stripe_shared::PaymentIntentStatus as Status;
        match intent.status {
            Status::Succeeded => IntentStatus::Succeeded,
            Status::RequiresAction => IntentStatus::RequiresAction {
                client_secret: intent.client_secret.unwrap_or_default(),
            },
            Status::RequiresPaymentMethod | Status::RequiresConfirmation => {
                IntentStatus::NeedsCard {
                    last_error: intent.last_payment_error.and_then(|error| error.message),
                }
            }
            Status::Canceled => IntentStatus::Canceled,
            // Manual capture is never asked for; anything Stripe adds later is waited out.
            _ => IntentStatus::Processing,
        }
    }
}

impl std::fmt::Debug for IntentStatus {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntentStatus::Succeeded => formatter.write_str("Succeeded"),
            IntentStatus::RequiresAction { .. } => formatter.write_str("RequiresAction"),
            IntentStatus::NeedsCard { last_error } => formatter
                .debug_struct("NeedsCard")
                .field("last_error", last_error)
                .finish(),
            IntentStatus::Processing => formatter.write_str("Processing"),
            IntentStatus::Canceled => formatter.write_str("Canceled"),
        }
    }
}

/// A PaymentIntent as created: its id, and the secret the student's page confirms it with.
#[derive(Clone, PartialEq, Eq)]
pub struct CreatedIntent {
    pub id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for CreatedIntent {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CreatedIntent")
            .field("id", &self.id)
            .field("client_secret", &"<hidden>")
            .finish()
    }
}

fn problem_of(error: stripe::StripeError) -> StripeProblem {
    match error {
        stripe::StripeError::Stripe(errors, status) => {
            let message = errors
                .message
                .clone()
                .unwrap_or_else(|| format!("status {status}"));
            if errors.code == Some(stripe_shared::ApiErrorsCode::ChargeAlreadyRefunded) {
                StripeProblem::AlreadyRefunded
            } else if status == 401 || status == 403 {
                StripeProblem::KeyRefused(message)
            } else if status == 402 {
                StripeProblem::CardDeclined(message)
            } else {
                StripeProblem::Refused(message)
            }
        }
        stripe::StripeError::ClientError(_) | stripe::StripeError::Timeout => {
            tracing::warn!(%error, "Stripe could not be reached");
            StripeProblem::Unreachable
        }
        other => {
            tracing::error!(error = %other, "Stripe's answer was not understood");
            StripeProblem::Refused("its answer was not understood".to_owned())
        }
    }
}

/// How far a webhook's signed time may be from now: Stripe's libraries allow five minutes.
pub const WEBHOOK_TOLERANCE_SECONDS: i64 = 300;

/// What a verified webhook says: the event, and the object it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedEvent {
    pub id: String,
    /// e.g. `payment_intent.succeeded`.
    pub kind: String,
    /// The id of `data.object`, e.g. the PaymentIntent's.
    pub object_id: Option<String>,
}

/// Why a webhook is refused (answered 400 with this text, and nothing changed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookRefusal {
    #[error("missing Stripe-Signature header")]
    MissingSignature,
    #[error("the Stripe-Signature header has no timestamp (t=) or no v1 signature")]
    MalformedSignature,
    #[error("the signed timestamp is {0} seconds from now, more than the 300 allowed")]
    StaleTimestamp(i64),
    #[error("no v1 signature matches the body with this endpoint's signing secret")]
    SignatureMismatch,
    #[error("the body is not a Stripe event: {0}")]
    NotAnEvent(String),
}

/// At most this many `v1` signatures are compared (Stripe sends one, two while a secret is
/// rolled): a header stuffed with thousands costs no more than a real one.
const MAX_SIGNATURES: usize = 8;

/// Checks a webhook as Stripe signs it: a signed time within the tolerance of `now` (so a
/// captured webhook cannot be replayed later), then HMAC-SHA256 of `"{t}.{raw body}"` with the
/// signing secret, computed once and compared in constant time with each `v1` signature (there
/// are two while a secret is rolled). Only then is the body read.
pub fn verify_webhook(
    body: &[u8],
    signature_header: Option<&str>,
    secret: &WebhookSigningSecret,
    now: DateTime<Utc>,
) -> Result<SignedEvent, WebhookRefusal> {
    let header = signature_header.ok_or(WebhookRefusal::MissingSignature)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) if signatures.len() < MAX_SIGNATURES => signatures.push(value),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookRefusal::MalformedSignature)?;
    if signatures.is_empty() {
        return Err(WebhookRefusal::MalformedSignature);
    }
    let age = now.timestamp().saturating_sub(timestamp);
    if age.abs() > WEBHOOK_TOLERANCE_SECONDS {
        return Err(WebhookRefusal::StaleTimestamp(age));
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()) else {
        return Err(WebhookRefusal::SignatureMismatch);
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let signed = signatures.into_iter().any(|signature| {
        hex_bytes(signature).is_some_and(|expected| mac.clone().verify_slice(&expected).is_ok())
    });
    if !signed {
        return Err(WebhookRefusal::SignatureMismatch);
    }
    let event: serde_json::Value = serde_json::from_slice(body)
        .map_err(|error| WebhookRefusal::NotAnEvent(error.to_string()))?;
    let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
    match (text(&event["id"]), text(&event["type"])) {
        (Some(id), Some(kind)) => Ok(SignedEvent {
            id,
            kind,
            object_id: text(&event["data"]["object"]["id"]),
        }),
        _ => Err(WebhookRefusal::NotAnEvent("no id or type".to_owned())),
    }
}

fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

/// The `Stripe-Signature` header Stripe would send for `body` at `timestamp`: for tests, and
/// for the emulator's webhooks in development.
pub fn webhook_signature(body: &[u8], secret: &WebhookSigningSecret, timestamp: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let signature: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("t={timestamp},v1={signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> WebhookSigningSecret {
        WebhookSigningSecret::parse(text).expect("valid secret")
    }

    const EVENT: &[u8] =
        br#"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_9"}}}"#;

    #[test]
    fn a_webhook_signed_with_the_endpoints_secret_is_read() {
        let signing = secret("whsec_abcdefghijklmnop");
        let now = Utc::now();
        let header = webhook_signature(EVENT, &signing, now.timestamp() - 30);
        assert_eq!(
            verify_webhook(EVENT, Some(&header), &signing, now),
            Ok(SignedEvent {
                id: "evt_1".into(),
                kind: "payment_intent.succeeded".into(),
                object_id: Some("pi_9".into()),
            })
        );
    }

    #[test]
    fn only_the_first_eight_signatures_are_compared() {
        let signing = secret("whsec_abcdefghijklmnop");
        let now = Utc::now();
        let good = webhook_signature(EVENT, &signing, now.timestamp());
        let (time, v1) = good.split_once(",v1=").expect("t and v1");
        let decoys = ",v1=00".repeat(8);
        assert_eq!(
            verify_webhook(
                EVENT,
                Some(&format!("{time}{decoys},v1={v1}")),
                &signing,
                now
            ),
            Err(WebhookRefusal::SignatureMismatch),
            "the ninth is never looked at"
        );
        let decoys = ",v1=00".repeat(7);
        assert!(
            verify_webhook(
                EVENT,
                Some(&format!("{time}{decoys},v1={v1}")),
                &signing,
                now
            )
            .is_ok()
        );
    }

    #[test]
    fn a_rolled_secret_is_accepted_by_either_of_its_two_signatures() {
        let old = secret("whsec_oldoldoldoldold");
        let new = secret("whsec_newnewnewnewnew");
        let now = Utc::now();
        let by_old = webhook_signature(EVENT, &old, now.timestamp());
        let by_new = webhook_signature(EVENT, &new, now.timestamp());
        let v1_of = |header: &str| header.split_once(",v1=").map(|(_, v1)| v1.to_owned());
        let both = format!("{},v1={}", by_old, v1_of(&by_new).expect("a v1 signature"));
        assert!(verify_webhook(EVENT, Some(&both), &new, now).is_ok());
    }

    #[test]
    fn a_forged_altered_or_stale_webhook_is_refused_with_its_reason() {
        let signing = secret("whsec_abcdefghijklmnop");
        let now = Utc::now();
        let header = webhook_signature(EVENT, &signing, now.timestamp());
        let forged = webhook_signature(EVENT, &secret("whsec_notthesecretatall"), now.timestamp());
        assert_eq!(
            verify_webhook(EVENT, Some(&forged), &signing, now),
            Err(WebhookRefusal::SignatureMismatch)
        );
        let altered = EVENT.to_vec().into_iter().rev().collect::<Vec<_>>();
        assert_eq!(
            verify_webhook(&altered, Some(&header), &signing, now),
            Err(WebhookRefusal::SignatureMismatch)
        );
        let stale = webhook_signature(EVENT, &signing, now.timestamp() - 301);
        assert_eq!(
            verify_webhook(EVENT, Some(&stale), &signing, now),
            Err(WebhookRefusal::StaleTimestamp(301))
        );
        assert_eq!(
            verify_webhook(EVENT, None, &signing, now),
            Err(WebhookRefusal::MissingSignature)
        );
        let ahead = webhook_signature(EVENT, &signing, now.timestamp() + 301);
        assert_eq!(
            verify_webhook(EVENT, Some(&ahead), &signing, now),
            Err(WebhookRefusal::StaleTimestamp(-301)),
            "a time in the future is no better"
        );
        for malformed in ["v1=abcd", "t=123", "t=x,v1=zz", ""] {
            assert!(
                verify_webhook(EVENT, Some(malformed), &signing, now).is_err(),
                "{malformed}"
            );
        }
    }

    #[test]
    fn the_api_address_always_ends_with_one_slash() {
        for url in [
            "http://127.0.0.1:9/",
            "http://127.0.0.1:9",
            " http://127.0.0.1:9// ",
        ] {
            let gateway = StripeGateway::new(&StripeSettings {
                api_url: url.to_owned(),
                ..StripeSettings::default()
            });
            assert_eq!(gateway.api_url(), "http://127.0.0.1:9/", "{url:?}");
        }
    }
}
