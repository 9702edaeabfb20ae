//! The Stripe emulator (localstripe, started by `tools/localstripe/launch.py`) on a free
//! loopback port, for one test. `cargo xtask test` installs it and names its Python in
//! `BOOKABLE_TEST_LOCALSTRIPE`; without that variable the tests that need it are skipped.

/// Each behaviour as a test on SQLite and on PostgreSQL, in `mod $module`, given the app and the
/// emulator `$start(backend)` starts; skipped when either is missing here.
#[macro_export]
macro_rules! with_stripe_on_both_backends {
    ($module:ident, $start:path; $($behaviour:ident),* $(,)?) => {
        mod $module {
            mod sqlite {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $behaviour() {
                        if let Some((app, stripe)) = $start($crate::support::Backend::Sqlite).await {
                            $crate::$behaviour(app, stripe).await;
                        }
                    }
                )*
            }
            mod postgres {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $behaviour() {
                        if let Some((app, stripe)) = $start($crate::support::Backend::Postgres).await {
                            $crate::$behaviour(app, stripe).await;
                        }
                    }
                )*
            }
        }
    };
}

pub struct StripeEmulator {
    pub base_url: String,
    _process: tokio::process::Child,
}

/// The one secret key the emulator accepts; any other is refused as Stripe refuses a wrong key.
pub const SECRET_KEY: &str = "sk_test_bookable";
pub const PUBLISHABLE_KEY: &str = "pk_test_bookable";

impl StripeEmulator {
    /// `None` (and a note) when the emulator is not installed here.
    pub async fn start() -> Option<StripeEmulator> {
        let Some(python) = std::env::var_os("BOOKABLE_TEST_LOCALSTRIPE") else {
            eprintln!("skipped: BOOKABLE_TEST_LOCALSTRIPE is not set (`cargo xtask test` sets it)");
            return None;
        };
        let launcher =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/localstripe/launch.py");
        let mut process = tokio::process::Command::new(python)
            .arg(launcher)
            .args(["--accept-key", SECRET_KEY])
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the Stripe emulator");
        // The launcher binds a port the system picks and says which once it listens.
        let stdout = process.stdout.take().expect("the emulator's output");
        let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
        let first = tokio::time::timeout(std::time::Duration::from_secs(15), lines.next_line())
            .await
            .expect("the Stripe emulator started within 15 s")
            .expect("the emulator's output")
            .unwrap_or_else(|| panic!("the Stripe emulator exited: {:?}", process.try_wait()));
        let port: u16 = first
            .strip_prefix("listening on ")
            .and_then(|port| port.trim().parse().ok())
            .unwrap_or_else(|| panic!("the Stripe emulator said {first:?}"));
        for _ in 0..150 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Some(StripeEmulator {
                    base_url: format!("http://127.0.0.1:{port}"),
                    _process: process,
                });
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the Stripe emulator did not listen on port {port} within 15 s");
    }

    /// A form POST to the emulator's API with a secret key, and an idempotency key if given.
    pub async fn post(
        &self,
        path: &str,
        form: &[(&str, &str)],
        idempotency_key: Option<&str>,
    ) -> (u16, serde_json::Value) {
        let (status, _, body) = self.post_replayed(path, form, idempotency_key).await;
        (status, body)
    }

    /// The same, with whether the answer says it was replayed for a repeated idempotency key.
    pub async fn post_replayed(
        &self,
        path: &str,
        form: &[(&str, &str)],
        idempotency_key: Option<&str>,
    ) -> (u16, bool, serde_json::Value) {
        let mut request = reqwest::Client::new()
            .post(format!("{}{path}", self.base_url))
            .basic_auth(SECRET_KEY, Some(""))
            .form(form);
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.expect("the emulator answers");
        let status = response.status().as_u16();
        let replayed = response.headers().contains_key("Idempotent-Replayed");
        (status, replayed, response.json().await.unwrap_or_default())
    }

    pub async fn get(&self, path: &str) -> serde_json::Value {
        reqwest::Client::new()
            .get(format!("{}{path}", self.base_url))
            .basic_auth(SECRET_KEY, Some(""))
            .send()
            .await
            .expect("the emulator answers")
            .json()
            .await
            .unwrap_or_default()
    }
}

/// Cards the emulator knows, as Stripe's test cards.
pub mod cards {
    pub const PAYS: &str = "4242424242424242";
    /// The charge is declined: "Your card was declined."
    pub const DECLINED: &str = "4000000000000341";
    /// The bank asks for 3-D Secure first.
    pub const NEEDS_3D_SECURE: &str = "4000002500003155";
}

impl StripeEmulator {
    /// A card token, as Stripe.js's `createToken` makes one in the student's browser.
    pub async fn card_token(&self, number: &str) -> String {
        let (status, token) = self
            .post(
                "/v1/tokens",
                &[
                    ("card[number]", number),
                    ("card[exp_month]", "12"),
                    ("card[exp_year]", "2034"),
                    ("card[cvc]", "123"),
                ],
                None,
            )
            .await;
        assert_eq!(status, 200, "{token}");
        token["id"].as_str().expect("a token id").to_owned()
    }

    /// The cardholder completes (or fails) 3-D Secure, as Stripe.js's `confirmCardPayment`
    /// does against the emulator.
    pub async fn authenticate(&self, client_secret: &str, success: bool) {
        let intent = client_secret
            .split("_secret_")
            .next()
            .expect("a PaymentIntent's client secret");
        let (status, body) = self
            .post(
                &format!("/v1/payment_intents/{intent}/_authenticate?success={success}"),
                &[("client_secret", client_secret)],
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// Has the emulator send its events, signed with `secret`, to `url`.
    pub async fn send_webhooks_to(&self, url: &str, secret: &str) {
        let status = reqwest::Client::new()
            .post(format!("{}/_config/webhooks/bookable", self.base_url))
            .form(&[("url", url), ("secret", secret)])
            .send()
            .await
            .expect("the emulator answers")
            .status();
        assert!(status.is_success(), "{status}");
    }
}
