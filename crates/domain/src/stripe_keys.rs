//! The keys a studio connects its own Stripe account with (Settings > Payments): the secret
//! key the server calls Stripe with, the publishable key the student's page loads Stripe.js
//! with, and the signing secret Stripe's webhooks are checked against.
//!
//! The secrets never print: their `Debug` shows only the masked form Stripe itself uses in its
//! error messages (`sk_test_…WXYZ`).

use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// Stripe's test or live mode; the three keys of a connection must all belong to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StripeMode {
    Test,
    Live,
}

impl StripeMode {
    pub fn as_str(self) -> &'static str {
        match self {
            StripeMode::Test => "test",
            StripeMode::Live => "live",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        [StripeMode::Test, StripeMode::Live]
            .into_iter()
            .find(|mode| mode.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            StripeMode::Test => "test mode",
            StripeMode::Live => "live mode",
        }
    }
}

/// Shortest body after the prefix that a key of Stripe's has; Stripe's are longer still.
const MIN_KEY_BODY: usize = 8;
const MAX_KEY_LENGTH: usize = 255;

/// Reads `raw` as one of `prefixes` followed by letters and digits (what Stripe issues);
/// answers the mode the prefix names.
fn parse_key(
    field: &str,
    raw: &str,
    prefixes: &[(&str, StripeMode)],
    missing: &str,
    wrong: &str,
) -> Result<(String, StripeMode), FieldError> {
    let key = raw.trim();
    if key.is_empty() {
        return Err(FieldError::new(field, missing));
    }
    let Some((prefix, mode)) = prefixes.iter().find(|(prefix, _)| key.starts_with(prefix)) else {
        return Err(FieldError::new(field, wrong));
    };
    let body = &key[prefix.len()..];
    if key.len() > MAX_KEY_LENGTH
        || body.len() < MIN_KEY_BODY
        || !body.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(FieldError::new(
            field,
            "This key is cut short or has other characters in it: copy it again from Stripe's dashboard.",
        ));
    }
    Ok((key.to_owned(), *mode))
}

/// The last four characters, as Stripe masks keys: `sk_test_…WXYZ`.
fn masked(key: &str, prefix_end: usize) -> String {
    let tail: String = key
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{}…{tail}", &key[..prefix_end])
}

/// `sk_test_…`, `sk_live_…`, or a restricted key `rk_test_…` / `rk_live_…`.
#[derive(Clone, PartialEq, Eq)]
pub struct StripeSecretKey {
    key: String,
    mode: StripeMode,
}

impl StripeSecretKey {
    pub const FIELD: &'static str = "secret_key";
    const PREFIXES: [(&'static str, StripeMode); 4] = [
        ("sk_test_", StripeMode::Test),
        ("sk_live_", StripeMode::Live),
        ("rk_test_", StripeMode::Test),
        ("rk_live_", StripeMode::Live),
    ];

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let (key, mode) = parse_key(
            Self::FIELD,
            raw,
            &Self::PREFIXES,
            "Enter your Stripe secret key.",
            "A secret key starts with sk_test_ or sk_live_ (or rk_ for a restricted key): this is not one.",
        )?;
        Ok(Self { key, mode })
    }

    /// The key itself, for the Authorization header and for sealing; never for display.
    pub fn expose(&self) -> &str {
        &self.key
    }

    pub fn mode(&self) -> StripeMode {
        self.mode
    }

    pub fn masked(&self) -> String {
        masked(&self.key, "sk_test_".len())
    }
}

impl std::fmt::Debug for StripeSecretKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "StripeSecretKey({})", self.masked())
    }
}

/// `pk_test_…` or `pk_live_…`: public, sent to students' browsers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripePublishableKey {
    key: String,
    mode: StripeMode,
}

impl StripePublishableKey {
    pub const FIELD: &'static str = "publishable_key";
    const PREFIXES: [(&'static str, StripeMode); 2] = [
        ("pk_test_", StripeMode::Test),
        ("pk_live_", StripeMode::Live),
    ];

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let (key, mode) = parse_key(
            Self::FIELD,
            raw,
            &Self::PREFIXES,
            "Enter your Stripe publishable key.",
            "A publishable key starts with pk_test_ or pk_live_: this is not one.",
        )?;
        Ok(Self { key, mode })
    }

    pub fn as_str(&self) -> &str {
        &self.key
    }

    pub fn mode(&self) -> StripeMode {
        self.mode
    }
}

/// `whsec_…`: checks that a webhook really comes from Stripe.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSigningSecret(String);

