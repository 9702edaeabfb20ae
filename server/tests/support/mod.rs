//! Starts the real server on port 0 on a fresh database and talks to it over HTTP.

#![allow(dead_code)]

use bookable::Config;
use serde_json::Value;
use tokio::net::TcpListener;

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
            mail_from: "Maple Yoga <bookings@example.com>".into(),
            ..Config::defaults()
        };
        adjust(&mut config);
        let store = bookable::connect_store(&config.database_url)
            .await
            .expect("store");
        let mailer = bookable::connect_mailer(&config).expect("mailer");
        bookable::spawn_sweeper(
            store.clone(),
            std::time::Duration::from_secs(u64::from(config.sweep_seconds)),
        );
        let router = bookable::router(&config, store, mailer)
            .await
            .expect("router");
        tokio::spawn(bookable::serve_router(listener, router));
        Some(Self {
            base_url: format!("http://{addr}"),
            database_url,
            dir,
        })
    }

    /// The database this app serves from, for tests that change it behind the app's back.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// A second `bookable` process on the same database, as when several servers share one
    /// PostgreSQL; it stops when the value is dropped.
    pub async fn another_process(&self) -> ServerProcess {
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
            .args(["--rate-limit-factor", "1000"])
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
            found = std::fs::read_dir(&outbox)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "eml"))
                        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
                        .collect()
                })
                .unwrap_or_default();
            if found.len() >= count {
                break;
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

impl Client {
    /// A browser-like client of the server at `base_url` that keeps its cookies.
    pub fn of(base_url: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
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

    pub async fn sign_up(&self, email: &str) -> Reply {
        let reply = self
            .call("sign_up", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply
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
