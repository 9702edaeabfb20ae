//! The Stripe emulator (localstripe, started by `tools/localstripe/launch.py`) on a free
//! loopback port, for one test. `cargo xtask test` installs it and names its Python in
//! `BOOKABLE_TEST_LOCALSTRIPE`; without that variable the tests that need it are skipped.

pub struct StripeEmulator {
    pub base_url: String,
    _process: tokio::process::Child,
}

impl StripeEmulator {
    /// `None` (and a note) when the emulator is not installed here.
    pub async fn start() -> Option<StripeEmulator> {
        let Some(python) = std::env::var_os("BOOKABLE_TEST_LOCALSTRIPE") else {
            eprintln!("skipped: BOOKABLE_TEST_LOCALSTRIPE is not set (`cargo xtask test` sets it)");
            return None;
        };
        let port = super::SmtpSink::free_port();
        let launcher =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/localstripe/launch.py");
        let process = tokio::process::Command::new(python)
            .arg(launcher)
            .args(["--port", &port.to_string()])
            .kill_on_drop(true)
            .spawn()
            .expect("start the Stripe emulator");
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
        let mut request = reqwest::Client::new()
            .post(format!("{}{path}", self.base_url))
            .basic_auth("sk_test_bookable", Some(""))
            .form(form);
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.expect("the emulator answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or_default())
    }

    pub async fn get(&self, path: &str) -> serde_json::Value {
        reqwest::Client::new()
            .get(format!("{}{path}", self.base_url))
            .basic_auth("sk_test_bookable", Some(""))
            .send()
            .await
            .expect("the emulator answers")
            .json()
            .await
            .unwrap_or_default()
    }
}
