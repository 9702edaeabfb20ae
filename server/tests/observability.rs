//! Every request is named and logged with its outcome; a failure's log lines say which request
//! and which server function failed; the configuration never prints a secret.

mod support;

use std::sync::{Arc, Mutex};
use support::{Backend, TestApp};

/// Everything this test binary's code logs, as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn install() -> Self {
        let captured = Captured::default();
        let writer = captured.clone();
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init();
        captured
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(
            &self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_owned()
    }
}

fn request_id(reply: &support::Reply) -> String {
    reply
        .headers
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .expect("a request id")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_names_its_request_and_a_failure_is_logged_with_it() {
    let logs = Captured::install();
    let app = TestApp::start(Backend::Sqlite).await.expect("SQLite");
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    instructor.session_type("Lesson", 1, "active").await;

    let page = app.visitor().get("/s/maple-yoga").await;
    let api = app.visitor().call("account", &[]).await;
    let (first, second) = (request_id(&page), request_id(&api));
    assert_ne!(first, second, "each request has its own id");
    let forged = app
        .visitor()
        .call_with("account", &[], |request| {
            request.header("x-request-id", "forged-by-the-client")
        })
        .await;
    assert_ne!(
        request_id(&forged),
        "forged-by-the-client",
        "a client's id is replaced"
    );
    let answered = logs.text();
    assert!(
        answered
            .lines()
            .any(|line| line.contains(&format!("request_id={first}"))
                && line.contains("path=/s/maple-yoga")
                && line.contains("status=200")
                && line.contains("latency_ms=")),
        "the answer is logged with its request: {answered}"
    );

    // A row the store cannot read makes the server function fail with a 500.
    let pool = sqlx::SqlitePool::connect(app.database_url())
        .await
        .expect("the app's database");
    sqlx::query("UPDATE session_types SET questions = '{broken'")
        .execute(&pool)
        .await
        .expect("a corrupt row");
    let failed = instructor.call("session_types", &[]).await;
    assert_eq!(failed.status, 500, "{}", failed.body);
    assert!(
        !failed.body.contains("questions"),
        "the visitor is told nothing of the internals: {}",
        failed.body
    );
    let id = request_id(&failed);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let logged = logs.text();
    let lines: Vec<&str> = logged
        .lines()
        .filter(|line| line.contains(&format!("request_id={id}")))
        .collect();
    assert!(
        lines.iter().any(|line| line.contains("ERROR")
            && line.contains("store failure")
            && line.contains("path=/api/session_types")
            && line.contains("registration questions")),
        "the store's error is logged with the request and the server function: {lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.contains("request failed") && line.contains("status=500")),
        "{lines:#?}"
    );
}

#[test]
fn the_configuration_never_prints_a_password() {
    let config = bookable::Config {
        database_url: "postgres://bookable:s3cret-db@db.example.com/bookable".into(),
        smtp_url: Some("smtps://mailer:hunter2@smtp.example.com:465".into()),
        secrets_key: Some("S2VlcE91dE9mVGhlTG9nc0tlZXBPdXRPZlRoZUxvZ3M=".into()),
        ..bookable::Config::defaults()
    };
    let printed = format!("{config:?}");
    assert!(!printed.contains("s3cret-db"), "{printed}");
    assert!(!printed.contains("S2VlcE91dE9m"), "{printed}");
    assert!(!printed.contains("hunter2"), "{printed}");
    assert!(printed.contains("postgres://bookable:***@db.example.com/bookable"));
    assert!(printed.contains("smtps://mailer:***@smtp.example.com:465"));
    assert_eq!(
        bookable::without_password("sqlite://data/bookable.db"),
        "sqlite://data/bookable.db"
    );
}
