//! Starts the real server on port 0 on a fresh database and talks to it over HTTP.

#![allow(dead_code)]

use app::server::clock::ManualClock;
use bookable::Config;
use serde_json::Value;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The Stripe emulator, for the payment tests.
pub mod stripe;

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base_url: String,
    database_url: String,
    /// Holds the SQLite file and the outbox of emails; removed when the test ends.
    dir: tempfile::TempDir,
    /// The app's time: it stands still from the start until a test moves it.
    pub clock: Arc<ManualClock>,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    async fn read(response: reqwest::Response) -> Self {
        Reply {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.expect("body"),
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// The message a typed `Invalid` error gives for one field.
    pub fn field_message(&self, field: &str) -> Option<String> {
        self.json()["Invalid"]
            .as_array()?
            .iter()
            .find(|error| error["field"] == field)
            .and_then(|error| error["message"].as_str().map(str::to_owned))
    }
}

impl TestApp {
    /// `None` when the backend is not available here (PostgreSQL without its URL).
    pub async fn start(backend: Backend) -> Option<Self> {
        Self::start_with(backend, |config| {
            // Tests fire many requests from one address; the rate limit tests lower it again.
            config.rate_limit_factor = 1000;
        })
        .await
    }

    /// Starts with the configuration changed by `adjust`.
    pub async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<Self> {
        let dir = tempfile::tempdir().expect("temporary directory");
        let database_url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("app.db").display()),
            Backend::Postgres => {
                let server = store_postgres::test_support::server_url()?;
                store_postgres::test_support::fresh_database_url(&server).await
            }
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let mut config = Config {
            addr,
            database_url: database_url.clone(),
            site_root: "target/site".into(),
            outbox_dir: dir.path().join("outbox"),
            media_dir: dir.path().join("media"),
            secrets_key_file: dir.path().join("secrets.key"),
            mail_from: "Maple Yoga <bookings@example.com>".into(),
            // Emails go out through the job queue; tests wait for them, so poll often.
            job_poll_millis: 50,
            ..Config::defaults()
        };
        adjust(&mut config);
        let store = bookable::connect_store(&config.database_url)
            .await
            .expect("store");
        let mailer = bookable::connect_mailer(&config).expect("mailer");
        let clock = Arc::new(ManualClock::starting_at(chrono::Utc::now()));
        let router = bookable::router(&config, store, mailer, clock.clone())
            .await
            .expect("router");
        tokio::spawn(bookable::serve_router(listener, router));
        Some(Self {
            base_url: format!("http://{addr}"),
            database_url,
            dir,
            clock,
        })
    }

    /// The app's store, opened a second time, for tests that read what the app wrote.
    pub async fn store(&self) -> Arc<dyn store::Store> {
        bookable::connect_store(&self.database_url)
            .await
            .expect("store")
    }

    /// The database this app serves from, for tests that change it behind the app's back.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// A second `bookable` process on the same database, as when several servers share one
    /// PostgreSQL; it stops when the value is dropped.
    pub async fn another_process(&self) -> ServerProcess {
        self.another_process_with(&[]).await
    }

    /// [`another_process`](Self::another_process) started with more arguments.
    pub async fn another_process_with(&self, extra: &[&str]) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let base_url = format!("http://127.0.0.1:{port}");
        let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_bookable"))
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .args(["--database-url", &self.database_url])
            .arg("--outbox-dir")
            .arg(self.dir.path().join("outbox-2"))
            .arg("--media-dir")
            .arg(self.dir.path().join("media-2"))
            .arg("--secrets-key-file")
            .arg(self.dir.path().join("secrets.key"))
            .args(["--rate-limit-factor", "1000"])
            .args(extra)
            .kill_on_drop(true)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start a second server process");
        let probe = reqwest::Client::new();
        for _ in 0..200 {
            if probe
                .get(format!("{base_url}/api/account"))
                .send()
                .await
                .is_ok()
            {
                return ServerProcess {
                    base_url,
                    _child: child,
                };
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the second server process did not start");
    }

    /// Every email written to the outbox so far, as raw `.eml` text, waiting up to ten
    /// seconds for `count` of them (mail is sent in the background, slower on a busy machine).
    pub async fn emails(&self, count: usize) -> Vec<String> {
        let outbox = self.dir.path().join("outbox");
        let mut found = Vec::new();
        for _ in 0..200 {
            let files: Vec<std::path::PathBuf> = std::fs::read_dir(&outbox)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|entry| entry.path())
                        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
                        .collect()
                })
                .unwrap_or_default();
            // A file the mailer is still writing is read on the next round, whole.
            let settled = files.iter().all(|path| {
                std::fs::metadata(path)
                    .and_then(|meta| meta.modified())
                    .is_ok_and(|modified| {
                        modified.elapsed().unwrap_or_default()
                            > std::time::Duration::from_millis(30)
                    })
            });
            if settled {
                found = files
                    .iter()
                    .filter_map(|path| std::fs::read_to_string(path).ok())
                    .collect();
                if found.len() >= count {
                    break;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        found
    }

    /// A student signed in through an emailed sign-in link (the `n`-th email of the outbox
    /// being that link).
    pub async fn signed_in_student(&self, email: &str) -> Client {
        let student = self.visitor();
        let asked = student
            .call(
                "request_sign_in_link",
                &[("email", email), ("next", "/my-bookings")],
            )
            .await;
        assert_eq!(asked.status, 200, "{}", asked.body);
        let prefix = format!("{}/signin/link?token=", self.base_url);
        let mut link = None;
        // Mail goes out in the background; under load it can take a while.
        for _ in 0..100 {
            link = self
                .emails(0)
                .await
                .iter()
                .map(|raw| decoded_email(raw))
                .filter(|text| text.contains(email))
                .find_map(|text| link_in(&text, &prefix));
            if link.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let link = link.expect("a sign-in link was emailed");
        let token = link
            .split_once("token=")
            .and_then(|(_, rest)| rest.split('&').next())
            .expect("token");
        let signed_in = student
            .call(
                "sign_in_with_link",
                &[("token", token), ("next", "/my-bookings")],
            )
            .await;
        assert!(signed_in.status < 400, "{}", signed_in.body);
        student
    }

    /// A browser-like client that keeps its cookies.
    pub fn visitor(&self) -> Client {
        Client::of(&self.base_url)
    }

    /// A signed-in instructor with a studio in `timezone`, open every day around the clock.
    pub async fn instructor_with_studio(&self, slug: &str, timezone: &str) -> Client {
        let instructor = self.visitor();
        instructor.sign_up(&format!("{slug}@example.com")).await;
        let saved = instructor
            .call(
                "save_studio",
                &[
                    ("name", "Maple Yoga"),
                    ("slug", slug),
                    ("timezone", timezone),
                    ("currency", "USD"),
                ],
            )
            .await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        instructor.open_every_day("00:00-24:00").await;
        instructor
    }
}

pub struct Client {
    pub http: reqwest::Client,
    base_url: String,
}

pub const PASSWORD: &str = "correct horse battery";

pub struct ServerProcess {
    pub base_url: String,
    _child: tokio::process::Child,
}

impl ServerProcess {
    /// Kills the process at once (SIGKILL): no shutdown, no cleanup, as a crash does.
    pub async fn kill(mut self) {
        self._child.kill().await.expect("killed");
    }
}

impl Client {
    /// A browser-like client of the server at `base_url` that keeps its cookies.
    pub fn of(base_url: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                // A request the server never answers fails the test, naming it, instead of
                // hanging the run.
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .expect("http client"),
            base_url: base_url.to_owned(),
        }
    }

    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        let url = format!("{}/api/{endpoint}", self.base_url);
        Reply::read(
            self.http
                .post(url)
                .form(form)
                .send()
                .await
                .expect("request"),
        )
        .await
    }

    /// A call whose request `adjust` changes first (e.g. adds a header).
    pub async fn call_with(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
        adjust: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Reply {
        let url = format!("{}/api/{endpoint}", self.base_url);
        let request = adjust(self.http.post(url).form(form));
        Reply::read(request.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        let url = format!("{}{path}", self.base_url);
        Reply::read(self.http.get(url).send().await.expect("request")).await
    }

    /// A GET whose request `adjust` changes first (e.g. adds a header).
    pub async fn get_with(
        &self,
        path: &str,
        adjust: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Reply {
        let url = format!("{}{path}", self.base_url);
        let request = adjust(self.http.get(url));
        Reply::read(request.send().await.expect("request")).await
    }

    pub async fn sign_up(&self, email: &str) -> Reply {
        let reply = self
            .call("sign_up", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply
    }

    /// Saves Settings > Offerings of a public studio in UTC paid in USD, taking only the
    /// payment methods named (e.g. "pay_by_check").
    pub async fn offer_payment_methods(&self, methods: &[&str]) {
        let mut form = vec![
            ("personal_sessions", "on"),
            ("show_on_landing", "on"),
            ("default_access_level", "public"),
            ("timezone", "UTC"),
            ("currency", "USD"),
        ];
        form.extend(methods.iter().map(|method| (*method, "on")));
        let saved = self.call("save_offerings", &form).await;
        assert_eq!(saved.status, 200, "{}", saved.body);
    }

    pub async fn open_every_day(&self, ranges: &str) {
        let days = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        let form: Vec<(&str, &str)> = days.iter().map(|day| (*day, ranges)).collect();
        let reply = self.call("save_weekly_hours", &form).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    /// Records money received outside the app (`method`: cash, check or bank_transfer) on one
    /// of the studio's bookings.
    pub async fn record_payment(&self, booking_id: &str, amount: &str, method: &str) -> Reply {
        self.call(
            "record_payment",
            &[("id", booking_id), ("amount", amount), ("method", method)],
        )
        .await
    }

    /// Creates an Active session type of one hour and returns its id.
    pub async fn session_type(&self, name: &str, capacity: u32, status: &str) -> String {
        let capacity = capacity.to_string();
        self.session_type_with(&[("name", name), ("capacity", &capacity), ("status", status)])
            .await
    }

    /// Creates a session type from a one-hour, one-seat, $45 default with `fields` replaced.
    pub async fn session_type_with(&self, fields: &[(&str, &str)]) -> String {
        let mut form: Vec<(&str, &str)> = vec![
            ("name", "Lesson"),
            ("description", "A session."),
            ("duration_minutes", "60"),
            ("capacity", "1"),
            ("price", "45"),
            ("status", "active"),
            ("location", "Studio A"),
        ];
        for (field, value) in fields {
            form.retain(|(existing, _)| existing != field);
            form.push((field, value));
        }
        let reply = self.call("create_session_type", &form).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["id"].to_string()
    }

    /// The bookable starts on a date, as the public booking page lists them.
    pub async fn slots(&self, slug: &str, session_type_id: &str, date: &str) -> Vec<Value> {
        let reply = self
            .call(
                "booking_options",
                &[
                    ("slug", slug),
                    ("session_type_id", session_type_id),
                    ("date", date),
                ],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["slots"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The start times of a date as the booking page labels them, e.g. "09:00".
    pub async fn slot_times(&self, slug: &str, session_type_id: &str, date: &str) -> Vec<String> {
        self.slots(slug, session_type_id, date)
            .await
            .iter()
            .filter_map(|slot| slot["time_label"].as_str().map(str::to_owned))
            .collect()
    }

    /// A booking as its signed link shows it.
    pub async fn booking_page(&self, link: &str) -> Value {
        let reply = self.call("booking_page", &[("link", link)]).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    }

    pub async fn book(
        &self,
        slug: &str,
        session_type_id: &str,
        start: &str,
        name: &str,
        email: &str,
    ) -> Reply {
        self.call(
            "book_session",
            &[
                ("slug", slug),
                ("session_type_id", session_type_id),
                ("start", start),
                ("student_name", name),
                ("student_email", email),
            ],
        )
        .await
    }
}

/// The signed link of a booking from the path `book_session` answers, e.g. `/booking/7.Ab…`.
pub fn link_of(reply: &Reply) -> String {
    reply
        .json()
        .as_str()
        .and_then(|path| path.strip_prefix("/booking/"))
        .expect("a booking path")
        .to_owned()
}

/// The studio-local date two days from now, clear of today's passing hours.
pub fn day_after_tomorrow(timezone: &str) -> String {
    days_from_today(timezone, 2)
}

/// The studio-local date `days` days from today.
pub fn days_from_today(timezone: &str, days: i64) -> String {
    let zone: chrono_tz::Tz = timezone.parse().expect("zone");
    (chrono::Utc::now().with_timezone(&zone).date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// Generates each behaviour once per backend: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($behaviour:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $behaviour() {
                    if let Some(app) = $crate::support::TestApp::start($crate::support::Backend::Sqlite).await {
                        super::$behaviour(app).await;
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $behaviour() {
                    if let Some(app) = $crate::support::TestApp::start($crate::support::Backend::Postgres).await {
                        super::$behaviour(app).await;
                    }
                }
            )*
        }
    };
}

/// The text of an `.eml` message with quoted-printable soft breaks and escapes undone.
pub fn decoded_email(raw: &str) -> String {
    let unfolded = raw.replace("=\r\n", "").replace("=\n", "");
    // Escapes stand for bytes, which together spell UTF-8 (an en dash is =E2=80=93).
    let mut bytes = Vec::with_capacity(unfolded.len());
    let mut rest = unfolded.as_str();
    while let Some(at) = rest.find('=') {
        bytes.extend_from_slice(&rest.as_bytes()[..at]);
        let hex = rest.get(at + 1..at + 3);
        match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
            Some(byte) => {
                bytes.push(byte);
                rest = &rest[at + 3..];
            }
            None => {
                bytes.push(b'=');
                rest = &rest[at + 1..];
            }
        }
    }
    bytes.extend_from_slice(rest.as_bytes());
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The first link in a text that starts with `prefix`.
pub fn link_in(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)?;
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    Some(link)
}

/// The first bytes of a PNG file: enough for the server to recognise one.
pub const PNG_BYTES: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

impl Client {
    /// Uploads a cover image as the edit page does.
    pub async fn upload_cover(&self, file_name: &str, bytes: &[u8]) -> Reply {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file_name.to_owned());
        let form = reqwest::multipart::Form::new().part("cover_image", part);
        let url = format!("{}/uploads/cover", self.base_url);
        Reply::read(
            self.http
                .post(url)
                .multipart(form)
                .send()
                .await
                .expect("request"),
        )
        .await
    }
}

impl Client {
    /// A POST to the cover upload that is not multipart at all.
    pub async fn call_raw_upload(&self, body: &str) -> Reply {
        let url = format!("{}/uploads/cover", self.base_url);
        Reply::read(
            self.http
                .post(url)
                .header("content-type", "text/plain")
                .body(body.to_owned())
                .send()
                .await
                .expect("request"),
        )
        .await
    }
}

/// An email as a mail program shows it: addresses, subject, both bodies and the attachments.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub from_name: String,
    pub reply_to: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    /// (file name, MIME type with its parameters, content).
    pub attachments: Vec<(String, String, String)>,
}

impl Mail {
    /// What the plain text gives after `label: ` on a line of its own (a detail such as
    /// "When"), if any line does.
    pub fn detail(&self, label: &str) -> Option<&str> {
        let prefix = format!("{label}: ");
        self.text
            .lines()
            .find_map(|line| line.strip_prefix(prefix.as_str()))
    }

    pub fn parse(raw: &str) -> Mail {
        use mail_parser::MimeHeaders;
        let message = mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .expect("a parsable email");
        let first_address = |address: Option<&mail_parser::Address>| {
            address
                .and_then(|address| address.first())
                .and_then(|addr| addr.address())
                .unwrap_or_default()
                .to_owned()
        };
        let attachments = message
            .attachments()
            .map(|part| {
                let content_type = part
                    .content_type()
                    .map(|kind| {
                        let mut text =
                            format!("{}/{}", kind.ctype(), kind.subtype().unwrap_or_default());
                        if let Some(method) = kind.attribute("method") {
                            text.push_str(&format!("; method={method}"));
                        }
                        text
                    })
                    .unwrap_or_default();
                (
                    part.attachment_name().unwrap_or_default().to_owned(),
                    content_type,
                    String::from_utf8_lossy(part.contents()).into_owned(),
                )
            })
            .collect();
        Mail {
            to: first_address(message.to()),
            from_name: message
                .from()
                .and_then(|address| address.first())
                .and_then(|addr| addr.name())
                .unwrap_or_default()
                .to_owned(),
            reply_to: first_address(message.reply_to()),
            subject: message.subject().unwrap_or_default().to_owned(),
            message_id: message.message_id().unwrap_or_default().to_owned(),
            text: message
                .body_text(0)
                .map(|text| text.into_owned())
                .unwrap_or_default(),
            html: message
                .body_html(0)
                .map(|html| html.into_owned())
                .unwrap_or_default(),
            attachments,
        }
    }

    /// The calendar file sent with the message, if any.
    pub fn calendar(&self) -> Option<&(String, String, String)> {
        self.attachments
            .iter()
            .find(|(_, content_type, _)| content_type.starts_with("text/calendar"))
    }
}

impl TestApp {
    /// Every email sent so far, parsed, waiting up to ten seconds for `count` of them.
    pub async fn mails(&self, count: usize) -> Vec<Mail> {
        self.emails(count)
            .await
            .iter()
            .map(|raw| Mail::parse(raw))
            .collect()
    }

    /// Every email sent so far as "To: …", the subject and the plain text, once one of them
    /// contains `text` (waiting up to ten seconds for it).
    pub async fn emails_once_one_contains(&self, text: &str) -> Vec<String> {
        let mut decoded = Vec::new();
        for _ in 0..100 {
            decoded = self
                .mails(0)
                .await
                .iter()
                .map(|mail| format!("To: {}\n{}\n{}", mail.to, mail.subject, mail.text))
                .collect();
            if decoded.iter().any(|email| email.contains(text)) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        decoded
    }

    /// Waits a moment (a few worker polls) and answers every email sent by then: for checks
    /// that nothing more goes out.
    pub async fn mails_after_a_while(&self) -> Vec<Mail> {
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        self.mails(0).await
    }
}

/// A minimal SMTP server on loopback that keeps every message it accepts: the mail server of
/// the delivery tests, which can be started late (SMTP down) and slowed down.
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<std::sync::Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
    gate: Arc<Gate>,
}

/// Lets a sink answer its first messages and hold the rest unanswered until released: the
/// state of a mail server in the middle of a batch, whatever the machine's speed.
struct Gate {
    free: usize,
    arrived: std::sync::atomic::AtomicUsize,
    released: tokio::sync::watch::Sender<bool>,
}

impl Gate {
    fn new(free: usize) -> Self {
        Self {
            free,
            arrived: std::sync::atomic::AtomicUsize::new(0),
            released: tokio::sync::watch::channel(false).0,
        }
    }

    /// Waits, for a message beyond the free ones, until the gate is released.
    async fn pass(&self) {
        let number = self
            .arrived
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if number < self.free {
            return;
        }
        let mut released = self.released.subscribe();
        let _ = released.wait_for(|open| *open).await;
    }
}

impl SmtpSink {
    /// A port nothing listens on yet, for a sink started later.
    pub fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port()
    }

    /// The URL the app sends to, plain SMTP on `port`.
    pub fn url(port: u16) -> String {
        format!("smtp://127.0.0.1:{port}")
    }

    /// Listens on `port` (0 for any), answering each message after `delay`.
    pub async fn start(port: u16, delay: std::time::Duration) -> SmtpSink {
        Self::start_with_gate(port, delay, Gate::new(usize::MAX)).await
    }

    /// Listens on any port, keeping and answering the first `free` messages and holding every
    /// later one, received but neither kept nor answered, until [`release`](Self::release).
    pub async fn holding_after(free: usize) -> SmtpSink {
        Self::start_with_gate(0, std::time::Duration::ZERO, Gate::new(free)).await
    }

    /// Keeps and answers the held messages, and every later one at once.
    pub fn release(&self) {
        self.gate.released.send_replace(true);
    }

    async fn start_with_gate(port: u16, delay: std::time::Duration, gate: Gate) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the SMTP sink");
        let port = listener.local_addr().expect("address").port();
        let messages = Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        let gate = Arc::new(gate);
        let sessions_gate = gate.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(smtp_session(
                    stream,
                    kept.clone(),
                    delay,
                    sessions_gate.clone(),
                ));
            }
        });
        SmtpSink {
            port,
            messages,
            task,
            gate,
        }
    }

    pub fn messages(&self) -> Vec<Mail> {
        self.messages
            .lock()
            .expect("lock")
            .iter()
            .map(|raw| Mail::parse(raw))
            .collect()
    }

    /// The messages, once there are at least `count` (waiting up to twenty seconds).
    pub async fn wait_for(&self, count: usize) -> Vec<Mail> {
        for _ in 0..200 {
            if self.messages.lock().expect("lock").len() >= count {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.messages()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn smtp_session(
    stream: tokio::net::TcpStream,
    messages: Arc<std::sync::Mutex<Vec<String>>>,
    delay: std::time::Duration,
    gate: Arc<Gate>,
) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    if writer.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if command.starts_with("DATA") {
            if writer.write_all(b"354 go ahead\r\n").await.is_err() {
                return;
            }
            let mut message = Vec::new();
            let mut complete = false;
            while let Ok(Some(line)) = lines.next_line().await {
                if line == "." {
                    complete = true;
                    break;
                }
                let line = line
                    .strip_prefix('.')
                    .filter(|_| line.starts_with(".."))
                    .unwrap_or(&line);
                message.push(line.to_owned());
            }
            if !complete {
                return;
            }
            // A message the client finished sending is the sink's, even if the client is gone
            // before the reply: the "accepted, not yet recorded" window of a crash.
            gate.pass().await;
            tokio::time::sleep(delay).await;
            messages.lock().expect("lock").push(message.join("\r\n"));
            b"250 kept\r\n"
        } else if command.starts_with("QUIT") {
            let _ = writer.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 ok\r\n"
        };
        if writer.write_all(reply).await.is_err() {
            return;
        }
    }
}
