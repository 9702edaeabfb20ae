//! Builds and runs the Bookable HTTP server.

use app::server::mail::{MailDestination, MailSetupError, Mailer};
use app::server::media::MediaStore;
use app::shared::error::AppError;
use tower_http::services::ServeDir;

mod bio_link;
mod calendar;
mod contracts;
mod exports;
mod invoices;
mod printable;
mod stripe_webhooks;
mod uploads;
use app::instructor::InstructorApp;
use app::server::clock::{Clock, OffsetClock, SystemClock};
use app::server::jobs::WorkerSettings;
use app::server::links::LinkSigner;
use app::server::rate_limit::{ClientIp, RateLimits};
use app::server::secrets::SecretsKey;
use app::server::state::{AppSettings, AppState};
use app::server::stripe::StripeSettings;
use app::student::StudentApp;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::StatusCode;
use leptos::prelude::*;
use leptos_axum::{
    LeptosRoutes, generate_route_list, generate_route_list_with_exclusions,
    handle_server_fns_with_context,
};
use std::net::SocketAddr;
use std::sync::Arc;
use store::Store;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;

/// Bookable: a self-hostable booking platform for instructors, teachers and photographers.
#[derive(Clone, clap::Parser)]
#[command(name = "bookable", version, about)]
pub struct Config {
    /// Address and port to serve on.
    #[arg(long, env = "BOOKABLE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Database URL: `sqlite://FILE` (embedded, the default) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        env = "BOOKABLE_DATABASE_URL",
        default_value = "sqlite://data/bookable.db"
    )]
    pub database_url: String,
    /// Folder holding the built site (pkg/ with the CSS, JS and WASM), made by `cargo leptos build`.
    #[arg(long, env = "BOOKABLE_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Mark session cookies `Secure`; turn on when users reach the app over HTTPS.
    #[arg(long, env = "BOOKABLE_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// The address people open the app at, for links in emails; defaults to http://ADDR.
    #[arg(long, env = "BOOKABLE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// SMTP server for outgoing email, e.g. `smtp://127.0.0.1:1025` or
    /// `smtps://user:password@smtp.example.com`. Without it, email is written to the outbox folder.
    #[arg(long, env = "BOOKABLE_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Folder receiving one `.eml` file per email when no SMTP server is configured.
    #[arg(long, env = "BOOKABLE_OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: std::path::PathBuf,
    /// Folder for files instructors upload (session type covers), served at /media/.
    #[arg(long, env = "BOOKABLE_MEDIA_DIR", default_value = "data/media")]
    pub media_dir: std::path::PathBuf,
    /// Sender of outgoing email.
    #[arg(
        long,
        env = "BOOKABLE_MAIL_FROM",
        default_value = "Bookable <bookable@localhost>"
    )]
    pub mail_from: String,
    /// How long a picked time is held while the student fills in the booking form, in seconds.
    #[arg(long, env = "BOOKABLE_HOLD_SECONDS", default_value_t = 15 * 60,
          value_parser = clap::value_parser!(u32).range(1..=86_400))]
    pub hold_seconds: u32,
    /// How often expired holds and overdue payments are swept, in seconds.
    #[arg(long, env = "BOOKABLE_SWEEP_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=3_600))]
    pub sweep_seconds: u32,
    /// How often each process looks for emails due to go out, in milliseconds.
    #[arg(long, env = "BOOKABLE_JOB_POLL_MILLIS", default_value_t = 1_000,
          value_parser = clap::value_parser!(u32).range(10..=60_000))]
    pub job_poll_millis: u32,
    /// Multiplies every rate limit (sign-in, booking, emailed links per IP and per account),
    /// e.g. for load tests from a single address.
    #[arg(long, env = "BOOKABLE_RATE_LIMIT_FACTOR", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rate_limit_factor: u32,
    /// Take the client's address from `X-Forwarded-For` (set only behind a proxy that writes it).
    #[arg(long, env = "BOOKABLE_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,
    /// Runs the app this many hours ahead of the system clock, to try out on a copy of a
    /// database what reminders and surveys do later (end-to-end tests restart a server with
    /// it). Never set it on a live studio: every booking would see the wrong time.
    #[arg(long, env = "BOOKABLE_CLOCK_OFFSET_HOURS", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=8_760))]
    pub clock_offset_hours: u32,
    /// The key that seals studios' Stripe secrets in the database: 32 bytes in base64, read
    /// from the environment variable BOOKABLE_SECRETS_KEY only (a command line shows in `ps`).
    /// Every server process on one database needs the same key; without it, the key file is used.
    #[arg(skip = std::env::var("BOOKABLE_SECRETS_KEY").ok().filter(|key| !key.trim().is_empty()))]
    pub secrets_key: Option<String>,
    /// File holding the secrets key, created (readable by this user only) on first start when
    /// missing. Keep it out of the database's backups, and with them to restore.
    #[arg(
        long,
        env = "BOOKABLE_SECRETS_KEY_FILE",
        default_value = "data/secrets.key"
    )]
    pub secrets_key_file: std::path::PathBuf,
    /// Stripe's API address; tests point it at a local emulator.
    #[arg(
        long,
        env = "BOOKABLE_STRIPE_API_URL",
        default_value = "https://api.stripe.com/"
    )]
    pub stripe_api_url: String,
    /// The Stripe.js script students' payment pages load.
    #[arg(
        long,
        env = "BOOKABLE_STRIPE_JS_URL",
        default_value = "https://js.stripe.com/v3/"
    )]
    pub stripe_js_url: String,
}