impl WebhookSigningSecret {
    pub const FIELD: &'static str = "webhook_secret";

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        // A signing secret has no mode of its own; the one of the endpoint it was made for.
        let (key, _) = parse_key(
            Self::FIELD,
            raw,
            &[("whsec_", StripeMode::Test)],
            "Enter the signing secret of the webhook endpoint you added in Stripe.",
            "A webhook signing secret starts with whsec_: this is not one.",
        )?;
        Ok(Self(key))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        masked(&self.0, "whsec_".len())
    }
}

impl std::fmt::Debug for WebhookSigningSecret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "WebhookSigningSecret({})", self.masked())
    }
}

/// The three keys of one connection, all of one mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeKeys {
    pub secret: StripeSecretKey,
    pub publishable: StripePublishableKey,
    pub webhook: WebhookSigningSecret,
}

impl StripeKeys {
    pub fn parse(secret: &str, publishable: &str, webhook: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let secret = errors.take(StripeSecretKey::parse(secret));
        let publishable = errors.take(StripePublishableKey::parse(publishable));
        let webhook = errors.take(WebhookSigningSecret::parse(webhook));
        let (Some(secret), Some(publishable), Some(webhook)) = (secret, publishable, webhook)
        else {
            return Err(errors);
        };
        if secret.mode() != publishable.mode() {
            errors.push(FieldError::new(
                StripePublishableKey::FIELD,
                format!(
                    "This publishable key is for {}, the secret key for {}: use the two keys of one mode.",
                    publishable.mode().label(),
                    secret.mode().label()
                ),
            ));
            return Err(errors);
        }
        Ok(Self {
            secret,
            publishable,
            webhook,
        })
    }

    pub fn mode(&self) -> StripeMode {
        self.secret.mode()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "sk_test_51Abcdefghijklmnop1234WXYZ";
    const PUBLISHABLE: &str = "pk_test_51Abcdefghijklmnop5678";
    const WEBHOOK: &str = "whsec_abcdefghijklmnopqrstuvwx";

    fn message(result: Result<StripeKeys, FieldErrors>, field: &str) -> String {
        result
            .expect_err("refused")
            .message_for(field)
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn three_keys_of_one_mode_connect_and_keep_their_mode() {
        let keys = StripeKeys::parse(&format!("  {SECRET} "), PUBLISHABLE, WEBHOOK).unwrap();
        assert_eq!(keys.mode(), StripeMode::Test);
        assert_eq!(keys.secret.expose(), SECRET, "pasted spaces are dropped");
        let live = StripeKeys::parse(
            "rk_live_51Abcdefghijklmnop",
            "pk_live_51Abcdefghijklmnop",
            WEBHOOK,
        )
        .unwrap();
        assert_eq!(live.mode(), StripeMode::Live, "a restricted live key");
    }

    #[test]
    fn each_key_swapped_for_another_kind_is_named_at_its_field() {
        assert!(
            message(
                StripeKeys::parse(PUBLISHABLE, PUBLISHABLE, WEBHOOK),
                "secret_key"
            )
            .starts_with("A secret key starts with sk_test_")
        );
        assert!(
            message(
                StripeKeys::parse(SECRET, SECRET, WEBHOOK),
                "publishable_key"
            )
            .starts_with("A publishable key starts with pk_test_")
        );
        assert!(
            message(
                StripeKeys::parse(SECRET, PUBLISHABLE, SECRET),
                "webhook_secret"
            )
            .starts_with("A webhook signing secret starts with whsec_")
        );
        assert_eq!(
            message(StripeKeys::parse("", PUBLISHABLE, WEBHOOK), "secret_key"),
            "Enter your Stripe secret key."
        );
    }

    #[test]
    fn a_key_cut_short_or_with_stray_characters_is_refused() {
        for raw in [
            "sk_test_abc",
            "sk_test_abcdefgh ijkl",
            "sk_test_abcdefghijkl\"<",
        ] {
            assert!(
                message(StripeKeys::parse(raw, PUBLISHABLE, WEBHOOK), "secret_key")
                    .contains("cut short"),
                "{raw}"
            );
        }
    }

    #[test]
    fn keys_of_different_modes_are_refused() {
        let text = message(
            StripeKeys::parse(SECRET, "pk_live_51Abcdefghijklmnop", WEBHOOK),
            "publishable_key",
        );
        assert_eq!(
            text,
            "This publishable key is for live mode, the secret key for test mode: use the two keys of one mode."
        );
    }

    #[test]
    fn secrets_print_masked_as_stripe_masks_them() {
        let keys = StripeKeys::parse(SECRET, PUBLISHABLE, WEBHOOK).unwrap();
        let printed = format!("{keys:?}");
        assert!(
            !printed.contains(SECRET) && !printed.contains(WEBHOOK),
            "{printed}"
        );
        assert!(printed.contains("sk_test_…WXYZ"), "{printed}");
        assert_eq!(keys.webhook.masked(), "whsec_…uvwx");
    }
}