/// Every setting, with the passwords in the database and SMTP URLs hidden: a configuration
/// printed to a log or a terminal never shows a secret.
impl std::fmt::Debug for Config {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Config")
            .field("addr", &self.addr)
            .field("database_url", &without_password(&self.database_url))
            .field("site_root", &self.site_root)
            .field("secure_cookies", &self.secure_cookies)
            .field("public_url", &self.public_url)
            .field("smtp_url", &self.smtp_url.as_deref().map(without_password))
            .field("outbox_dir", &self.outbox_dir)
            .field("media_dir", &self.media_dir)
            .field("mail_from", &self.mail_from)
            .field("hold_seconds", &self.hold_seconds)
            .field("sweep_seconds", &self.sweep_seconds)
            .field("job_poll_millis", &self.job_poll_millis)
            .field("rate_limit_factor", &self.rate_limit_factor)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("clock_offset_hours", &self.clock_offset_hours)
            .field(
                "secrets_key",
                &self.secrets_key.as_ref().map(|_| "<hidden>"),
            )
            .field("secrets_key_file", &self.secrets_key_file)
            .field("stripe_api_url", &self.stripe_api_url)
            .field("stripe_js_url", &self.stripe_js_url)
            .finish()
    }
}

/// A URL with the password of its `user:password@` part replaced by `***`.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl Config {
    /// The defaults, as when started without arguments.
    pub fn defaults() -> Self {
        <Self as clap::Parser>::parse_from(["bookable"])
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    pub fn mail_destination(&self) -> MailDestination {
        match &self.smtp_url {
            Some(url) if !url.trim().is_empty() => MailDestination::Smtp(url.trim().to_owned()),
            _ => MailDestination::Folder(self.outbox_dir.clone()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://USER@HOST/DB")]
    UnsupportedDatabase(String),
    #[error("could not open the database: {0}")]
    Database(#[from] store::StoreError),
    #[error("mail is not set up: {0}")]
    Mail(#[from] MailSetupError),
    #[error("could not listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(std::io::Error),
    #[error("the secrets key is not usable: {0}")]
    SecretsKey(String),
}

/// Opens the store the URL's scheme names, applying its migrations.
pub async fn connect_store(url: &str) -> Result<Arc<dyn Store>, StartError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(store_sqlite::SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(store_postgres::PostgresStore::connect(url).await?))
    } else {
        Err(StartError::UnsupportedDatabase(without_password(url)))
    }
}

pub fn connect_mailer(config: &Config) -> Result<Arc<dyn Mailer>, StartError> {
    Ok(app::server::mail::mailer(
        &config.mail_destination(),
        &config.mail_from,
    )?)
}

/// The key that signs students' links: created once, shared through the database by every
/// server process.
async fn link_signer(store: &dyn Store) -> Result<LinkSigner, StartError> {
    let candidate = app::server::tokens::random_token();
    let key = store.secret("link-signing-key", &candidate).await?;
    Ok(LinkSigner::new(key.as_bytes()))
}

/// The key sealing studios' secrets: the configured one, or the key file's, made on first
/// start. It must open what the database's first process sealed: a server started with
/// another key stops with a clear message instead of failing on every studio's Stripe keys.
async fn secrets_key(config: &Config, store: &dyn Store) -> Result<SecretsKey, StartError> {
    let key = match &config.secrets_key {
        Some(text) => SecretsKey::from_base64(text)
            .map_err(|error| StartError::SecretsKey(format!("BOOKABLE_SECRETS_KEY: {error}")))?,
        None => key_file(&config.secrets_key_file)?,
    };
    const CHECK: &str = "secrets-key-check";
    let sealed = store.secret(CHECK, &key.seal(CHECK, "bookable")).await?;
    if key.open(CHECK, &sealed).is_err() {
        return Err(StartError::SecretsKey(
            "it is not the key this database's secrets were sealed with; give every server \
             process the same BOOKABLE_SECRETS_KEY (or key file). If that key is lost, delete \
             the row 'secrets-key-check' of the table app_secrets and have every studio enter \
             its Stripe keys again"
                .to_owned(),
        ));
    }
    Ok(key)
}

fn key_file(path: &std::path::Path) -> Result<SecretsKey, StartError> {
    use std::io::Write;
    let failed = |error: &dyn std::fmt::Display| {
        StartError::SecretsKey(format!("{}: {error}", path.display()))
    };
    let read = || -> Result<SecretsKey, StartError> {
        let text = std::fs::read_to_string(path).map_err(|error| failed(&error))?;
        warn_if_others_can_read(path);
        SecretsKey::from_base64(&text).map_err(|error| failed(&error))
    };
    if path.exists() {
        return read();
    }
    if let Some(folder) = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).map_err(|error| failed(&error))?;
    }
    // Written whole to a file of its own, then linked into place: another process starting at
    // the same moment finds either no key file or a complete one, never half of one.
    let key = SecretsKey::generate();
    let draft = path.with_extension(format!(
        "draft-{}",
        app::server::tokens::random_token()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect::<String>()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&draft).and_then(|mut file| {
        writeln!(file, "{}", key.to_base64())?;
        file.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&draft, path));
    let _ = std::fs::remove_file(&draft);
    match linked {
        Ok(()) => {
            tracing::info!(file = %path.display(), "made a new secrets key");
            Ok(key)
        }
        // Another process made it first: use theirs.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => read(),
        Err(error) => Err(failed(&error)),
    }
}

/// The key file should be readable by the server's user only.
fn warn_if_others_can_read(path: &std::path::Path) {
    #[cfg(unix)]
    if let Ok(metadata) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        if metadata.permissions().mode() & 0o077 != 0 {
            tracing::warn!(file = %path.display(), "the secrets key file can be read by other users; chmod 600 it");
        }
    }
}

/// The whole application as an axum router, with this process's worker started: it sweeps
/// overdue holds and sends the emails the booking changes enqueued. Time comes from `clock`.
pub async fn router(
    config: &Config,
    store: Arc<dyn Store>,
    mailer: Arc<dyn Mailer>,
    clock: Arc<dyn Clock>,
) -> Result<Router, StartError> {
    let student_options = side_options(config, &STUDENT_SIDE);
    let instructor_options = side_options(config, &INSTRUCTOR_SIDE);
    let hashed_assets = student_options.hash_files && instructor_options.hash_files;
    let media = MediaStore::new(config.media_dir.clone());
    let links = link_signer(store.as_ref()).await?;
    let secrets = secrets_key(config, store.as_ref()).await?;
    let state = AppState::new(
        store,
        mailer,
        media,
        links,
        clock,
        secrets,
        AppSettings {
            public_url: config.public_url(),
            secure_cookies: config.secure_cookies,
            hold_length: chrono::Duration::seconds(i64::from(config.hold_seconds)),
            rate_limits: RateLimits::scaled(config.rate_limit_factor),
            stripe: StripeSettings {
                api_url: config.stripe_api_url.clone(),
                js_url: config.stripe_js_url.clone(),
            },
        },
    );
    app::server::jobs::spawn_worker(state.clone(), worker_settings(config));
    let uploads = uploads::routes(state.clone());
    let calendar = calendar::routes(state.clone());
    let exports = exports::routes(state.clone());
    let invoices = invoices::routes(state.clone());
    let signed_contracts = contracts::routes(state.clone());
    let bio_links = bio_link::routes(state.clone());
    let stripe_webhooks = stripe_webhooks::routes(state.clone());
    let provide_state = move || provide_context(state.clone());
    let student_routes = generate_route_list(StudentApp);
    // Server functions are registered once, with the student's routes.
    let server_fn_paths = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let instructor_routes =
        generate_route_list_with_exclusions(InstructorApp, Some(server_fn_paths));
    let server_fns = {
        let provide_state = provide_state.clone();
        move |request: Request| handle_server_fns_with_context(provide_state.clone(), request)
    };
    Ok(Router::new()
        .route("/api/{*name}", post(server_fns.clone()).get(server_fns))
        .merge(uploads)
        .merge(calendar)
        .merge(exports)
        .merge(invoices)
        .merge(signed_contracts)
        .merge(bio_links)
        .merge(stripe_webhooks)
        .nest_service("/media/covers", covers(&config.media_dir))
        .leptos_routes_with_context(
            &instructor_options,
            instructor_routes,
            provide_state.clone(),
            {
                let options = instructor_options.clone();
                move || app::instructor::shell(options.clone())
            },
        )
        .leptos_routes_with_context(&student_options, student_routes, provide_state, {
            let options = student_options.clone();
            move || app::student::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(app::student::shell))
        .layer(middleware::from_fn(typed_error_status))
        .layer(middleware::from_fn(dashboard_needs_session))
        .layer(middleware::from_fn_with_state(
            ResponsePolicy {
                hashed_assets,
                https: config.secure_cookies,
            },
            hardening_and_caching_headers,
        ))
        .layer(middleware::from_fn_with_state(
            PublicOrigin(Arc::from(config.public_url().trim_end_matches('/'))),
            same_origin_writes,
        ))
        .layer(middleware::from_fn_with_state(
            config.trust_forwarded_for,
            client_ip,
        ))
        .layer(CompressionLayer::new())
        .layer(request_trace())
        .layer(middleware::from_fn_with_state(
            RequestIds::new(),
            request_id,
        ))
        .with_state(student_options))
}

/// One side's WASM bundle as `cargo leptos build` makes it (the two `[[workspace.metadata.leptos]]`
/// projects): where its files are served from, and the file its hashed names are listed in.
pub struct Side {
    pub pkg_dir: &'static str,
    pub hash_file: &'static str,
}

/// The student's pages: studio, type, booking, account.
pub const STUDENT_SIDE: Side = Side {
    pkg_dir: "pkg",
    hash_file: "student-hash.txt",
};

/// The instructor's pages: home, accounts, dashboard.
pub const INSTRUCTOR_SIDE: Side = Side {
    pkg_dir: "ipkg",
    hash_file: "instructor-hash.txt",
};

/// The options a side's pages render with. cargo-leptos writes each side's hashes beside the
/// server binary, where Leptos reads them; a build without hashing (a test binary) has none.
fn side_options(config: &Config, side: &Side) -> LeptosOptions {
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|binary| binary.parent().map(|folder| folder.join(side.hash_file)))
        .is_some_and(|file| file.is_file());
    LeptosOptions::builder()
        .output_name("bookable")
        .site_root(config.site_root.as_str())
        .site_pkg_dir(side.pkg_dir)
        .site_addr(config.addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hashed)
        .hash_file(std::sync::Arc::from(side.hash_file))
        .build()
}

/// What every response's headers depend on.
#[derive(Debug, Clone, Copy)]
struct ResponsePolicy {
    hashed_assets: bool,
    /// Served over HTTPS (the operator turned secure cookies on): browsers keep to HTTPS.
    https: bool,
}

/// The usual hardening headers on every response, a locked-down policy on whatever is not a
/// page (pages send their own, with their nonce), and caching by kind: files whose names
/// change with their content are kept for a year, everything else is revalidated.
async fn hardening_and_caching_headers(
    axum::extract::State(policy): axum::extract::State<ResponsePolicy>,
    request: Request,
    next: Next,
) -> Response {
    use http::HeaderValue;
    use http::header::{
        CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
        STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
    };
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let headers = response.headers_mut();
    let mut default = |name: http::HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    default(X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Booking links carry their secret in the address: never hand it to another site.
    default(REFERRER_POLICY, "same-origin");
    default(X_FRAME_OPTIONS, "DENY");
    default(
        http::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    default(
        http::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if policy.https {
        default(STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    if !is_page {
        default(
            CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'; sandbox",
        );
    }
    let immutable = (policy.hashed_assets
        && (path.starts_with("/pkg/") || path.starts_with("/ipkg/")))
        || path.starts_with("/media/covers/");
    default(
        CACHE_CONTROL,
        if immutable {
            "public, max-age=31536000, immutable"
        } else if is_page {
            "private, no-cache"
        } else {
            "no-cache"
        },
    );
    response
}

/// The header that names a request: set by the server on every request (any value a client
/// sent is replaced) and echoed in the response, so a report can be matched to its log lines.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Names the requests one router serves: a prefix random per router, so ids are unlikely to
/// repeat across processes, and a counter, so they never repeat within one.
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<std::sync::atomic::AtomicU64>,
}

impl RequestIds {
    fn new() -> Self {
        let prefix: String = app::server::tokens::random_token()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(6)
            .collect();
        Self {
            prefix: Arc::from(prefix),
            next: Arc::default(),
        }
    }

    fn next_id(&self) -> String {
        let number = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{}-{number}", self.prefix)
    }
}

/// Gives each request an id and echoes it in the response.
async fn request_id(
    axum::extract::State(ids): axum::extract::State<RequestIds>,
    mut request: Request,
    next: Next,
) -> Response {
    let header = http::HeaderValue::from_str(&ids.next_id()).ok();
    if let Some(header) = &header {
        request
            .headers_mut()
            .insert(REQUEST_ID_HEADER, header.clone());
    }
    let mut response = next.run(request).await;
    if let Some(header) = header {
        response.headers_mut().insert(REQUEST_ID_HEADER, header);
    }
    response
}

type RequestSpan = fn(&http::Request<Body>) -> tracing::Span;
type ResponseLog = fn(&http::Response<Body>, std::time::Duration, &tracing::Span);

/// A span around every request (method, path, request id), and one line when it is answered
/// with its status and latency, at error level for a 5xx: everything logged while serving it,
/// such as a failing server function's store error, carries the request's span.
fn request_trace() -> tower_http::trace::TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    RequestSpan,
    (),
    ResponseLog,
    (),
    (),
    (),
> {
    let span: RequestSpan = |request| {
        let id = request
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %request.uri().path(),
            request_id = %id,
        )
    };
    let answered: ResponseLog = |response, latency, _span| {
        let status = response.status().as_u16();
        let latency_ms = latency.as_secs_f64() * 1000.0;
        if response.status().is_server_error() {
            tracing::error!(status, latency_ms, "request failed");
        } else {
            tracing::info!(status, latency_ms, "answered");
        }
    };
    tower_http::trace::TraceLayer::new_for_http()
        .make_span_with(span)
        .on_request(())
        .on_response(answered)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

/// Records the client's address for rate limiting: the connection's peer, or the last
/// `X-Forwarded-For` entry (the one the trusted proxy in front wrote) when so configured.
async fn client_ip(
    axum::extract::State(trust_forwarded_for): axum::extract::State<bool>,
    mut request: Request,
    next: Next,
) -> Response {
    let forwarded = trust_forwarded_for
        .then(|| {
            request
                .headers()
                .get("x-forwarded-for")
                .and_then(|value| value.to_str().ok())
                // The proxy appends the address it saw: the last entry is the one to trust.
                .and_then(|value| value.rsplit(',').next())
                .map(|ip| ip.trim().to_owned())
                .filter(|ip| !ip.is_empty())
        })
        .flatten();
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string());
    let ip = forwarded.or(peer).unwrap_or_else(|| "unknown".to_owned());
    request.extensions_mut().insert(ClientIp(ip));
    next.run(request).await
}

/// Serves the router on a bound listener, telling handlers each request's peer address.
pub async fn serve_router(listener: TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

fn worker_settings(config: &Config) -> WorkerSettings {
    WorkerSettings {
        poll_every: std::time::Duration::from_millis(u64::from(config.job_poll_millis)),
        sweep_every: std::time::Duration::from_secs(u64::from(config.sweep_seconds)),
        ..WorkerSettings::default()
    }
}

/// Uploaded covers, and nothing else of the media folder. The headers keep a file that only
/// starts like an image from ever being run as a page.
fn covers(
    media_dir: &std::path::Path,
) -> tower_http::set_header::SetResponseHeader<
    tower_http::set_header::SetResponseHeader<ServeDir, http::HeaderValue>,
    http::HeaderValue,
> {
    use http::HeaderValue;
    use http::header::{CONTENT_SECURITY_POLICY, X_CONTENT_TYPE_OPTIONS};
    use tower_http::set_header::SetResponseHeaderLayer;
    tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; sandbox"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .service(ServeDir::new(media_dir.join("covers")))
}

/// Server functions answer every error with 500; this gives typed errors their real status
/// (422 for invalid fields, 401 for signed-out callers, 409 for a taken slot…).
async fn typed_error_status(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Refuses state-changing requests that a browser sent from another site (CSRF): their `Origin`
/// names another host than the one addressed, or the browser marks them cross-site. Requests
/// without those headers come from programs, not from a page a victim visits, and pass.
async fn same_origin_writes(
    axum::extract::State(public): axum::extract::State<PublicOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method();
    let writes = !(method == http::Method::GET
        || method == http::Method::HEAD
        || method == http::Method::OPTIONS);
    if writes && is_cross_site(request.headers(), &public.0) {
        return (
            StatusCode::FORBIDDEN,
            "Refused: this request came from another website. Submit the form from Bookable's own pages.",
        )
            .into_response();
    }
    next.run(request).await
}

/// The configured public address (`--public-url`): behind a proxy that rewrites `Host`, pages
/// come from there.
#[derive(Debug, Clone)]
struct PublicOrigin(Arc<str>);

fn is_cross_site(headers: &http::HeaderMap, public_origin: &str) -> bool {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if header("sec-fetch-site") == Some("cross-site") {
        return true;
    }
    if header("origin").is_some_and(|origin| origin.eq_ignore_ascii_case(public_origin)) {
        return false;
    }
    match (header("origin"), header("host")) {
        // Browsers send "null" from sandboxed frames and some redirects: not our pages.
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .map(|(_, authority)| authority.trim_end_matches('/'))
            .is_none_or(|authority| !authority.eq_ignore_ascii_case(host)),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Sends visitors without a session cookie from dashboard pages to the sign-in page, so they
/// see one clear prompt instead of each section's "sign in required". An expired cookie still
/// reaches the page, whose sections then explain it.
async fn dashboard_needs_session(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_dashboard = path == "/dashboard" || path.starts_with("/dashboard/");
    let has_session = request
        .headers()
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .any(|pair| {
            pair.trim().split_once('=').is_some_and(|(name, value)| {
                name == app::server::auth::SESSION_COOKIE && !value.is_empty()
            })
        });
    if is_dashboard && !has_session && request.method() == http::Method::GET {
        return axum::response::Redirect::to("/signin").into_response();
    }
    next.run(request).await
}

/// Serves on an already bound listener until ctrl-c or SIGTERM.
pub async fn serve(config: Config, listener: TcpListener) -> Result<(), StartError> {
    let store = connect_store(&config.database_url).await?;
    let mailer = connect_mailer(&config)?;
    let clock: Arc<dyn Clock> = match config.clock_offset_hours {
        0 => Arc::new(SystemClock),
        hours => {
            tracing::warn!(hours, "the app runs ahead of the system clock");
            Arc::new(OffsetClock::ahead_by(chrono::Duration::hours(i64::from(
                hours,
            ))))
        }
    };
    let app = router(&config, store, mailer, clock).await?;
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(StartError::Serve)
}

pub async fn run(config: Config) -> Result<(), StartError> {
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Listen {
            addr: config.addr,
            source,
        })?;
    tracing::info!("Bookable is listening on http://{}", config.addr);
    if config.smtp_url.is_some() && config.public_url.is_none() {
        tracing::warn!(
            "BOOKABLE_PUBLIC_URL is not set: links in emails point to {}; set it to the address people open",
            config.public_url()
        );
    }
    serve(config, listener).await
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
